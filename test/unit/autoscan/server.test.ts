import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/history/store.js';
import { ScanQueue } from '../../../src/autoscan/queue.js';
import { createScanServer, isLoopbackHost } from '../../../src/autoscan/server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const TOKEN = 'test-token-0123456789abcdef';

async function start(token = TOKEN, extra: Partial<Parameters<typeof createScanServer>[0]> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-serve-'));
  const store = new HistoryStore(path.join(dir, 'h.db'));
  const scanned: string[] = [];
  const logs: string[] = [];
  const queue = new ScanQueue(
    store,
    (j) => {
      scanned.push(j.ref);
      return Promise.resolve([]);
    },
    { log: (l) => logs.push(l) },
  );
  const server = createScanServer({ queue, token, log: (l) => logs.push(l), maxBodyBytes: 64 * 1024, loopbackOnly: true, ...extra });
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
      target: {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest,
        repository: 'app',
        url: `http://127.0.0.1:5000/v2/app/manifests/${digest}`,
        tag: 'latest',
      },
      request: { host: '127.0.0.1:5000' },
    },
  ],
});
const post = (base: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/v1/registry/notifications`, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/vnd.docker.distribution.events.v1+json', Authorization: `Bearer ${TOKEN}`, ...headers },
  });
/** A raw request, with the Host and Origin headers fetch would not let us forge. */
const raw = (base: string, headers: Record<string, string>, body = envelope) =>
  new Promise<number>((resolve, reject) => {
    const u = new URL(`${base}/v1/registry/notifications`);
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: { 'Content-Type': 'application/vnd.docker.distribution.events.v1+json', Authorization: `Bearer ${TOKEN}`, ...headers },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });

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
    expect((await post(s.base, envelope, { Authorization: '' })).status).toBe(401);
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

  it('refuses to start with no authentication at all', () => {
    const queue = {} as ScanQueue;
    expect(() => createScanServer({ queue })).toThrow(/needs authentication/);
  });

  it('refuses what a web page or a rebound DNS name can send to a loopback listener', async () => {
    const s = await start();
    const port = new URL(s.base).port;
    // A no-cors POST from a page: text/plain, with an Origin.
    expect(await raw(s.base, { 'Content-Type': 'text/plain' })).toBe(415);
    expect(await raw(s.base, { Origin: 'https://evil.example' })).toBe(403);
    expect(await raw(s.base, { Host: `attacker.example:${port}` })).toBe(421);
    expect(await raw(s.base, { Host: `127.0.0.1:${port}` })).toBe(200);
    expect(await raw(s.base, { Host: `localhost:${port}` })).toBe(200);
    expect(await raw(s.base, { 'Content-Type': 'application/json; charset=utf-8' })).toBe(200);
    await s.queue.idle();
    expect(s.scanned).toHaveLength(1);
  });

  it('scans only pushes from allowed registries', async () => {
    const s = await start(TOKEN, { allowedRegistries: ['registry.example:5000'] });
    expect((await post(s.base, envelope)).status).toBe(200);
    await s.queue.idle();
    expect(s.scanned).toEqual([]);
    expect(s.logs.join('\n')).toMatch(/not in --allow-registry/);
  });

  it('keeps the body of a malformed notification out of the log', async () => {
    const s = await start();
    expect((await post(s.base, '\u001b[2J{"events": FORGED LINE')).status).toBe(400);
    expect(s.logs.join('\n')).not.toMatch(/FORGED/);
    expect(s.logs.join('\n')).not.toContain('\u001b');
  });

  it('counts webhook failures in /metrics', async () => {
    const s = await start(TOKEN, { webhook: { delivered: 2, failed: 3 } });
    const metrics = await (await fetch(`${s.base}/metrics`)).text();
    expect(metrics).toMatch(/^swarmguard_webhook_deliveries_total\{result="failed"\} 3$/m);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['localhost', true],
    ['127.example.com', false],
    ['127.0.0.1.nip.io', false],
    ['0.0.0.0', false],
    ['10.0.0.1', false],
    ['::', false],
    ['localhost.evil.example', false],
  ])('%s → %s', (host, loopback) => expect(isLoopbackHost(host)).toBe(loopback));
});
