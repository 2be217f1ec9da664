// What a benchmark check is: the one check shape (src/core/check.ts), a pure function of the engine snapshot and host
// facts keyed by a catalogue id; its title and references come from the CIS catalogue entry of that id.
import { freezeMeta, type Check } from '../core/check.js';
import { cis } from '../core/finding.js';
import { nistRef } from '../core/nist-800-190.js';
import type { Severity, Verdict } from '../core/severity.js';
import type { EngineSnapshot } from '../engine/snapshot.js';
import { CATALOGUE_BY_ID } from './catalogue.js';
import type { HostFacts } from './host-facts.js';

export interface CheckContext {
  snapshot: EngineSnapshot;
  host: HostFacts;
  options: {
    trustedUsers: string[];
    /** Swarm mode is intended on this node (5.1 becomes INFO). */
    swarmIntended: boolean;
    now: Date;
  };
}

export interface CheckResult {
  verdict: Verdict;
  details?: string[];
  items?: string[];
}

/** What a check module writes: the logic and remediation for one catalogue id. */
export interface BenchCheckSpec {
  id: string;
  /** What docker-bench would call the remediation; shown with --remediation and in fix plans. */
  remediation: string;
  remediationImpact?: string;
  /** Severity of a WARN as a finding (default MEDIUM). */
  severity?: Severity;
  evaluate: (ctx: CheckContext) => CheckResult;
}

/** A registered benchmark check: one verdict per recommendation, metadata from the catalogue. */
export interface BenchCheck extends Check<CheckContext, CheckResult> {
  readonly remediationImpact?: string;
}

/**
 * Builds a benchmark check from its spec and the catalogue entry of its id: the title and the CIS and NIST SP 800-190
 * references are the catalogue's. An id that is not a CIS Docker Benchmark 1.6.0 recommendation is refused.
 */
export function defineBenchCheck(spec: BenchCheckSpec): BenchCheck {
  const entry = CATALOGUE_BY_ID.get(spec.id);
  if (!entry) throw new Error(`benchmark check ${spec.id}: no such recommendation in CIS Docker Benchmark 1.6.0`);
  const meta = freezeMeta({
    id: entry.id,
    title: entry.title,
    severity: spec.severity ?? 'MEDIUM',
    description: entry.title,
    remediation: spec.remediation,
    references: [cis(entry.id, entry.title), ...entry.nist.map((n) => nistRef(n))],
  });
  return { id: entry.id, meta, ...(spec.remediationImpact !== undefined ? { remediationImpact: spec.remediationImpact } : {}), evaluate: spec.evaluate };
}

export const pass = (...details: string[]): CheckResult => (details.length ? { verdict: 'PASS', details } : { verdict: 'PASS' });
export const warn = (details: string[] = [], items: string[] = []): CheckResult => ({ verdict: 'WARN', details, items });
export const info = (...details: string[]): CheckResult => ({ verdict: 'INFO', details });
export const note = (...details: string[]): CheckResult => ({ verdict: 'NOTE', details });

type Obj = Record<string, unknown>;

export function obj(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** A dockerd option from its command line (--name, --name=value) or daemon.json (key). */
export function daemonOption(ctx: CheckContext, flag: string, key = flag): string | boolean | string[] | undefined {
  const argv = ctx.host.daemon.argv ?? [];
  const values: string[] = [];
  let bare = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${flag}`) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        values.push(next);
        i++;
      } else bare = true;
    } else if (a.startsWith(`--${flag}=`)) values.push(a.slice(flag.length + 3));
  }
  if (values.length > 1) return values;
  if (values.length === 1) return values[0];
  if (bare) return true;
  const v = ctx.host.daemon.config?.[key];
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(String);
  if (v !== undefined && v !== null) return JSON.stringify(v);
  return undefined;
}

export function isTrue(v: string | boolean | string[] | undefined): boolean {
  return v === true || v === 'true' || v === '1';
}

export function isFalse(v: string | boolean | string[] | undefined): boolean {
  return v === false || v === 'false' || v === '0';
}
