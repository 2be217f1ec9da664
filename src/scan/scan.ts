// The image-scan use case: match an inventory, then apply the user's filters (severity, unfixed, ignore file).
import { joinNotes, notesOf, notesSaid, pushNote } from '../core/message.js';
import { scanNoteMessages } from './note-messages.js';
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
  /** Each note's message is kept with the list (pushNote): `notesSaid(notes)` says them in the reader's language. */
  notes: string[];
}

/** Targets whose packages were not checked: no feed for the OS, or none imported for its release. */
export function uncoveredTargets(report: Pick<ScanReport, 'targets'>): ScanTarget[] {
  return report.targets.filter((t) => !t.covered);
}

/** The general notes and each target's notes (once per target), for reports that have one notes list. */
export function allNotes(report: Pick<ScanReport, 'notes' | 'targets'>): string[] {
  const out: string[] = [];
  for (const t of report.targets) for (const note of notesSaid(t.notes)) pushNote(out, scanNoteMessages.say('scan.note.ofTarget', { target: t.label, note }));
  return joinNotes(out, report.notes);
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
  // Each note keeps its message with the list (pushNote): the table and text say it in the reader's language.
  const notes = joinNotes(
    notesOf(inventory.warnings.map((warning) => scanNoteMessages.say('scan.note.inventory', { warning }))),
    notesOf(match.warnings),
    vex.notes,
  );
  if (
    (options.exploit?.kevOnly || options.exploit?.epssMin !== undefined || options.sort === 'risk') &&
    exploitation.kevEntries === 0 &&
    exploitation.epssDate === undefined
  )
    pushNote(notes, scanMessages.say('scan.note.noExploitation'));
  const file = options.ignore?.file ?? scanNoteMessages.say('scan.note.ignoreFile');
  for (const e of ign.expired) pushNote(notes, scanNoteMessages.say('scan.note.ignoreExpired', { file, line: e.line, id: e.id, date: e.expires ?? '' }));
  if (ign.ignored.length > 0) pushNote(notes, scanNoteMessages.say('scan.note.ignored', { count: ign.ignored.length, file }));
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
  };
}
