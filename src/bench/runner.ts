// Runs one benchmark version's recommendations over one snapshot and one set of host facts: each recommendation by
// the check of its requirement; docker-bench's score and its JSON log.
import type { EngineSnapshot } from '../engine/snapshot.js';
import { findingOf } from '../core/check.js';
import type { Finding } from '../core/finding.js';
import { UserError } from '../core/errors.js';
import { english, joinMessages, listMessage, pushNote, type Message } from '../core/message.js';
import type { Verdict } from '../core/severity.js';
import { cis } from '../core/finding.js';
import { nistRef } from '../core/nist-800-190.js';
import { CATALOGUES, SECTIONS, cisEntry, describe, type CatalogueEntry, type CisVersion } from './catalogue.js';
import type { BenchCheck, CheckContext } from './check.js';
import { benchChecks } from './checks/index.js';
import { rootlessOf, rootlessVerdict } from './checks/rootless.js';
import { readBenchLog } from './log.js';
import { benchMessages as M } from './messages.js';

export interface BenchResult {
  /** The recommendation's id in the report's benchmark version. */
  id: string;
  /** The requirement the check evaluates (see CatalogueEntry.check): the same across versions that state it alike. */
  check?: string;
  title?: string;
  level?: 1 | 2;
  desc: string;
  section: string;
  verdict: Verdict;
  /** What the check saw, by message id: the printer says it in the reader's language. */
  details: Message[];
  items: string[];
  remediation: string;
  remediationImpact?: string;
  automated: boolean;
  /**
   * Whether the score and --exit-code count it: docker-bench-security's scored set (the 1.6.0 Automated label of the
   * requirement), whatever a later version labels it, so scores compare across versions; a new requirement is scored.
   */
  scored?: boolean;
  /** Why the recommendation does not apply to this engine (verdict INFO), e.g. on a rootless engine. */
  notApplicable?: Message;
}

export interface BenchReport {
  /** The CIS Docker Benchmark version: "1.8.0". */
  benchmark: CisVersion;
  /** Set when the engine runs rootless: the checks judged the rootless layout. */
  rootless?: boolean;
  node: string;
  start: number;
  end: number;
  results: BenchResult[];
  score: number;
  checks: number;
  /** Engine API calls the snapshot took. */
  apiCalls: number;
  /** What the engine did not answer (said by id). */
  errors: Message[];
  /** What was deliberately left out, e.g. swarmguard's own containers. */
  notes: string[];
}

export interface Selection {
  checks?: string[];
  exclude?: string[];
  /** The benchmark version (default 1.6.0, the ids docker-bench-security uses; `bench` itself defaults to the newest). */
  cis?: CisVersion;
}

const matches = (id: string, sel: string): boolean => id === sel || id.startsWith(`${sel}.`);

export function parseSelection(list: string | undefined, flag: string, version: CisVersion = '1.6.0'): string[] | undefined {
  if (list === undefined || list.trim() === '') return undefined;
  const parts = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of parts) {
    const known = CATALOGUES[version].some((c) => matches(c.id, p)) || Object.keys(SECTIONS).includes(p);
    if (!known) throw new UserError(M.say('bench.selection.unknown', { flag, id: p, version }), { hint: M.say('bench.selection.hint') });
  }
  return parts;
}

/** One recommendation's result from its requirement's check. */
function evaluateEntry(entry: CatalogueEntry, check: BenchCheck, ctx: CheckContext): BenchResult {
  let r;
  try {
    r = rootlessVerdict(entry.check, ctx) ?? check.evaluate(ctx);
  } catch (e) {
    // A check that cannot evaluate says so; it never turns into a PASS.
    r = { verdict: 'INFO' as const, details: [M.say('bench.couldNotEvaluate', { error: (e as Error).message })], notApplicable: undefined };
  }
  return {
    id: entry.id,
    check: entry.check,
    title: entry.title,
    level: entry.level,
    desc: describe(entry),
    section: entry.section,
    verdict: r.verdict,
    details: r.details ?? [],
    items: r.items ?? [],
    remediation: check.meta.remediation,
    ...(check.remediationImpact ? { remediationImpact: check.remediationImpact } : {}),
    automated: entry.automated,
    scored: cisEntry('1.6.0', entry.check)?.automated ?? true,
    ...(r.notApplicable !== undefined ? { notApplicable: r.notApplicable } : {}),
  };
}

