// What a benchmark check is: the one check shape (src/core/check.ts), a pure function of the engine snapshot and host
// facts, written once per requirement and keyed by the requirement (the `check` of the catalogue entries that state
// it); its title and references come from the catalogue entry of the version that stated it first.
import { freezeMeta, type Check } from '../core/check.js';
import type { Message } from '../core/message.js';
import { cis } from '../core/finding.js';
import { nistRef } from '../core/nist-800-190.js';
import type { Severity, Verdict } from '../core/severity.js';
import type { EngineSnapshot } from '../engine/snapshot.js';
import { cisEntry, isCisVersion, type CisVersion } from './catalogue.js';
import type { HostFacts } from './host-facts.js';
import { benchMessages as M } from './messages.js';

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
  /** What the check saw, by message id (src/bench/messages.ts): the printer says it in the reader's language. */
  details?: Message[];
  items?: string[];
  /** Set when the recommendation cannot apply to this engine (a rootless one): the reason. */
  notApplicable?: Message;
}

/** What a check module writes: the logic and remediation for one requirement. */
export interface BenchCheckSpec {
  /** The id of the recommendation that states the requirement, in version `since`. */
  id: string;
  /** The benchmark version that introduced or changed the requirement (default 1.6.0). */
  since?: CisVersion;
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

/** The spec fields of a requirement key ("2.7", "1.8.0/2.7"). */
export function specKey(key: string): { id: string; since?: CisVersion } {
  const slash = key.indexOf('/');
  if (slash < 0) return { id: key };
  const since = key.slice(0, slash);
  if (!isCisVersion(since)) throw new Error(`requirement ${key}: unknown CIS Docker Benchmark version`);
  return { id: key.slice(slash + 1), since };
}

/** The requirement key of a spec: the 1.6.0 id, or "VERSION/ID" for a requirement a later version stated. */
export function requirementKey(spec: Pick<BenchCheckSpec, 'id' | 'since'>): string {
  return spec.since === undefined || spec.since === '1.6.0' ? spec.id : `${spec.since}/${spec.id}`;
}

/**
 * Builds a benchmark check from its spec and the catalogue entry that states its requirement: the title and the CIS
 * and NIST SP 800-190 references are that entry's. A spec whose requirement no catalogue entry states is refused.
 */
export function defineBenchCheck(spec: BenchCheckSpec): BenchCheck {
  const version = spec.since ?? '1.6.0';
  const key = requirementKey(spec);
  const entry = cisEntry(version, spec.id);
  if (!entry || entry.check !== key) throw new Error(`benchmark check ${key}: no such recommendation in CIS Docker Benchmark ${version}`);
  const meta = freezeMeta({
    id: key,
    title: entry.title,
    severity: spec.severity ?? 'MEDIUM',
    description: entry.title,
    remediation: spec.remediation,
    references: [cis(entry.id, entry.title, version), ...entry.nist.map((n) => nistRef(n))],
  });
  return { id: key, meta, ...(spec.remediationImpact !== undefined ? { remediationImpact: spec.remediationImpact } : {}), evaluate: spec.evaluate };
}

/** Says the recommendation does not apply to a rootless engine, and why: never a PASS or a WARN. */
export const notApplicableRootless = (why: Message): CheckResult => ({
  verdict: 'INFO',
  details: [M.say('bench.notApplicableRootless', { why })],
  notApplicable: why,
});

export const pass = (...details: Message[]): CheckResult => (details.length ? { verdict: 'PASS', details } : { verdict: 'PASS' });
export const warn = (details: Message[] = [], items: string[] = []): CheckResult => ({ verdict: 'WARN', details, items });
export const info = (...details: Message[]): CheckResult => ({ verdict: 'INFO', details });
export const note = (...details: Message[]): CheckResult => ({ verdict: 'NOTE', details });

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
  // A rootless dockerd reads ~/.config/docker/daemon.json (its --config-file default), not /etc/docker/daemon.json.
  const ownConfig = ctx.host.rootless && !argv.some((a) => a === '--config-file' || a.startsWith('--config-file='));
  const config = ownConfig ? ctx.host.rootless!.config : ctx.host.daemon.config;
  const v = config?.[key];
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
