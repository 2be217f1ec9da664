// The scan queue. The store is the queue: a job is a queued row, leased by one worker at a time for a
// short, renewed period. Any number of processes (serve and watch replicas) on one store share the work; a
// job whose holder died is taken over when its lease runs out, and recorded once, because only the lease
// holder can finish it. De-duplicates by (registry/repository, digest); bounds concurrency and length; gives
// up a job that was taken over too often (it may hang or crash the scanner).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { errorMessage } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import { printable } from '../core/image-reference.js';
import { SqliteScanStore, type ScanStore } from '../history/scan-store.js';
import { HistoryStore, MAX_RESUMES, type ScanRecord, type ScanTrigger } from '../history/store.js';

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
  /** Scans this process runs at once. */
  concurrency?: number;
  /** Queued scans that no worker holds yet, across every process on the store. */
  maxQueued?: number;
  /** A digest scanned within this window is not scanned again. */
  recentMs?: number;
  /** A job taken over from a dead or hung worker more often than this is marked failed. */
  maxResumes?: number;
  attempts?: number;
  retryDelayMs?: number;
  /** How long a worker holds a job without renewing its lease (renewed every third of it while the scan runs). */
  leaseMs?: number;
  /** How often an idle worker looks for jobs other processes queued. */
  pollMs?: number;
  /** This worker's name in the store (default host:pid:random). */
  owner?: string;
  log?: (line: string) => void;
  /** A scan this process ran finished. */
  onDone?: (job: ScanJob, id: number, findings: Finding[]) => void | Promise<void>;
  /** A scan this process ran (or gave up) failed for good. */
  onFailed?: (job: ScanJob, id: number, error: string) => void | Promise<void>;
  /** A scan this process submitted finished, here or in another process: called once per submitted job. */
  onSettled?: (job: ScanJob, record: ScanRecord) => void | Promise<void>;
}

export interface QueueMetrics {
  queued: number;
  running: number;
  done: number;
  failed: number;
  duplicates: number;
  rejected: number;
}

