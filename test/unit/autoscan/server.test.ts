import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/history/store.js';
import { ScanQueue } from '../../../src/autoscan/queue.js';
import { createScanServer } from '../../../src/autoscan/server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(token?: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-serve-'));
  const store = new HistoryStore(path.join(dir, 'h.db'));
  const scanned: string[] = [];
  const logs: string[] = [];
  const queue = new ScanQueue(store, async (j) => {
    scanned.push(j.ref);
    return [];
  }, { log: (l) => logs.push(l) });
  const server = createScanServer({ queue, ...(token ? { token } : {}), log: (l) => logs.push(l), maxBodyBytes: 64 * 1024 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  cleanups.push(() => queue.close());
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return { base, queue, store, scanned, logs };
}

const digest = `sha256:${'9'.repeat(64)}`;
const envelope = JSON.stringify({
  events: [
    {
      action: 'push',
      target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, repository: 'app', url: `http://127.0.0.1:5000/v2/app/manifests/${digest}`, tag: 'latest' },
      request: { host: '127.0.0.1:5000' },
    },
  ],
});
const post = (base: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/v1/registry/notifications`, { method: 'POST', body, headers: { 'Content-Type': 'application/vnd.docker.distribution.events.v1+json', ...headers } });

describe('scan server', () => {
  it('queues one scan per pushed digest, even for a flood of notifications', async () => {
    const s = await start();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(s.base, envelope)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await s.queue.idle();
    expect(s.scanned).toEqual([`127.0.0.1:5000/app@${digest}`]);
    const health = (await (await fetch(`${s.base}/healthz`)).json()) as { status: string; done: number; duplicates: number };
    expect(health).toMatchObject({ status: 'ok', done: 1, duplicates: 19 });
    const metrics = await (await fetch(`${s.base}/metrics`)).text();
    expect(metrics).toMatch(/^swarmguard_scans_total\{result="done"\} 1$/m);
    expect(metrics).toMatch(/^swarmguard_notifications_deduplicated_total 19$/m);
  });

  it('rejects malformed, oversized and unauthenticated notifications with a log line', async () => {
    const s = await start('s3cret-token');
    expect((await post(s.base, envelope)).status).toBe(401);
    expect((await post(s.base, envelope, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post(s.base, '{not json', { Authorization: 'Bearer s3cret-token' })).status).toBe(400);
    expect((await post(s.base, JSON.stringify({ nope: 1 }), { Authorization: 'Bearer s3cret-token' })).status).toBe(400);
    const big = await post(s.base, 'x'.repeat(200 * 1024), { Authorization: 'Bearer s3cret-token' }).catch(() => ({ status: 413 }));
    expect(big.status).toBe(413);
    expect((await post(s.base, envelope, { Authorization: 'Bearer s3cret-token' })).status).toBe(200);
    await s.queue.idle();
    expect(s.scanned).toHaveLength(1);
    expect(s.logs.some((l) => /wrong bearer token/.test(l))).toBe(true);
    expect(s.logs.some((l) => /malformed notification/.test(l))).toBe(true);
    expect(s.logs.join('\n')).not.toContain('s3cret-token');
  });

  it('answers 404/405 for other paths and methods', async () => {
    const s = await start();
    expect((await fetch(`${s.base}/nope`)).status).toBe(404);
    expect((await fetch(`${s.base}/v1/registry/notifications`)).status).toBe(405);
  });
});
