// serve's verdict on a finished scan: by --threshold (findings at or above it), or, with --policy, by the one
// policy decision (src/policy/decide.ts) that watch --enforce and `policy check` use. A policy that cannot be
// evaluated is never a pass: it alerts.
import { errorMessage } from '../core/errors.js';
import { countBySeverity, type Finding } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import type { PolicyDecision } from '../policy/decide.js';
import { buildAlert, eventAlert, type Alert } from './notify.js';
import type { ScanJob } from './queue.js';

export type Decide = (ref: string) => Promise<PolicyDecision>;

export interface VerdictStats {
  passed: number;
  failed: number;
  /** The policy could not be evaluated (image unreadable, database missing). */
  errors: number;
}

export interface Verdict {
  outcome: 'pass' | 'fail' | 'error';
  /** What to log, when there is anything to say. */
  line?: string;
  alert?: Alert;
}

export function newVerdictStats(): VerdictStats {
  return { passed: 0, failed: 0, errors: 0 };
}

/** The verdict of one finished scan, counted in `stats`. */
export async function scanVerdict(
  job: ScanJob,
  scanId: number,
  findings: readonly Finding[],
  fresh: readonly Finding[],
  threshold: Severity,
  decide?: Decide,
  stats?: VerdictStats,
): Promise<Verdict> {
  const image = { repository: job.repository, tag: job.tag ?? null, digest: job.digest };
  let verdict: Verdict;
  if (decide === undefined) {
    const alert = buildAlert(job, scanId, findings, fresh, threshold);
    verdict = alert
      ? { outcome: 'fail', alert, line: `ALERT ${job.ref}: ${alert.ids.length} vulnerabilit(ies) at or above ${threshold}` }
      : { outcome: 'pass' };
  } else {
    let d: PolicyDecision | undefined;
    let error = '';
    try {
      d = await decide(job.ref);
    } catch (e) {
      error = errorMessage(e);
    }
    if (d === undefined) {
      const why = `the policy could not be evaluated: ${error}`;
      verdict = { outcome: 'error', line: `ALERT ${job.ref}: ${why}`, alert: eventAlert('scan.failed', image, job.trigger, threshold, why, scanId) };
    } else if (d.passed) {
      verdict = { outcome: 'pass', line: `${job.ref} passes the policy "${d.result.policy}"` };
    } else {
      const failed = d.result.results.filter((r) => r.outcome === 'fail' && r.level === 'fail');
      verdict = {
        outcome: 'fail',
        line: `ALERT ${job.ref} fails the policy "${d.result.policy}": ${d.why}`,
        alert: {
          ...eventAlert('policy.failed', image, job.trigger, threshold, d.why, scanId),
          counts: countBySeverity(findings),
          newFindings: fresh.length,
          ids: failed.map((r) => r.rule),
          policy: { name: d.result.policy, failed: failed.map((r) => ({ rule: r.rule, evidence: r.evidence.slice(0, 10) })) },
        },
      };
    }
  }
  if (stats) {
    if (verdict.outcome === 'pass') stats.passed += 1;
    else if (verdict.outcome === 'fail') stats.failed += 1;
    else stats.errors += 1;
  }
  return verdict;
}