/** The job a queued row stands for: its origin `ref:…` names what to read. */
function jobOfRecord(r: ScanRecord): ScanJob {
  return {
    digest: r.digest,
    repository: r.repository,
    tag: r.tag,
    trigger: r.trigger,
    origin: r.origin,
    ref: r.origin?.startsWith('ref:') ? r.origin.slice(4) : `${r.repository}@${r.digest}`,
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

export class ScanQueue {
  readonly store: ScanStore;
  readonly owner: string;
  private readonly running = new Set<Promise<void>>();
  private readonly workers: Promise<void>[] = [];
  /** Jobs submitted here, until they settle (onSettled). */
  private readonly submitted = new Map<number, ScanJob>();
  private wakeUp: (() => void)[] = [];
  private closed = false;
  private storeDown = false;
  private lastQueued = 0;
  private readonly stats = { done: 0, failed: 0, duplicates: 0, rejected: 0 };
  private readonly opts: Required<Omit<QueueOptions, 'onDone' | 'onFailed' | 'onSettled' | 'owner'>> & Pick<QueueOptions, 'onDone' | 'onFailed' | 'onSettled'>;
  private settler: Promise<void> | undefined;

  constructor(
    store: HistoryStore | ScanStore,
    private readonly scanner: Scanner,
    options: QueueOptions = {},
  ) {
    this.store = store instanceof HistoryStore ? new SqliteScanStore(store) : store;
    this.owner = options.owner ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.opts = {
      concurrency: options.concurrency ?? 2,
      maxQueued: options.maxQueued ?? 1000,
      recentMs: options.recentMs ?? 60 * 60 * 1000,
      maxResumes: options.maxResumes ?? MAX_RESUMES,
      attempts: options.attempts ?? 3,
      retryDelayMs: options.retryDelayMs ?? 2000,
      leaseMs: options.leaseMs ?? 60_000,
      pollMs: options.pollMs ?? 1000,
      log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
      onDone: options.onDone,
      onFailed: options.onFailed,
      onSettled: options.onSettled,
    };
  }

  /** Starts the workers: they take what any process left queued (returned: how many are queued now). */
  async resume(): Promise<number> {
    const queued = await this.store.queuedCount();
    this.lastQueued = queued;
    if (queued > 0) this.opts.log(`${queued} scan(s) queued in the history (${this.store.location})`);
    this.start();
    return queued;
  }

  async submit(job: ScanJob): Promise<SubmitResult> {
    if (this.closed) return { status: 'closed' };
    const recent = await this.store.recentScanOfDigest(job.digest, new Date(Date.now() - this.opts.recentMs).toISOString());
    if (recent) {
      this.stats.duplicates += 1;
      return { status: 'recent', id: recent.id };
    }
    if ((await this.store.waitingCount()) >= this.opts.maxQueued) {
      this.stats.rejected += 1;
      this.opts.log(`queue full (${this.opts.maxQueued}): not scanning ${job.repository}@${job.digest}`);
      return { status: 'full' };
    }
    const { id, created } = await this.store.enqueue({ ...job, origin: job.origin ?? `ref:${job.ref}` });
    if (!this.submitted.has(id)) this.submitted.set(id, job);
    this.start();
    if (!created) {
      this.stats.duplicates += 1;
      return { status: 'duplicate', id };
    }
    this.lastQueued += 1;
    this.wake();
    return { status: 'queued', id };
  }

  metrics(): QueueMetrics {
    return { queued: this.lastQueued, running: this.running.size, ...this.stats };
  }

  private start(): void {
    if (this.closed || this.workers.length > 0) return;
    for (let i = 0; i < this.opts.concurrency; i++) this.workers.push(this.work());
    this.settler = this.settle();
  }

  private wake(): void {
    for (const w of this.wakeUp.splice(0)) w();
  }

  private pause(): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(resolve, this.opts.pollMs);
      t.unref?.();
      this.wakeUp.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private storeError(e: unknown): void {
    if (!this.storeDown) this.opts.log(`the history at ${this.store.location} is unreachable (${printable(errorMessage(e))}); retrying`);
    this.storeDown = true;
  }

  private storeBack(): void {
    if (this.storeDown) this.opts.log(`the history at ${this.store.location} is reachable again`);
    this.storeDown = false;
  }

  private async work(): Promise<void> {
    while (!this.closed) {
      let claimed;
      try {
        claimed = await this.store.claim(this.owner, this.opts.leaseMs);
        this.storeBack();
      } catch (e) {
        this.storeError(e);
        await this.pause();
        continue;
      }
      if (!claimed) {
        this.lastQueued = await this.store.queuedCount().catch(() => this.lastQueued);
        await this.pause();
        continue;
      }
      const { record, tookOver } = claimed;
      const job = jobOfRecord(record);
      if (tookOver && record.resumes > this.opts.maxResumes) {
        const error = `gave up after ${this.opts.maxResumes} restarts left this scan unfinished (it may hang or crash the scanner)`;
        if (await this.store.failLeased(record.id, this.owner, error).catch(() => false)) {
          this.stats.failed += 1;
          this.opts.log(`scan of ${job.ref} ${error}`);
          await this.opts.onFailed?.(job, record.id, error);
          await this.settled(record.id);
        }
        continue;
      }
      if (tookOver) this.opts.log(`took over scan #${record.id} of ${job.ref}: the worker that held it stopped renewing its lease`);
      const p = this.run(record.id, job);
      this.running.add(p);
      await p.finally(() => this.running.delete(p));
    }
  }

  /** Retries a store write across a short outage (a database restart); false when the lease is gone. */
  private async write(what: () => Promise<boolean>): Promise<boolean> {
    for (let i = 0; ; i++) {
      try {
        const ok = await what();
        this.storeBack();
        return ok;
      } catch (e) {
        this.storeError(e);
        if (i >= 30) return false;
        await sleep(Math.min(2000, 100 * 2 ** i));
      }
    }
  }

  private async run(id: number, job: ScanJob): Promise<void> {
    let lost = false;
    const heartbeat = setInterval(
      () => {
        this.store.renew(id, this.owner, this.opts.leaseMs).then(
          (held) => {
            if (!held && !lost) {
              lost = true;
              this.opts.log(`lost the lease on scan #${id} of ${job.ref}: another worker has it now`);
            }
          },
          (e: unknown) => this.storeError(e),
        );
      },
      Math.max(10, Math.floor(this.opts.leaseMs / 3)),
    );
    try {
      let lastError = '';
      for (let attempt = 1; attempt <= this.opts.attempts; attempt++) {
        try {
          const findings = await this.scanner(job);
          if (!(await this.write(() => this.store.completeLeased(id, this.owner, findings)))) {
            this.opts.log(`scan #${id} of ${job.ref} was finished by another worker: this result is not recorded again`);
            return;
          }
          this.stats.done += 1;
          this.opts.log(`scanned ${job.repository}${job.tag ? `:${job.tag}` : ''}@${job.digest} (${job.trigger}): ${findings.length} finding(s)`);
          await this.opts.onDone?.(job, id, findings);
          await this.settled(id);
          return;
        } catch (e) {
          // Registry and engine errors can quote what a remote sent: no control characters into the log.
          lastError = printable(errorMessage(e));
          this.opts.log(`scan of ${job.ref} failed (attempt ${attempt}/${this.opts.attempts}): ${lastError}`);
          if (attempt < this.opts.attempts && !this.closed) await sleep(this.opts.retryDelayMs * attempt);
          if (this.closed || lost) break;
        }
      }
      if (this.closed) {
        // Back to the queue: another worker, or the next start, takes it.
        await this.store.release(id, this.owner).catch(() => undefined);
        return;
      }
      if (!(await this.write(() => this.store.failLeased(id, this.owner, lastError)))) return;
      this.stats.failed += 1;
      await this.opts.onFailed?.(job, id, lastError);
      await this.settled(id);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Tells the submitter (onSettled) that a job it submitted is finished. */
  private async settled(id: number, record?: ScanRecord): Promise<void> {
    const job = this.submitted.get(id);
    if (!job) return;
    this.submitted.delete(id);
    const r = record ?? (await this.store.get(id).catch(() => undefined));
    if (r) await this.opts.onSettled?.(job, r);
  }

  /** Watches the jobs submitted here that other processes run. */
  private async settle(): Promise<void> {
    while (!this.closed) {
      await sleep(this.opts.pollMs);
      for (const id of [...this.submitted.keys()]) {
        const r = await this.store.get(id).catch(() => undefined);
        if (r && r.status !== 'queued') await this.settled(id, r);
      }
    }
  }

  /** Stops taking jobs, lets running scans finish; what is still queued stays in the store. */
  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    await Promise.allSettled([...this.running]);
    await Promise.allSettled(this.workers);
  }

  /** Resolves when nothing is queued in the store, running here, or waiting to settle (for tests and one-shot runs). */
  async idle(): Promise<void> {
    for (;;) {
      const queued = await this.store.queuedCount().catch(() => 1);
      if (queued === 0 && this.running.size === 0 && this.submitted.size === 0) return;
      await sleep(10);
    }
  }
}
