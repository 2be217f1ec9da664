// Webhook alerts: a JSON POST per finished scan that has findings at or above the threshold.
import { UserError, errorMessage } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import { countBySeverity } from '../core/finding.js';
import { atLeast, type Severity } from '../core/severity.js';
import { autoscanMessages as M } from './messages.js';
import type { ScanJob } from './queue.js';

export interface Alert {
  event: 'scan.findings' | 'scan.failed' | 'policy.enforced' | 'policy.failed';
  image: { repository: string; tag: string | null; digest: string };
  trigger: string;
  scanId: number;
  counts: ReturnType<typeof countBySeverity>;
  threshold: Severity;
  newFindings: number;
  /** Ids only: the report holds the details. */
  ids: string[];
  action?: string;
  /** policy.failed: the policy and its failed rules of level fail, with their evidence. */
  policy?: { name: string; failed: { rule: string; evidence: string[] }[] };
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

/** An alert without findings: a failed scan, an enforcement. */
export function eventAlert(
  event: 'scan.failed' | 'policy.enforced' | 'policy.failed',
  image: Alert['image'],
  trigger: string,
  threshold: Severity,
  action: string,
  scanId = 0,
): Alert {
  return { event, image, trigger, scanId, counts: countBySeverity([]), threshold, newFindings: 0, ids: [], action };
}

export interface WebhookStats {
  delivered: number;
  /** Alerts given up after every retry. */
  failed: number;
}

/**
 * Checks a webhook URL once, at start. Credentials in the URL (`https://user:pass@host`) are refused:
 * Node's fetch cannot send them, and they would end up in logs; a token belongs in the path or a header.
 */
export function parseWebhookUrl(text: string): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new UserError(M.say('autoscan.notify.notUrl'), { hint: M.say('autoscan.notify.notUrl.hint') });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UserError(M.say('autoscan.notify.protocol', { protocol: u.protocol }));
  if (u.username !== '' || u.password !== '') {
    throw new UserError(M.say('autoscan.notify.credentials'), { hint: M.say('autoscan.notify.credentials.hint') });
  }
  return u;
}

export interface WebhookOptions {
  timeoutMs?: number;
  /** Deliveries tried per alert (default 3), with doubling delays from retryDelayMs. */
  attempts?: number;
  retryDelayMs?: number;
}

/** Posts alerts to one webhook; retries with back-off; logs only the origin, since paths often hold the token. */
export class Webhook {
  readonly stats: WebhookStats = { delivered: 0, failed: 0 };
  private readonly url: URL;

  constructor(
    url: string,
    private readonly log: (l: string) => void,
    private readonly options: WebhookOptions = {},
  ) {
    this.url = parseWebhookUrl(url);
  }

  /** Where alerts go, safe to print. */
  get origin(): string {
    return this.url.origin;
  }

  async post(alert: Alert): Promise<boolean> {
    const attempts = this.options.attempts ?? 3;
    let delay = this.options.retryDelayMs ?? 1000;
    let why = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await fetch(this.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'User-Agent': 'swarmguard' },
          body: JSON.stringify(alert),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
          redirect: 'error',
        });
        await res.body?.cancel();
        if (res.ok) {
          this.stats.delivered += 1;
          return true;
        }
        why = `answered ${res.status}`;
        // A client error will not go away by asking again (except throttling).
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) break;
      } catch (e) {
        why = `failed: ${scrub(errorMessage(e), this.url)}`;
      }
      if (attempt < attempts) {
        await new Promise((r) => setTimeout(r, delay));
        delay *= 2;
      }
    }
    this.stats.failed += 1;
    this.log(`webhook ${this.origin} ${why}; alert ${alert.event} not delivered`);
    return false;
  }
}

/** Errors may quote the URL: keep its path and query (where tokens live) out. */
function scrub(message: string, url: URL): string {
  const secretPart = url.pathname + url.search;
  const withoutHref = message.split(url.href).join(url.origin);
  return secretPart.length > 1 ? withoutHref.split(secretPart).join('/…') : withoutHref;
}
