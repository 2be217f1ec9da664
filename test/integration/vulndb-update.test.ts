// `db update` end to end against a local HTTP server on loopback serving real-format feed files:
// mirror fallback on 503, ETag → 304, a kill in the middle of an update, a corrupt download.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('sg-dbupdate-');
const db = path.join(dir, 'vuln.db');
const alpine = readFileSync('test/fixtures/vulndb/alpine-secdb-v3.10-main.json');
const requests: { url: string; inm?: string }[] = [];
let base = '';
let server: http.Server;

// Asynchronous: the HTTP server lives in this process and must keep answering while the CLI runs.
function sg(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/swarmguard.js', ...args, '--db', db], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
const status = () =>
  JSON.parse(spawnSync(process.execPath, ['bin/swarmguard.js', 'db', 'status', '--json', '--db', db], { encoding: 'utf8' }).stdout) as {
    advisories: number;
    sources: { id: string; advisories: number; etag?: string }[];
  };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', ...(typeof req.headers['if-none-match'] === 'string' ? { inm: req.headers['if-none-match'] } : {}) });
    if (req.url === '/busy') {
      res.writeHead(503).end('busy');
    } else if (req.url === '/limited') {
      res.writeHead(429, { 'Retry-After': '1' }).end('slow down');
    } else if (req.url === '/alpine.json') {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: '"v1"' }).end(alpine);
    } else if (req.url === '/slow.json') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(alpine.length) });
      res.write(alpine.subarray(0, 100)); // then nothing: the client is killed while it waits
    } else if (req.url === '/corrupt.zip') {
      res.writeHead(200, { 'Content-Type': 'application/zip' }).end(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 7)]));
    } else res.writeHead(404).end();
  });
  base = await listenOnLoopback(server);
});
afterAll(() => closeServer(server));

describe('db update (local HTTP server)', () => {
  it('falls back to the next mirror on 503 and 429, then imports', async () => {
    const r = await sg('db', 'update', '--source', `alpine-secdb=${base}/busy|${base}/limited|${base}/alpine.json`);
    expect(r.status, r.stderr).toBe(0);
    expect(requests.map((q) => q.url)).toEqual(['/busy', '/limited', '/alpine.json']);
    expect(status().advisories).toBeGreaterThan(1000);
  });

  it('sends the stored ETag and keeps the database when nothing changed', async () => {
    const before = status().advisories;
    requests.length = 0;
    const r = await sg('db', 'update', '--source', `alpine-secdb=${base}/busy|${base}/limited|${base}/alpine.json`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/not modified/);
    expect(requests.at(-1)).toEqual({ url: '/alpine.json', inm: '"v1"' });
    expect(status().advisories).toBe(before);
  });

  it('a kill in the middle of an update leaves the previous database working, and the next update works', async () => {
    const before = status().advisories;
    const child = spawn(process.execPath, ['bin/swarmguard.js', 'db', 'update', '--db', db, '--source', `alpine-secdb=${base}/slow.json`], { stdio: 'ignore' });
    const deadline = Date.now() + 20_000;
    while (!requests.some((q) => q.url === '/slow.json')) {
      if (Date.now() > deadline) throw new Error('the update never asked for /slow.json');
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(status().advisories).toBe(before);
    const r = await sg('db', 'update', '--force', '--source', `alpine-secdb=${base}/alpine.json`);
    expect(r.status, r.stderr).toBe(0);
    // No temp file or lock of the killed run is left next to the database.
    expect(readdirSync(dir).filter((f) => f !== 'vuln.db')).toEqual([]);
  });

  it('a corrupt download fails clearly and the previous database stays', async () => {
    const before = status().advisories;
    const r = await sg('db', 'update', '--source', `osv=${base}/corrupt.zip`);
    expect(r.status).not.toBe(0);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(status().advisories).toBe(before);
  });

  it('export makes a bundle that import installs on an air-gapped host', async () => {
    const before = status().advisories;
    const bundle = path.join(dir, '..', `sg-bundle-${process.pid}.tar.gz`);
    expect((await sg('db', 'export', bundle)).status).toBe(0);
    const other = path.join(dir, '..', `sg-other-${process.pid}.db`);
    const r = spawnSync(process.execPath, ['bin/swarmguard.js', 'db', 'import', bundle, '--db', other], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const st = JSON.parse(spawnSync(process.execPath, ['bin/swarmguard.js', 'db', 'status', '--json', '--db', other], { encoding: 'utf8' }).stdout) as {
      advisories: number;
    };
    expect(st.advisories).toBe(before);
    rmSync(bundle, { force: true });
    rmSync(other, { force: true });
  });
});

describe('db update over https (loopback, a certificate made for the test)', () => {
  const tdir = tempDir('sg-dbupdate-tls-');
  const tdb = path.join(tdir, 'vuln.db');
  let tls: https.Server;
  let tlsBase = '';

  beforeAll(async () => {
    const key = path.join(tdir, 'key.pem');
    const cert = path.join(tdir, 'cert.pem');
    const r = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    tls = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      if (req.url === '/down') return void res.writeHead(302, { Location: `${base}/alpine.json` }).end();
      if (req.url === '/up') return void res.writeHead(302, { Location: '/alpine.json' }).end();
      if (req.url === '/alpine.json') return void res.writeHead(200).end(alpine);
      res.writeHead(404).end();
    });
    tlsBase = await listenOnLoopback(tls, 'https');
  });
  afterAll(() => closeServer(tls));

  const update = (url: string) =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/swarmguard.js', 'db', 'update', '--db', tdb, '--source', `alpine-secdb=${url}`], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(tdir, 'cert.pem') },
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (status) => resolve({ status, stderr }));
    });

  it('refuses a redirect from https to plain http, and names it', async () => {
    requests.length = 0;
    const r = await update(`${tlsBase}/down`);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/refused a redirect from https to http/);
    // The http server was never asked.
    expect(requests).toEqual([]);
  });

  it('follows a redirect that stays on https', async () => {
    const r = await update(`${tlsBase}/up`);
    expect(r.status, r.stderr).toBe(0);
  });
});
