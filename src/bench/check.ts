// What a benchmark check is: a pure function of the engine snapshot and host facts, keyed by a catalogue id.
import type { Severity, Verdict } from '../core/severity.js';
import type { EngineSnapshot } from '../engine/snapshot.js';
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

export interface BenchCheck {
  id: string;
  /** What docker-bench would call the remediation; shown with --remediation and in fix plans. */
  remediation: string;
  remediationImpact?: string;
  /** Severity of a WARN as a finding (default MEDIUM). */
  severity?: Severity;
  run(ctx: CheckContext): CheckResult;
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
