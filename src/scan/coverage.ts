// Whether a scan's counts mean anything: a target with no advisories checked is "not covered", never a clean 0.
// Every place that shows a count (the table's totals, the diff's summary, the batch summary, JSON, HTML, history)
// says so with these words.
import { english, listMessage, type Message } from '../core/message.js';
import type { ScanTarget } from './match.js';
import { scanMessages } from './messages.js';

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
 * else "N vulnerabilities (not covered: LABELS)"; said by id, for the printer to render in its reader's language.
 */
export function countMessage(report: { targets: readonly Pick<ScanTarget, 'label' | 'covered'>[]; findings: readonly unknown[] }): Message {
  const c = coverageOf(report);
  if (c.nothingCovered) return scanMessages.say('scan.count.notCovered');
  const count = report.findings.length;
  return c.covered ? scanMessages.say('scan.count.all', { count }) : scanMessages.say('scan.count.part', { count, targets: listMessage(c.uncovered) });
}

/** The count in English (what JSON and the history keep). */
export function countWords(report: { targets: readonly Pick<ScanTarget, 'label' | 'covered'>[]; findings: readonly unknown[] }): string {
  return english(countMessage(report));
}
