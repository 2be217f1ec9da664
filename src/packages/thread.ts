// The worker thread the analyzers and the reducers run in: one request at a time, each under a time budget. A
// worker that overran, died or whose scan was stopped is terminated and replaced for the next request, so a
// crafted file costs its own time budget, never the main thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalyzerOutput } from './analyzer.js';
import type { OsInfo } from './types.js';
import { errorMessage } from '../core/errors.js';

/** One kept file for its analyzers (`analyze`), or one wanted file for its reducers (`reduce`). */
export type WorkRequest =
  | { kind: 'analyze'; seq: number; path: string; content: Uint8Array; layer: string; os?: OsInfo; allowed: string[] }
  | { kind: 'reduce'; seq: number; path: string; content: Uint8Array; mode: number; allowed: string[] };

export type WorkReply = { seq: number; out: AnalyzerOutput } | { seq: number; kept: Uint8Array | null };

/** What the worker posts once its modules are loaded: time budgets start from there, not from its start-up. */
export const READY = 'ready';

export type Outcome = { kind: 'done'; reply: WorkReply } | { kind: 'timeout' } | { kind: 'crash'; why: string } | { kind: 'stopped' };

/** Distributes WorkRequest over the union without losing its kind. */
type Unsequenced<T> = T extends unknown ? Omit<T, 'seq'> : never;

const DEFAULT_WORKER = new URL('./analyze-worker.js', import.meta.url);

/** The built worker beside this module; from the TypeScript sources (tests) there is none, and work runs in this thread. */
export function defaultWorker(): URL | null {
  return existsSync(fileURLToPath(DEFAULT_WORKER)) ? DEFAULT_WORKER : null;
}

/** A time budget as a person reads it. */
export function budgetText(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/** One file's time budget: SWARMGUARD_ANALYZER_TIMEOUT_MS, default 60 s. */
export function fileTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.SWARMGUARD_ANALYZER_TIMEOUT_MS);
  return Number.isInteger(n) && n > 0 ? n : 60_000;
}

/** Longest a worker may take to load its modules. */
const START_MS = 60_000;

/** A worker whose modules are loaded, or why it could not start. */
function startWorker(url: URL, heapMiB: number): Promise<Worker | string> {
  const w = new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: heapMiB } });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      void w.terminate();
      done(`the analyzer worker did not start within ${budgetText(START_MS)}`);
    }, START_MS);
    const done = (r: Worker | string): void => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
      resolve(r);
    };
    const onMessage = (m: unknown): void => {
      if (m === READY) done(w);
    };
    const onError = (e: Error): void => {
      void w.terminate();
      done(`the analyzer worker did not start (${errorMessage(e)})`);
    };
    const onExit = (code: number): void => done(`the analyzer worker exited with code ${code} at start`);
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
  });
}

export class AnalyzerThread {
  private worker: Promise<Worker | string> | undefined;
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly url: URL,
    private readonly heapMiB = 512,
  ) {}

  /** Runs `req` once the requests before it are done; `signal` stops it (and the worker) at once. */
  run(req: Unsequenced<WorkRequest>, timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    const p = this.queue.then(() => this.runNow({ ...req, seq: this.seq++ }, timeoutMs, signal));
    this.queue = p.catch(() => undefined);
    return p;
  }

  private async runNow(req: WorkRequest, timeoutMs: number, signal: AbortSignal | undefined): Promise<Outcome> {
    if (signal?.aborted) return { kind: 'stopped' };
    const started = (this.worker ??= startWorker(this.url, this.heapMiB));
    const w = await started;
    if (typeof w === 'string') {
      this.worker = undefined;
      return { kind: 'crash', why: w };
    }
    if (signal?.aborted) return { kind: 'stopped' };
    return new Promise<Outcome>((resolve) => {
      const finish = (o: Outcome, kill: boolean): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (kill) {
          if (this.worker === started) this.worker = undefined;
          void w.terminate();
        }
        resolve(o);
      };
      const onMessage = (m: WorkReply): void => {
        if (m.seq === req.seq) finish({ kind: 'done', reply: m }, false);
      };
      const onError = (e: Error): void => finish({ kind: 'crash', why: errorMessage(e) }, true);
      const onExit = (code: number): void => finish({ kind: 'crash', why: `worker exited with code ${code}` }, true);
      const onAbort = (): void => finish({ kind: 'stopped' }, true);
      const timer = setTimeout(() => finish({ kind: 'timeout' }, true), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage(req);
    });
  }

  async close(): Promise<void> {
    const started = this.worker;
    this.worker = undefined;
    const w = await started;
    if (w && typeof w !== 'string') await w.terminate();
  }
}
