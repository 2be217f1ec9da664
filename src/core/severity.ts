// Severities and benchmark verdicts, with their order and parsing from user input.
import { UserError } from './errors.js';
import { coreMessages as M } from './messages.js';

/**
 * Most severe first. UNKNOWN is a vulnerability no source has rated: a level of its own, ranked
 * below LOW (so `--fail-on LOW` does not trip on it) but never shown as, or counted with, MEDIUM.
 */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN', 'INFO'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** CIS benchmark verdicts, with docker-bench-security's meaning. */
export const VERDICTS = ['PASS', 'WARN', 'INFO', 'NOTE'] as const;
export type Verdict = (typeof VERDICTS)[number];

const RANK: Record<Severity, number> = { CRITICAL: 5, HIGH: 4, MEDIUM: 3, LOW: 2, UNKNOWN: 1, INFO: 0 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

/** True when `s` is at or above `threshold`. */
export function atLeast(s: Severity, threshold: Severity): boolean {
  return RANK[s] >= RANK[threshold];
}

/** Most severe first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[b] - RANK[a];
}

export function isSeverity(v: string): v is Severity {
  return (SEVERITIES as readonly string[]).includes(v);
}

export function parseSeverity(input: string, flag = '--severity'): Severity {
  const v = input.trim().toUpperCase();
  if (!isSeverity(v)) {
    throw new UserError(M.say('core.severity.unknown', { flag, input }), {
      hint: M.say('core.severity.unknown.hint', { severities: SEVERITIES.join(', ') }),
    });
  }
  return v;
}

/** Parses a comma-separated list such as "CRITICAL,HIGH". */
export function parseSeverityList(input: string, flag = '--severity'): Severity[] {
  const parts = input
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) throw new UserError(M.say('core.severity.empty', { flag }), { hint: M.say('core.severity.empty.hint', { flag }) });
  return [...new Set(parts.map((p) => parseSeverity(p, flag)))];
}