/** Whether a result counts in the score and for --exit-code (see BenchResult.scored). */
export const isScored = (r: BenchResult): boolean => r.scored ?? r.automated;

export function runBench(ctx: CheckContext, selection: Selection = {}, startedAt = Date.now()): BenchReport {
  const version = selection.cis ?? '1.6.0';
  const results: BenchResult[] = [];
  for (const entry of CATALOGUES[version]) {
    if (selection.checks && !selection.checks.some((s) => matches(entry.id, s))) continue;
    if (selection.exclude?.some((s) => matches(entry.id, s))) continue;
    const check = benchChecks.get(entry.check);
    if (!check) continue;
    results.push(evaluateEntry(entry, check, ctx));
  }
  const score = results.reduce((s, r) => s + (isScored(r) ? (r.verdict === 'PASS' ? 1 : r.verdict === 'WARN' ? -1 : 0) : 0), 0);
  return {
    benchmark: version,
    ...(rootlessOf(ctx) ? { rootless: true } : {}),
    // The node is the engine's: when DOCKER_HOST points elsewhere, the engine checks are about that node.
    node: typeof ctx.snapshot.info.Name === 'string' && ctx.snapshot.info.Name !== '' ? ctx.snapshot.info.Name : ctx.host.hostname,
    start: Math.floor(startedAt / 1000),
    end: Math.floor(Date.now() / 1000),
    results,
    score,
    checks: results.length,
    apiCalls: ctx.snapshot.apiCalls,
    errors: ctx.snapshot.errors,
    notes: excludedNote(ctx.snapshot.excluded),
  };
}

/** Says which of swarmguard's own containers and services (label com.swarmguard.role) were left out. */
export function excludedNote(excluded: EngineSnapshot['excluded']): string[] {
  if (excluded.length === 0) return [];
  const notes: string[] = [];
  const items = listMessage(excluded.map((e) => M.say('bench.note.excludedItem', { kind: e.kind, name: e.name, role: e.role })));
  pushNote(notes, M.say('bench.note.excluded', { items }));
  return notes;
}

/**
 * The JSON log docker-bench-security writes, with its keys, so existing consumers keep working; `say` renders what the
 * checks saw (English by default, the reader's language when printed).
 */
/**
 * The run as docker-bench-security's JSON log. With `said`, each result also carries what its check saw as messages
 * by id (`details-said`), so that a reader elsewhere (the manager of --all-nodes) renders them in its own language.
 */
export function dockerBenchJson(report: BenchReport, say: (m: Message) => string = english, options: { said?: boolean } = {}): Record<string, unknown> {
  const tests: { id: string; desc: string; results: Record<string, unknown>[] }[] = [];
  for (const r of report.results) {
    const top = r.id.split('.')[0]!;
    let t = tests.find((x) => x.id === top);
    if (!t) {
      t = { id: top, desc: SECTIONS[top] ?? top, results: [] };
      tests.push(t);
    }
    t.results.push({
      id: r.id,
      desc: r.desc,
      result: r.verdict,
      ...(r.notApplicable !== undefined ? { 'not-applicable': say(r.notApplicable) } : {}),
      ...(r.details.length > 0 ? { details: r.details.map((m) => english(m)).join('; ') } : {}),
      ...(options.said === true && r.details.length > 0 ? { 'details-said': r.details } : {}),
      ...(r.items.length > 0 ? { items: r.items } : {}),
      remediation: r.remediation,
      ...(r.remediationImpact ? { 'remediation-impact': r.remediationImpact } : {}),
    });
  }
  return {
    // docker-bench-security's key, whose value is the CIS version it implements; `cis` says the same for every version.
    dockerbenchsecurity: report.benchmark,
    cis: report.benchmark,
    ...(report.rootless ? { rootless: true } : {}),
    tool: 'swarmguard',
    node: report.node,
    start: report.start,
    tests,
    checks: report.checks,
    score: report.score,
    end: report.end,
    ...(report.notes.length > 0 ? { notes: report.notes } : {}),
  };
}

