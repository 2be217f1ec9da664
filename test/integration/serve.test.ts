// Scan on push: a real registry (Debian's docker-registry) on loopback notifies `swarmguard serve`;
// `docker push` of a test image triggers exactly one scan, visible in `history`.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtureDb, waitFor } from '../helpers/fixture-db.js';
import { startLoopbackRegistry } from '../helpers/loopback-registry.js';
import { readHistory } from '../helpers/run.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-serve-'));
const SERVE_PORT = 18090 + (process.pid % 500);
const REG_PORT = 15000 + (process.pid % 500);
const REPO = `127.0.0.1:${REG_PORT}/team/deb`;
const TOKEN = 'test-token-0123456789-0123456789-0123';
const children: ChildProcess[] = [];
let db = '';
const historyFile = path.join(dir, 'history.db');
const serveLog: string[] = [];

const history = () => readHistory(historyFile);

beforeAll(async () => {
  db = makeFixtureDb(dir);
  writeFileSync(path.join(dir, 'token'), TOKEN, { mode: 0o600 });
  const serve = spawn(
    process.execPath,
    ['bin/swarmguard.js', 'serve', '--listen', `127.0.0.1:${SERVE_PORT}`, '--token-file', path.join(dir, 'token'), '--db', db, '--history', historyFile],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  serve.stderr.on('data', (c: Buffer) => serveLog.push(c.toString()));
  children.push(serve);
  await waitFor('serve to listen', () => (serveLog.join('').includes('listening on') ? true : undefined), 20_000);
  children.push(await startLoopbackRegistry(dir, REG_PORT, { url: `http://127.0.0.1:${SERVE_PORT}/v1/registry/notifications`, token: TOKEN }));
});

afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
  spawnSync('docker', ['rmi', `${REPO}:1`], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

describe('serve: scan on push (real registry)', () => {
  it('one push → exactly one scan in the history, with its findings', async () => {
    execFileSync('docker', ['tag', 'swarmguard-test/debian:bookworm', `${REPO}:1`]);
    execFileSync('docker', ['push', '-q', `${REPO}:1`], { stdio: 'ignore' });
    const done = await waitFor('the scan', () => history().find((s) => s.status === 'done'));
    expect(done).toMatchObject({ repository: REPO, tag: '1', trigger: 'push' });
    expect(done.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(done.counts).toMatchObject({ CRITICAL: 1, HIGH: 1 });
    // Pushing the same image again notifies again; the digest was scanned, so no second scan.
    execFileSync('docker', ['push', '-q', `${REPO}:1`], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 3000));
    expect(history()).toHaveLength(1);
    expect(serveLog.join('')).toMatch(/ALERT/);
  });

  it('health and metrics; unauthenticated and malformed notifications are refused', async () => {
    const health = (await (await fetch(`http://127.0.0.1:${SERVE_PORT}/healthz`)).json()) as { status: string; done: number };
    expect(health).toMatchObject({ status: 'ok', done: 1 });
    expect(await (await fetch(`http://127.0.0.1:${SERVE_PORT}/metrics`)).text()).toMatch(/swarmguard_scans_total\{result="done"\} 1/);
    const noAuth = await fetch(`http://127.0.0.1:${SERVE_PORT}/v1/registry/notifications`, { method: 'POST', body: '{"events":[]}' });
    expect(noAuth.status).toBe(401);
    const bad = await fetch(`http://127.0.0.1:${SERVE_PORT}/v1/registry/notifications`, {
      method: 'POST',
      body: '{oops',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    // What a web page's no-cors POST looks like: text/plain, with an Origin.
    const page = await fetch(`http://127.0.0.1:${SERVE_PORT}/v1/registry/notifications`, {
      method: 'POST',
      body: '{"events":[]}',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/plain' },
    });
    expect(page.status).toBe(415);
    expect(serveLog.join('')).not.toContain(TOKEN);
  });

  it('--policy: the pushed image is judged by the policy (root user), the webhook gets policy.failed, metrics count it', async () => {
    const digest = history().find((s) => s.status === 'done')!.digest;
    const alerts: { event: string; ids: string[]; policy?: { name: string } }[] = [];
    const hook = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        alerts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof alerts)[number]);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const policy = path.join(dir, 'policy.yaml');
    writeFileSync(policy, 'name: ship\nrules:\n  - rule: non-root-user\n  - rule: healthcheck\n    level: warn\n');
    const port = SERVE_PORT + 2000;
    const log: string[] = [];
    const child = spawn(
      process.execPath,
      [
        'bin/swarmguard.js',
        'serve',
        '--listen',
        `127.0.0.1:${port}`,
        '--token-file',
        path.join(dir, 'token'),
        '--db',
        db,
        '--history',
        path.join(dir, 'policy-history.db'),
        '--policy',
        policy,
        '--notify',
        `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    children.push(child);
    child.stderr.on('data', (c: Buffer) => log.push(c.toString()));
    try {
      await waitFor('serve --policy to listen', () => (log.join('').includes('listening on') ? true : undefined), 20_000);
      // The envelope the registry sent for the push above, to this second server.
      const res = await fetch(`http://127.0.0.1:${port}/v1/registry/notifications`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/vnd.docker.distribution.events.v1+json' },
        body: JSON.stringify({
          events: [
            {
              action: 'push',
              target: {
                mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
                digest,
                repository: 'team/deb',
                tag: '1',
                url: `http://127.0.0.1:${REG_PORT}/v2/team/deb/manifests/${digest}`,
              },
              request: { host: `127.0.0.1:${REG_PORT}` },
            },
          ],
        }),
      });
      expect(res.status).toBe(200);
      const alert = await waitFor('the policy alert', () => alerts.find((a) => a.event === 'policy.failed'), 60_000);
      expect(alert).toMatchObject({ ids: ['non-root-user'], policy: { name: 'ship' } });
      // The severity alert is not sent: the policy decides what alerts.
      expect(alerts.map((a) => a.event)).not.toContain('scan.findings');
      expect(log.join('')).toMatch(/ALERT 127\.0\.0\.1:\d+\/team\/deb@sha256:[a-f0-9]{64} fails the policy "ship": non-root-user/);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('swarmguard_policy_verdicts_total{result="fail"} 1');
      expect(metrics).toContain('swarmguard_policy_verdicts_total{result="pass"} 0');
    } finally {
      child.kill('SIGTERM');
      await new Promise<void>((r) => hook.close(() => r()));
    }
  });

  it('on loopback without a token, makes one and requires it', async () => {
    const port = SERVE_PORT + 1000;
    const own = path.join(dir, 'own');
    const child = spawn(
      process.execPath,
      ['bin/swarmguard.js', 'serve', '--listen', `127.0.0.1:${port}`, '--db', db, '--history', path.join(own, 'history.db')],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SWARMGUARD_SERVE_TOKEN: '' } },
    );
    children.push(child);
    const log: string[] = [];
    child.stderr.on('data', (c: Buffer) => log.push(c.toString()));
    await waitFor('serve to listen', () => (log.join('').includes('listening on') ? true : undefined), 20_000);
    const tokenFile = path.join(own, 'serve-token');
    expect(log.join('')).toContain(tokenFile);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(log.join('')).not.toContain(token);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const post = (auth?: string) =>
      fetch(`http://127.0.0.1:${port}/v1/registry/notifications`, {
        method: 'POST',
        body: '{"events":[]}',
        headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) },
      });
    expect((await post()).status).toBe(401);
    expect((await post(`Bearer ${token}`)).status).toBe(200);
  });

  it('refuses --tls-ca without a certificate and key', () => {
    const r = spawnSync(
      process.execPath,
      ['bin/swarmguard.js', 'serve', '--listen', '0.0.0.0:0', '--tls-ca', path.join(dir, 'token'), '--db', db, '--history', historyFile],
      { encoding: 'utf8', env: { ...process.env, SWARMGUARD_SERVE_TOKEN: '' } },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--tls-ca needs --tls-cert and --tls-key/);
  });

  it('refuses to listen beyond loopback without authentication', () => {
    const r = spawnSync(process.execPath, ['bin/swarmguard.js', 'serve', '--listen', '0.0.0.0:0', '--db', db, '--history', historyFile], {
      encoding: 'utf8',
      env: { ...process.env, SWARMGUARD_SERVE_TOKEN: '' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/without authentication/);
  });
});
