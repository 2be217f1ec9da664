import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { HistoryStore } from '../../../src/history/store.js';
import { ScanQueue, type ScanJob } from '../../../src/autoscan/queue.js';

const dirs: string[] = [];
const store = (): HistoryStore => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'sg-queue-'));
  dirs.push(d);
  return new HistoryStore(path.join(d, 'h.db'));
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const job = (n: number): ScanJob => ({
  digest: `sha256:${n.toString(16).padStart(64, '0')}`,
  repository: 'reg/app',
  tag: `v${n}`,
  trigger: 'push',
  ref: `reg/app@sha256:${n.toString(16).padStart(64, '0')}`,
});
const silent = { log: () => undefined, retryDelayMs: 1, pollMs: 20 };
const until = async (cond: () => boolean): Promise<void> => {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
};

describe('ScanQueue', () => {
  it('scans each digest once, however often it is submitted', async () => {
    const s = store();
    const scanned: string[] = [];
    const q = new ScanQueue(
      s,
      async (j) => {
        scanned.push(j.digest);
        await new Promise((r) => setTimeout(r, 20));
        return [];
      },
      silent,
    );
    const results = await Promise.all(Array.from({ length: 50 }, () => q.submit(job(1))));
    expect(results[0]!.status).toBe('queued');
    expect(results.slice(1).every((r) => r.status === 'duplicate')).toBe(true);
    await q.idle();
    expect((await q.submit(job(1))).status).toBe('recent');
    expect(scanned).toEqual([job(1).digest]);
    expect(q.metrics()).toMatchObject({ done: 1, duplicates: 50 });
    s.close();
  });

  it('never runs more than `concurrency` scans at once', async () => {
    const s = store();
    let running = 0;
    let peak = 0;
    const q = new ScanQueue(
      s,
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 10));
        running--;
        return [];
      },
      { ...silent, concurrency: 2 },
    );
    for (let i = 0; i < 10; i++) await q.submit(job(i));
    await q.idle();
    expect(peak).toBe(2);
    expect(q.metrics().done).toBe(10);
    s.close();
  });

  it('bounds its length and says so', async () => {
    const s = store();
    const q = new ScanQueue(s, () => new Promise<Finding[]>(() => undefined), { ...silent, concurrency: 1, maxQueued: 3 });
    expect((await q.submit(job(0))).status).toBe('queued');
    await until(() => q.metrics().running === 1);
    const statuses = [];
    for (let i = 1; i < 6; i++) statuses.push((await q.submit(job(i))).status);
    // one running, three waiting, the rest refused
    expect(statuses).toEqual(['queued', 'queued', 'queued', 'full', 'full']);
    expect(q.metrics().rejected).toBe(2);
    s.close();
  });

  it('retries a failing scan, then records the failure', async () => {
    const s = store();
    let calls = 0;
    const failures: string[] = [];
    const q = new ScanQueue(
      s,
      () => {
        calls++;
        return Promise.reject(new Error('registry unreachable'));
      },
      { ...silent, attempts: 3, onFailed: (_j, _id, e) => void failures.push(e) },
    );
    const r = await q.submit(job(7));
    await q.idle();
    expect(calls).toBe(3);
    expect(failures).toEqual(['registry unreachable']);
    expect(s.get((r as { id: number }).id)).toMatchObject({ status: 'failed', error: 'registry unreachable' });
    s.close();
  });

  it('keeps what is still waiting on close, and a new queue resumes it', async () => {
    const s = store();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q1 = new ScanQueue(
      s,
      async () => {
        await gate;
        return [];
      },
      { ...silent, concurrency: 1 },
    );
    for (let i = 0; i < 4; i++) await q1.submit(job(i));
    await until(() => q1.metrics().running === 1);
    const closing = q1.close();
    release();
    await closing;
    expect((await q1.submit(job(9))).status).toBe('closed');
    const pending = s.pending().map((r) => r.digest);
    expect(pending).toEqual([job(1).digest, job(2).digest, job(3).digest]);
    const scanned: string[] = [];
    const q2 = new ScanQueue(
      s,
      (j) => {
        scanned.push(j.ref);
        return Promise.resolve([]);
      },
      silent,
    );
    expect(await q2.resume()).toBe(3);
    await q2.idle();
    expect(scanned).toEqual([job(1).ref, job(2).ref, job(3).ref]);
    expect(s.pending()).toEqual([]);
    s.close();
  });

  it('a forged event for a digest from another host does not stand in for the genuine push', async () => {
    const s = store();
    const scanned: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = new ScanQueue(
      s,
      async (j) => {
        scanned.push(j.ref);
        if (j.repository.startsWith('evil.example')) {
          await gate;
          throw new Error('unreachable host');
        }
        return [];
      },
      { ...silent, attempts: 1 },
    );
    const forged = { ...job(5), repository: 'evil.example/app', ref: `evil.example/app@${job(5).digest}` };
    expect((await q.submit(forged)).status).toBe('queued');
    expect((await q.submit(job(5))).status).toBe('queued');
    release();
    await q.idle();
    expect(scanned).toEqual([forged.ref, job(5).ref]);
    expect(s.latestVerdict(job(5).digest)).toMatchObject({ repository: 'reg/app', status: 'done' });
    s.close();
  });

  it('marks a job failed after workers died holding it too often, instead of hanging every start', async () => {
    const s = store();
    const id = s.enqueue({ ...job(3), origin: `ref:${job(3).ref}` });
    // Four workers in turn lease the job and die mid-scan: their leases run out.
    const t0 = Date.now() - 1000;
    for (let w = 1; w <= 4; w++) expect(s.claim(`dead-${w}`, 1, t0 + w * 10)?.record.id).toBe(id);
    expect(s.get(id)?.resumes).toBe(3);
    const failed: string[] = [];
    const scanned: string[] = [];
    const q = new ScanQueue(
      s,
      (j) => {
        scanned.push(j.ref);
        return Promise.resolve([]);
      },
      { ...silent, maxResumes: 3, onFailed: (j) => void failed.push(j.ref) },
    );
    await q.resume();
    await until(() => failed.length === 1);
    await q.close();
    expect(failed).toEqual([job(3).ref]);
    expect(scanned).toEqual([]);
    expect(s.get(id)).toMatchObject({ status: 'failed', resumes: 4 });
    expect(s.get(id)?.error).toMatch(/gave up after 3 restarts/);
    expect(s.pending()).toEqual([]);
    s.close();
  });

  it('takes over a job whose worker died, and records it once: the dead worker can no longer finish it', async () => {
    const s = store();
    const id = s.enqueue({ ...job(4), origin: `ref:${job(4).ref}` });
    expect(s.claim('dead', 1, Date.now() - 10)?.record.id).toBe(id);
    const lines: string[] = [];
    const q = new ScanQueue(s, () => Promise.resolve([]), { ...silent, log: (l) => lines.push(l) });
    await q.resume();
    await q.idle();
    await q.close();
    expect(s.get(id)).toMatchObject({ status: 'done', resumes: 1 });
    expect(lines.join('\n')).toMatch(/took over scan #\d+/);
    expect(s.completeLeased(id, 'dead', [])).toBe(false);
    expect(s.list().length).toBe(1);
    s.close();
  });

  it('settles a submitted job that another process ran, once', async () => {
    const s = store();
    const settled: string[] = [];
    const submitter = new ScanQueue(s, () => new Promise<Finding[]>(() => undefined), {
      ...silent,
      concurrency: 1,
      onSettled: (j, r) => void settled.push(`${j.ref} ${r.status}`),
    });
    // The submitter's own worker is busy with something else: another process runs job 2.
    await submitter.submit(job(1));
    await until(() => submitter.metrics().running === 1);
    await submitter.submit(job(2));
    const other = new ScanQueue(s, () => Promise.resolve([]), silent);
    await other.resume();
    await until(() => settled.length === 1);
    expect(settled).toEqual([`${job(2).ref} done`]);
    await other.close();
    s.close();
  });

  it('keeps control characters a remote put into an error out of the log and the history', async () => {
    const s = store();
    const lines: string[] = [];
    const q = new ScanQueue(s, () => Promise.reject(new Error('registry said: \u001b[2J\nscanned reg/app@sha256:x: 0 finding(s)')), {
      log: (l) => lines.push(l),
      retryDelayMs: 1,
      attempts: 1,
    });
    const r = (await q.submit(job(8))) as { id: number };
    await q.idle();
    expect(lines.join('\n')).not.toContain('\u001b');
    expect(lines.join('\n')).not.toContain('\nscanned');
    // eslint-disable-next-line no-control-regex -- no control character at all may reach the history
    expect(s.get(r.id)!.error).not.toMatch(/[\u0000-\u001f]/);
    s.close();
  });
});
