// Webhook alerts: a JSON POST per finished scan that has findings at or above the threshold.
import { errorMessage } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import { countBySeverity } from '../core/finding.js';
import { atLeast, type Severity } from '../core/severity.js';
import type { ScanJob } from './queue.js';

export interface Alert {
  event: 'scan.findings' | 'scan.failed' | 'policy.enforced';
  image: { repository: string; tag: string | null; digest: string };
  trigger: string;
  scanId: number;
  counts: ReturnType<typeof countBySeverity>;
  threshold: Severity;
  newFindings: number;
  /** Ids only: the report holds the details. */
  ids: string[];
  action?: string;
}

export function buildAlert(job: ScanJob, scanId: number, findings: readonly Finding[], fresh: readonly Finding[], threshold: Severity): Alert | undefined {
  const serious = findings.filter((f) => atLeast(f.severity, threshold));
  if (serious.length === 0) return undefined;
  return {
    event: 'scan.findings',
    image: { repository: job.repository, tag: job.tag ?? null, digest: job.digest },
    trigger: job.trigger,
    scanId,
    counts: countBySeverity(findings),
    threshold,
    newFindings: fresh.length,
    ids: [...new Set(serious.map((f) => f.id))].slice(0, 200),
  };
}

export async function postWebhook(url: string, alert: Alert, log: (l: string) => void, timeoutMs = 5000): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'swarmguard' },
      body: JSON.stringify(alert),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    if (!res.ok) log(`webhook ${new URL(url).host} answered ${res.status}`);
    return res.ok;
  } catch (e) {
    log(`webhook ${url.replace(/\/\/[^@/]*@/, '//***@')} failed: ${errorMessage(e)}`);
    return false;
  }
}
