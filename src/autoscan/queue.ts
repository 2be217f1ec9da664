// The scan queue: de-duplicates by (registry/repository, digest), bounds concurrency and length, persists
// every job in the history store so that nothing queued is lost across a clean shutdown, and gives up a
// job that no start could finish.
import { errorMessage } from '../core/errors.js';
import { printable } from '../image/reference.js';
import type { Finding } from '../core/finding.js';
import { MAX_RESUMES, type HistoryStore, type ScanTrigger } from '../history/store.js';

export interface ScanJob {
  /** Image digest (manifest digest for registry images, image ID for local ones). */
  digest: string;
  repository: string;
  tag?: string | null;
  trigger: ScanTrigger;
  origin?: string | null;
  /** What the scanner reads: a pullable reference (`registry/repo@sha256:…`) or a local image ref. */
  ref: string;
}

export type Scanner = (job: ScanJob) => Promise<Finding[]>;

export type SubmitResult = { status: 'queued'; id: number } | { status: 'duplicate' | 'recent' | 'full' | 'closed'; id?: number };

export interface QueueOptions {
  concurrency?: number;
  maxQueued?: number;
  /** A digest scanned within this window is not scanned again. */
  recentMs?: number;
  /** A job still queued after this many starts is marked failed instead of resumed. */
  maxResumes?: number;
  attempts?: number;
  retryDelayMs?: number;
  log?: (line: string) => void;
  onDone?: (job: ScanJob, id: number, findings: Finding[]) => void | Promise<void>;
  onFailed?: (job: ScanJob, id: number, error: string) => void | Promise<void>;
}

export interface QueueMetrics {
  queued: number;
  running: number;
  done: number;
  failed: number;
  duplicates: number;
  rejected: number;
}

/** Names a job for de-duplication: a forged event for digest D from another host must not stand in for the genuine push. */
export function jobKey(job: Pick<ScanJob, 'repository' | 'digest'>): string {
  return `${job.repository}@${job.digest}`;
}

export class ScanQueue {
  private readonly waiting: { id: number; job: ScanJob }[] = [];
  private readonly active = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;
  private readonly stats = { done: 0, failed: 0, duplicates: 0, rejected: 0 };
  private readonly opts: Required<Omit<QueueOptions, 'onDone' | 'onFailed'>> & Pick<QueueOptions, 'onDone' | 'onFailed'>;

  constructor(
    private readonly store: HistoryStore,
    private readonly scanner: Scanner,
    options: QueueOptions = {},
  ) {
    this.opts = {
      concurrency: options.concurrency ?? 2,
      maxQueued: options.maxQueued ?? 1000,
      recentMs: options.recentMs ?? 60 * 60 * 1000,
      maxResumes: options.maxResumes ?? MAX_RESUMES,
      attempts: options.attempts ?? 3,
      retryDelayMs: options.retryDelayMs ?? 2000,
      log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
      onDone: options.onDone,
      onFailed: options.onFailed,
    };
  }

  /** Re-queues the jobs a previous run left queued; one that no start could finish is marked failed. */
  resume(): number {
    const pending = this.store.pending();
    let resumed = 0;
    for (const r of pending) {
      const job: ScanJob = {
        digest: r.digest,
        repository: r.repository,
        tag: r.tag,
        trigger: r.trigger,
        origin: r.origin,
        ref: r.origin?.startsWith('ref:') ? r.origin.slice(4) : `${r.repository}@${r.digest}`,
      };
      if (this.store.markResumed(r.id) > this.opts.maxResumes) {
        const error = `gave up after ${this.opts.maxResumes} restarts left this scan unfinished (it may hang or crash the scanner)`;
        this.store.fail(r.id, error);
        this.stats.failed += 1;
        this.opts.log(`scan of ${job.ref} ${error}`);
        void this.opts.onFailed?.(job, r.id, error);
        continue;
      }
      this.active.set(jobKey(job), r.id);
      this.waiting.push({ id: r.id, job });
      resumed += 1;
    }
    if (resumed > 0) this.opts.log(`resumed ${resumed} queued scan(s) from the history`);
    this.pump();
    return resumed;
  }

  submit(job: ScanJob): SubmitResult {
    if (this.closed) return { status: 'closed' };
    const inFlight = this.active.get(jobKey(job));
    if (inFlight !== undefined) {
      this.stats.duplicates += 1;
      return { status: 'duplicate', id: inFlight };
    }
    const recent = this.store.recentScanOfDigest(job.digest, new Date(Date.now() - this.opts.recentMs).toISOString());
    if (recent) {
      this.stats.duplicates += 1;
      return { status: 'recent', id: recent.id };
    }
    if (this.waiting.length >= this.opts.maxQueued) {
      this.stats.rejected += 1;
      this.opts.log(`queue full (${this.opts.maxQueued}): not scanning ${job.repository}@${job.digest}`);
      return { status: 'full' };
    }
    const id = this.store.enqueue({ ...job, origin: job.origin ?? `ref:${job.ref}` });
    this.active.set(jobKey(job), id);
    this.waiting.push({ id, job });
    this.pump();
    return { status: 'queued', id };
  }

  metrics(): QueueMetrics {
    return { queued: this.waiting.length, running: this.running.size, ...this.stats };
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.opts.concurrency && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      const p = this.run(next.id, next.job).finally(() => {
        this.running.delete(p);
        this.pump();
      });
      this.running.add(p);
    }
  }

  private async run(id: number, job: ScanJob): Promise<void> {
    let lastError = '';
    for (let attempt = 1; attempt <= this.opts.attempts; attempt++) {
      try {
        const findings = await this.scanner(job);
        this.store.finish(id, findings);
        this.stats.done += 1;
        this.active.delete(jobKey(job));
        this.opts.log(`scanned ${job.repository}${job.tag ? `:${job.tag}` : ''}@${job.digest} (${job.trigger}): ${findings.length} finding(s)`);
        await this.opts.onDone?.(job, id, findings);
        return;
      } catch (e) {
        // Registry and engine errors can quote what a remote sent: no control characters into the log.
        lastError = printable(errorMessage(e));
        this.opts.log(`scan of ${job.ref} failed (attempt ${attempt}/${this.opts.attempts}): ${lastError}`);
        if (attempt < this.opts.attempts && !this.closed) await new Promise((r) => setTimeout(r, this.opts.retryDelayMs * attempt));
        if (this.closed) break;
      }
    }
    if (this.closed) {
      // Left 'queued' in the history: the next start resumes it.
      this.active.delete(jobKey(job));
      return;
    }
    this.store.fail(id, lastError);
    this.stats.failed += 1;
    this.active.delete(jobKey(job));
    await this.opts.onFailed?.(job, id, lastError);
  }

  /** Stops taking jobs, lets running scans finish; what is still waiting stays queued in the history. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    await Promise.allSettled([...this.running]);
  }

  /** Resolves when nothing is waiting or running (for tests and one-shot runs). */
  async idle(): Promise<void> {
    while (this.waiting.length > 0 || this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
