// The deploy gate's policy: compose lint findings at or above --fail-on refuse the deploy (exit 1), unless --force
// lets it go on with a warning. The command prints; this decides.
import { ExitCode, UserError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import type { GateResult } from './deploy-stack.js';
import { stackMessages as M } from './messages.js';

export type GateOutcome =
  /** Nothing at or above the threshold: deploy. */
  | { kind: 'pass'; below: number }
  /** Findings at or above the threshold, deployed anyway (--force). */
  | { kind: 'forced'; blocking: readonly Finding[]; below: number }
  /** Findings at or above the threshold: the deploy stops with `error` before anything is changed. */
  | { kind: 'refused'; blocking: readonly Finding[]; below: number; error: UserError };

export function decideGate(gate: GateResult, stack: string, failOn: Severity, force: boolean): GateOutcome {
  const below = gate.findings.length - gate.blocking.length;
  if (gate.blocking.length === 0) return { kind: 'pass', below };
  if (force) return { kind: 'forced', blocking: gate.blocking, below };
  const count = gate.blocking.length;
  const error = new UserError(M.say(count === 1 ? 'stack.deploy.refused.one' : 'stack.deploy.refused.other', { name: stack, count, level: failOn }), {
    hint: M.say('stack.deploy.refused.hint'),
    exitCode: ExitCode.FINDINGS,
  });
  return { kind: 'refused', blocking: gate.blocking, below, error };
}