/** A WARN on a node as a finding: the check's metadata (severity, remediation) with the version's id, title and references. */
function warnFinding(
  check: BenchCheck,
  entry: CatalogueEntry,
  version: CisVersion,
  hostname: string,
  details: string,
  items: readonly string[],
  said?: readonly Message[],
): Finding {
  const meta = {
    ...check.meta,
    id: entry.id,
    title: entry.title,
    description: entry.title,
    references: [cis(entry.id, entry.title, version), ...entry.nist.map((n) => nistRef(n))],
  };
  return findingOf(
    meta,
    {
      verdict: 'WARN',
      target: { kind: 'node', hostname },
      message: details !== '' ? `${entry.title}: ${details}` : entry.title,
      ...(items.length > 0 ? { items: [...items] } : {}),
      // What the check saw by id, kept with the finding: said in the reader's language after JSON and the history.
      ...(said !== undefined && said.length > 0 ? { said: { message: joinMessages(said, '; ') } } : {}),
    },
    'bench',
  );
}

/**
 * WARNs of a JSON log (e.g. one node's --all-nodes result) as findings for that node. The log names its version
 * (`cis`); a log without one is docker-bench's, CIS 1.6.0.
 */
export function findingsFromLog(log: Record<string, unknown>, hostname: string): Finding[] {
  const { version, results } = readBenchLog(log);
  return results.flatMap((r) => {
    const entry = r.result === 'WARN' ? cisEntry(version, r.id) : undefined;
    const check = entry ? benchChecks.get(entry.check) : undefined;
    // What the check saw, in English (the finding keeps the messages the node sent by id, for the reader's language).
    const details = r.said !== undefined ? r.said.map((m) => english(m)).join('; ') : r.details;
    return entry && check ? [warnFinding(check, entry, version, hostname, details, r.items, r.said)] : [];
  });
}

/** WARNs as findings, for the SARIF and JSON reporters; what the checks saw is kept by id (localizeFindings says it). */
export function benchFindings(report: BenchReport): Finding[] {
  return report.results.flatMap((r) => {
    const entry = r.verdict === 'WARN' ? cisEntry(report.benchmark, r.id) : undefined;
    const check = entry ? benchChecks.get(entry.check) : undefined;
    return entry && check ? [warnFinding(check, entry, report.benchmark, report.node, r.details.map((m) => english(m)).join('; '), r.items, r.details)] : [];
  });
}

/** One requirement of a comparison of two benchmark versions on the same host. */
export interface CisComparison {
  check: string;
  from?: { id: string; title: string; verdict: Verdict; automated: boolean; level: 1 | 2 };
  to?: { id: string; title: string; verdict: Verdict; automated: boolean; level: 1 | 2 };
  /** What changes for this host: the recommendation is added or removed, renumbered, relabelled, or its verdict differs. */
  changes: ('added' | 'removed' | 'renumbered' | 'title' | 'automated' | 'level' | 'verdict')[];
}

/** What moving from one benchmark version to another changes on this host, requirement by requirement. */
export function compareCis(from: BenchReport, to: BenchReport): CisComparison[] {
  const side = (r: BenchResult) => ({ id: r.id, title: r.title ?? r.desc, verdict: r.verdict, automated: r.automated, level: r.level ?? 1 });
  const key = (r: BenchResult) => r.check ?? r.id;
  const before = new Map(from.results.map((r) => [key(r), r]));
  const after = new Map(to.results.map((r) => [key(r), r]));
  const out: CisComparison[] = [];
  for (const r of to.results) {
    const old = before.get(key(r));
    const now = side(r);
    if (!old) {
      out.push({ check: key(r), to: now, changes: ['added'] });
      continue;
    }
    const was = side(old);
    const changes: CisComparison['changes'] = [];
    if (was.id !== now.id) changes.push('renumbered');
    if (was.title !== now.title) changes.push('title');
    if (was.automated !== now.automated) changes.push('automated');
    if (was.level !== now.level) changes.push('level');
    if (was.verdict !== now.verdict) changes.push('verdict');
    out.push({ check: key(r), from: was, to: now, changes });
  }
  for (const r of from.results) if (!after.has(key(r))) out.push({ check: key(r), from: side(r), changes: ['removed'] });
  return out;
}
