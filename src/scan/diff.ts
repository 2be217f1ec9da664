// Compares the vulnerabilities of two images: what B fixes, what it adds, what both have, per severity.
import type { Finding } from '../core/finding.js';
import { compareSeverity, SEVERITIES, severityRank, type Severity } from '../core/severity.js';
import { countMessage } from './coverage.js';
import type { ScanReport } from './scan.js';
import { english, listMessage, pushNote, type Message } from '../core/message.js';
import { scanMessages } from './messages.js';
import { scanNoteMessages } from './note-messages.js';

export interface DiffRow {
  severity: Severity;
  fixed: number;
  added: number;
  common: number;
}

export interface DiffEntry {
  id: string;
  severity: Severity;
  packages: string[];
  title: string;
}

export interface DiffReport {
  a: string;
  b: string;
  rows: DiffRow[];
  fixed: DiffEntry[];
  added: DiffEntry[];
  common: DiffEntry[];
  caveats: string[];
  /** Per image, the targets whose packages were not checked. */
  uncovered: { a: string[]; b: string[] };
  /** True when neither image had anything checked: an empty diff then means nothing. */
  nothingCompared: boolean;
  /** The line to copy into a ticket: "A: 3 vulnerabilities, B: not covered". */
  summary: string;
}

function byId(findings: readonly Finding[]): Map<string, DiffEntry> {
  const m = new Map<string, DiffEntry>();
  for (const f of findings) {
    const pkg = f.vulnerability?.package ?? '';
    const cur = m.get(f.id);
    if (!cur) m.set(f.id, { id: f.id, severity: f.severity, packages: [pkg], title: f.title });
    else {
      if (severityRank(f.severity) > severityRank(cur.severity)) cur.severity = f.severity;
      if (!cur.packages.includes(pkg)) cur.packages.push(pkg);
    }
  }
  return m;
}

const order = (x: DiffEntry, y: DiffEntry): number => compareSeverity(x.severity, y.severity) || x.id.localeCompare(y.id);

/** The line to copy into a ticket, by id: "A: 3 vulnerabilities, B: not covered". */
export function diffSummary(a: ScanReport, b: ScanReport): Message {
  // A list of the two sides: each language joins them with its own separator.
  return listMessage([
    scanMessages.say('scan.diff.side', { side: 'A', count: countMessage(a) }),
    scanMessages.say('scan.diff.side', { side: 'B', count: countMessage(b) }),
  ]);
}

/** Vulnerabilities are compared by id (the CVE where there is one), so different feeds and package names line up. */
export function diffScans(a: ScanReport, b: ScanReport): DiffReport {
  const ma = byId(a.findings);
  const mb = byId(b.findings);
  const fixed = [...ma.values()].filter((e) => !mb.has(e.id)).sort(order);
  const added = [...mb.values()].filter((e) => !ma.has(e.id)).sort(order);
  const common = [...mb.values()].filter((e) => ma.has(e.id)).sort(order);
  const rows = SEVERITIES.map((severity) => ({
    severity,
    fixed: fixed.filter((e) => e.severity === severity).length,
    added: added.filter((e) => e.severity === severity).length,
    common: common.filter((e) => e.severity === severity).length,
  }));
  const caveats: string[] = [];
  const fa = a.inventory.os?.family;
  const fb = b.inventory.os?.family;
  if ((fa === 'alpine') !== (fb === 'alpine') && (fa !== undefined || fb !== undefined)) {
    const alp = fa === 'alpine' ? a.ref : b.ref;
    pushNote(caveats, scanNoteMessages.say('scan.caveat.alpine', { alpine: alp, other: fa === 'alpine' ? b.ref : a.ref }));
  }
  if (fa !== undefined && fb !== undefined && fa !== fb) {
    pushNote(caveats, scanNoteMessages.say('scan.caveat.distributions', { a: fa, b: fb }));
  }
  const uncovered = { a: a.targets.filter((t) => !t.covered).map((t) => t.label), b: b.targets.filter((t) => !t.covered).map((t) => t.label) };
  const checked = (r: ScanReport) => r.targets.some((t) => t.covered);
  const nothingCompared = !checked(a) && !checked(b);
  for (const [ref, list] of [
    [a.ref, uncovered.a],
    [b.ref, uncovered.b],
  ] as const) {
    if (list.length > 0) pushNote(caveats, scanNoteMessages.say('scan.caveat.uncovered', { ref, targets: list.join(', ') }));
  }
  if (nothingCompared) pushNote(caveats, scanNoteMessages.say('scan.caveat.nothingCompared'));
  const summary = english(diffSummary(a, b));
  return { a: a.ref, b: b.ref, rows, fixed, added, common, caveats, uncovered, nothingCompared, summary };
}
