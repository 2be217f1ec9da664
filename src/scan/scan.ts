// The image-scan use case: match an inventory, then apply the user's filters (severity, unfixed, ignore file).
import { english, type Message } from '../core/message.js';
import { scanMessages } from './messages.js';
import type { Finding } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import type { Inventory } from '../packages/types.js';
import type { VulnStore } from '../vulndb/store.js';
import { applyIgnore, type IgnorePolicy } from './ignore.js';
import { matchInventory, type ScanTarget } from './match.js';
import { enrichFindings, passesExploitFilter, sortByRisk, type ExploitationSummary, type ExploitFilter } from './risk.js';
import { applyVex, type VexDocument } from './vex.js';

export interface ScanOptions {
  /** Only these severities are reported (and count for --exit-code). Undefined: all. */
  severities?: readonly Severity[];
  /** Leave out vulnerabilities without a fixed version (affected, will-not-fix). */
  ignoreUnfixed?: boolean;
  ignore?: IgnorePolicy;
  now?: Date;
  /** --kev-only, --epss-min. */
  exploit?: ExploitFilter;
  /** --vex documents, applied after the filters and before the ignore file. */
  vex?: readonly VexDocument[];
  /** --sort risk: KEV first, then EPSS × severity weight; otherwise the matcher's order. */
  sort?: 'severity' | 'risk';
}

export interface ScanReport {
  ref: string;
  inventory: Inventory;
  targets: ScanTarget[];
  /** What is reported, after every filter. */
  findings: Finding[];
  /** Matched but left out by the ignore file. */
  ignored: Finding[];
  /** Left out because a VEX statement says not_affected or fixed (each carries vulnerability.vex). */
  suppressed: Finding[];
  /** The KEV and EPSS data the database holds (absent: none, so findings carry no kev/epss). */
  exploitation: ExploitationSummary;
  sort: 'severity' | 'risk';
  /** Everything the matcher found, before filters. */
  all: Finding[];
  notes: string[];
  /** The notes said by id (KEV/EPSS, VEX), keyed by their English in `notes`: the table says them in the reader's language. */
  said?: ReadonlyMap<string, Message>;
}

/** Targets whose packages were not checked: no feed for the OS, or none imported for its release. */
export function uncoveredTargets(report: Pick<ScanReport, 'targets'>): ScanTarget[] {
  return report.targets.filter((t) => !t.covered);
}

/** The general notes and each target's notes (once per target), for reports that have one notes list. */
export function allNotes(report: Pick<ScanReport, 'notes' | 'targets'>): string[] {
  return [...report.targets.flatMap((t) => t.notes.map((n) => `${t.label}: ${n}`)), ...report.notes];
}

export function filterFindings(findings: readonly Finding[], options: Pick<ScanOptions, 'severities' | 'ignoreUnfixed' | 'exploit'>): Finding[] {
  return findings.filter((f) => {
    if (options.severities && !options.severities.includes(f.severity)) return false;
    if (options.ignoreUnfixed && f.vulnerability?.status !== 'fixed') return false;
    if (options.exploit && !passesExploitFilter(f, options.exploit)) return false;
    return true;
  });
}

export function scanInventory(store: VulnStore, inventory: Inventory, options: ScanOptions = {}): ScanReport {
  const match = matchInventory(store, inventory, options.now);
  const exploitation = store.exploitationData();
  enrichFindings(match.findings, store);
  const filtered = filterFindings(match.findings, options);
  const vex = applyVex(filtered, options.vex ?? [], {
    ref: inventory.ref,
    digests: [inventory.repoDigest, inventory.imageId].filter((d): d is string => d !== undefined).map((d) => d.replace(/^.*@/, '')),
  });
  const ign = applyIgnore(vex.kept, options.ignore, options.now);
  const notes = [...inventory.warnings.map((w) => `inventory: ${w}`), ...match.warnings, ...vex.notes];
  const said: Message[] = [...(vex.said ?? [])];
  if (
    (options.exploit?.kevOnly || options.exploit?.epssMin !== undefined || options.sort === 'risk') &&
    exploitation.kevEntries === 0 &&
    exploitation.epssDate === undefined
  ) {
    said.push(scanMessages.say('scan.note.noExploitation'));
    notes.push(english(said[said.length - 1]!));
  }
  for (const e of ign.expired) {
    notes.push(`${options.ignore?.file ?? 'ignore file'}:${e.line}: the entry for ${e.id} expired on ${e.expires ?? ''}; it is reported again`);
  }
  if (ign.ignored.length > 0) notes.push(`${ign.ignored.length} finding(s) ignored by ${options.ignore?.file ?? 'the ignore file'}`);
  const sort = options.sort ?? 'severity';
  return {
    ref: inventory.ref,
    inventory,
    targets: match.targets,
    findings: sort === 'risk' ? sortByRisk(ign.kept) : ign.kept,
    ignored: ign.ignored,
    suppressed: vex.suppressed,
    exploitation,
    sort,
    all: match.findings,
    notes,
    said: new Map(said.map((m) => [english(m), m])),
  };
}
