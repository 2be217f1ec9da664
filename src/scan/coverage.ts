// Whether a scan's counts mean anything: a target with no advisories checked is "not covered", never a clean 0.
// Every place that shows a count (the table's totals, the diff's summary, the batch summary, JSON, HTML, history)
// says so with these words.
import type { ScanTarget } from './match.js';

export interface Coverage {
  /** Every target with packages was checked against advisories. */
  covered: boolean;
  /** Not one target was checked: the count says nothing. */
  nothingCovered: boolean;
  /** Labels of the targets that were not checked. */
  uncovered: string[];
}

export function coverageOf(report: { targets: readonly Pick<ScanTarget, 'label' | 'covered'>[] }): Coverage {
  const uncovered = report.targets.filter((t) => !t.covered).map((t) => t.label);
  return { covered: uncovered.length === 0, nothingCovered: uncovered.length > 0 && uncovered.length === report.targets.length, uncovered };
}

/**
 * One image's count for a summary line: "not covered" when nothing was checked, "N vulnerabilities" when all was,
 * else "N vulnerabilities (not covered: LABELS)".
 */
export function countWords(report: { targets: readonly Pick<ScanTarget, 'label' | 'covered'>[]; findings: readonly unknown[] }): string {
  const c = coverageOf(report);
  if (c.nothingCovered) return 'not covered';
  const n = `${report.findings.length} vulnerabilities`;
  return c.covered ? n : `${n} (not covered: ${c.uncovered.join(', ')})`;
}
