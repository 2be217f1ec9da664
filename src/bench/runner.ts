// Runs the selected checks over one snapshot and one set of host facts; docker-bench's score and its JSON log.
import type { EngineSnapshot } from '../engine/snapshot.js';
import { findingOf } from '../core/check.js';
import type { Finding } from '../core/finding.js';
import { UserError } from '../core/errors.js';
import type { Verdict } from '../core/severity.js';
import { CATALOGUE, SECTIONS, describe } from './catalogue.js';
import type { BenchCheck, CheckContext } from './check.js';
import { benchChecks } from './checks/index.js';

const BENCHMARK_VERSION = '1.6.0';

export interface BenchResult {
  id: string;
  desc: string;
  section: string;
  verdict: Verdict;
  details: string[];
  items: string[];
  remediation: string;
  remediationImpact?: string;
  automated: boolean;
}

export interface BenchReport {
  benchmark: string;
  node: string;
  start: number;
  end: number;
  results: BenchResult[];
  score: number;
  checks: number;
  /** Engine API calls the snapshot took. */
  apiCalls: number;
  errors: string[];
  /** What was deliberately left out, e.g. swarmguard's own containers. */
  notes: string[];
}

export interface Selection {
  checks?: string[];
  exclude?: string[];
}

const matches = (id: string, sel: string): boolean => id === sel || id.startsWith(`${sel}.`);

export function parseSelection(list: string | undefined, flag: string): string[] | undefined {
  if (list === undefined || list.trim() === '') return undefined;
  const parts = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of parts) {
    const known = CATALOGUE.some((c) => matches(c.id, p)) || Object.keys(SECTIONS).includes(p);
    if (!known)
      throw new UserError(`${flag}: no check or section "${p}" in CIS Docker Benchmark ${BENCHMARK_VERSION}`, {
        hint: 'use ids like 1.1.3 or sections like 5 or 1.1',
      });
  }
  return parts;
}

export function runBench(ctx: CheckContext, selection: Selection = {}, startedAt = Date.now()): BenchReport {
  const results: BenchResult[] = [];
  for (const entry of CATALOGUE) {
    if (selection.checks && !selection.checks.some((s) => matches(entry.id, s))) continue;
    if (selection.exclude?.some((s) => matches(entry.id, s))) continue;
    const check = benchChecks.get(entry.id);
    if (!check) continue;
    let r;
    try {
      r = check.evaluate(ctx);
    } catch (e) {
      // A check that cannot evaluate says so; it never turns into a PASS.
      r = { verdict: 'INFO' as const, details: [`could not evaluate: ${(e as Error).message}`] };
    }
    results.push({
      id: entry.id,
      desc: describe(entry),
      section: entry.section,
      verdict: r.verdict,
      details: r.details ?? [],
      items: r.items ?? [],
      remediation: check.meta.remediation,
      ...(check.remediationImpact ? { remediationImpact: check.remediationImpact } : {}),
      automated: entry.automated,
    });
  }
  const score = results.reduce((s, r) => s + (r.automated ? (r.verdict === 'PASS' ? 1 : r.verdict === 'WARN' ? -1 : 0) : 0), 0);
  return {
    benchmark: BENCHMARK_VERSION,
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
  return [`excluded swarmguard's own ${excluded.map((e) => `${e.kind} ${e.name} (${e.role})`).join(', ')}: label com.swarmguard.role`];
}

/** The JSON log docker-bench-security writes, with its keys, so existing consumers keep working. */
export function dockerBenchJson(report: BenchReport): Record<string, unknown> {
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
      ...(r.details.length > 0 ? { details: r.details.join('; ') } : {}),
      ...(r.items.length > 0 ? { items: r.items } : {}),
      remediation: r.remediation,
      ...(r.remediationImpact ? { 'remediation-impact': r.remediationImpact } : {}),
    });
  }
  return {
    dockerbenchsecurity: report.benchmark,
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

/** A WARN on a node as a finding: the check's metadata (title, severity, CIS and NIST references) plus the details. */
function warnFinding(check: BenchCheck, hostname: string, details: string, items: readonly string[]): Finding {
  const title = check.meta.title;
  return findingOf(
    check.meta,
    {
      verdict: 'WARN',
      target: { kind: 'node', hostname },
      message: details !== '' ? `${title}: ${details}` : title,
      ...(items.length > 0 ? { items: [...items] } : {}),
    },
    'bench',
  );
}

/** WARNs of a docker-bench JSON log (e.g. one node's --all-nodes result) as findings for that node. */
export function findingsFromLog(log: Record<string, unknown>, hostname: string): Finding[] {
  const tests = Array.isArray(log.tests) ? (log.tests as { results?: { id?: string; result?: string; details?: string; items?: string[] }[] }[]) : [];
  return tests
    .flatMap((t) => t.results ?? [])
    .flatMap((r) => {
      const check = r.result === 'WARN' && typeof r.id === 'string' ? benchChecks.get(r.id) : undefined;
      return check ? [warnFinding(check, hostname, r.details ?? '', Array.isArray(r.items) ? r.items.map(String) : [])] : [];
    });
}

/** WARNs as findings, for the SARIF and JSON reporters. */
export function benchFindings(report: BenchReport): Finding[] {
  return report.results.flatMap((r) => {
    const check = r.verdict === 'WARN' ? benchChecks.get(r.id) : undefined;
    return check ? [warnFinding(check, report.node, r.details.join('; '), r.items)] : [];
  });
}
