// The image-scan use case: match an inventory, then apply the user's filters (severity, unfixed, ignore file).
import type { Finding } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import type { Inventory } from '../packages/types.js';
import type { VulnStore } from '../vulndb/store.js';
import { applyIgnore, type IgnorePolicy } from './ignore.js';
import { matchInventory, type ScanTarget } from './match.js';

export interface ScanOptions {
  /** Only these severities are reported (and count for --exit-code). Undefined: all. */
  severities?: readonly Severity[];
  /** Leave out vulnerabilities without a fixed version (affected, will-not-fix). */
  ignoreUnfixed?: boolean;
  ignore?: IgnorePolicy;
  now?: Date;
}

export interface ScanReport {
  ref: string;
  inventory: Inventory;
  targets: ScanTarget[];
  /** What is reported, after every filter. */
  findings: Finding[];
  /** Matched but left out by the ignore file. */
  ignored: Finding[];
  /** Everything the matcher found, before filters. */
  all: Finding[];
  notes: string[];
}

/** Targets whose packages were not checked: no feed for the OS, or none imported for its release. */
export function uncoveredTargets(report: Pick<ScanReport, 'targets'>): ScanTarget[] {
  return report.targets.filter((t) => !t.covered);
}

/** The general notes and each target's notes (once per target), for reports that have one notes list. */
export function allNotes(report: Pick<ScanReport, 'notes' | 'targets'>): string[] {
  return [...report.targets.flatMap((t) => t.notes.map((n) => `${t.label}: ${n}`)), ...report.notes];
}

export function filterFindings(findings: readonly Finding[], options: Pick<ScanOptions, 'severities' | 'ignoreUnfixed'>): Finding[] {
  return findings.filter((f) => {
    if (options.severities && !options.severities.includes(f.severity)) return false;
    if (options.ignoreUnfixed && f.vulnerability?.status !== 'fixed') return false;
    return true;
  });
}

export function scanInventory(store: VulnStore, inventory: Inventory, options: ScanOptions = {}): ScanReport {
  const match = matchInventory(store, inventory, options.now);
  const filtered = filterFindings(match.findings, options);
  const ign = applyIgnore(filtered, options.ignore, options.now);
  const notes = [...inventory.warnings.map((w) => `inventory: ${w}`), ...match.warnings];
  for (const e of ign.expired) {
    notes.push(`${options.ignore?.file ?? 'ignore file'}:${e.line}: the entry for ${e.id} expired on ${e.expires ?? ''}; it is reported again`);
  }
  if (ign.ignored.length > 0) notes.push(`${ign.ignored.length} finding(s) ignored by ${options.ignore?.file ?? 'the ignore file'}`);
  return { ref: inventory.ref, inventory, targets: match.targets, findings: ign.kept, ignored: ign.ignored, all: match.findings, notes };
}
