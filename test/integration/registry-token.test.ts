// The bearer-token flow against a real registry: docker-registry configured for token auth, with a small
// token service written here (RS256 JWTs, x5c chain to the registry's root certificate), `docker push`
// through it, then the image read by reference with the same flow.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSign, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackRegistry } from '../helpers/loopback-registry.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-regtoken-'));
const PORT = 17000 + (process.pid % 500);
const REPO = `127.0.0.1:${PORT}/team/tok`;
const dockerConfig = path.join(dir, 'docker');
let registry: ChildProcess;
let tokenServer: http.Server;
const tokenRequests: { scope: string; basic: boolean }[] = [];

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

beforeAll(async () => {
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', '/CN=sg-token-issuer'],
    { cwd: dir, stdio: 'ignore' },
  );
  const key = readFileSync(path.join(dir, 'key.pem'), 'utf8');
  const der = execFileSync('openssl', ['x509', '-in', 'cert.pem', '-outform', 'DER'], { cwd: dir });
  tokenServer = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const auth = req.headers.authorization ?? '';
    const basic = auth.startsWith('Basic ') && Buffer.from(auth.slice(6), 'base64').toString() === 'ci:ci-pass';
    const scope = u.searchParams.get('scope') ?? '';
    tokenRequests.push({ scope, basic });
    if (auth && !basic) return void res.writeHead(401).end();
    const access = scope
      ? scope.split(' ').map((s) => {
          const [type, name, actions] = s.split(':');
          return { type, name, actions: basic ? (actions ?? '').split(',') : [] };
        })
      : [];
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [der.toString('base64')] }));
    const claims = b64url(
      JSON.stringify({
        iss: 'sg-test-issuer',
        sub: basic ? 'ci' : '',
        aud: 'sg-registry',
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomBytes(8).toString('hex'),
        access,
      }),
    );
    const sig = b64url(createSign('RSA-SHA256').update(`${header}.${claims}`).sign(key));
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `${header}.${claims}.${sig}` }));
  });
  await new Promise<void>((r) => tokenServer.listen(0, '127.0.0.1', r));
  const tokenPort = (tokenServer.address() as AddressInfo).port;
  registry = await startLoopbackRegistry(dir, PORT, undefined, [
    'auth:',
    '  token:',
    `    realm: http://127.0.0.1:${tokenPort}/token`,
    '    service: sg-registry',
    '    issuer: sg-test-issuer',
    `    rootcertbundle: ${path.join(dir, 'cert.pem')}`,
  ]);
  const run = (args: string[], input?: string) =>
    new Promise<void>((resolve, reject) => {
      const c = spawn('docker', args, { env: { ...process.env, DOCKER_CONFIG: dockerConfig }, stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      c.stderr.on('data', (d: Buffer) => (err += d.toString()));
      if (input) c.stdin.end(input);
      else c.stdin.end();
      c.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`docker ${args.join(' ')}: ${err}`))));
    });
  await run(['login', '-u', 'ci', '--password-stdin', `127.0.0.1:${PORT}`], 'ci-pass');
  execFileSync('docker', ['tag', 'swarmguard-test/busybox:latest', `${REPO}:1`]);
  await run(['push', '-q', `${REPO}:1`]);
});

afterAll(() => {
  registry?.kill('SIGTERM');
  tokenServer?.close();
  spawnSync('docker', ['rmi', `${REPO}:1`], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

function sbom(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, ['bin/swarmguard.js', 'sbom', ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('registry source: bearer tokens (real registry, token auth)', () => {
  it('gets a pull token with the docker config credentials and reads the image', async () => {
    tokenRequests.length = 0;
    const r = await sbom({ DOCKER_CONFIG: dockerConfig }, `${REPO}:1`, '--source', 'registry', '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const inv = JSON.parse(r.stdout) as { layers: string[]; repoDigest?: string };
    expect(inv.layers.length).toBeGreaterThan(0);
    expect(inv.repoDigest).toMatch(/^sha256:/);
    expect(tokenRequests).toContainEqual({ scope: 'repository:team/tok:pull', basic: true });
  });

  it('without credentials the token grants nothing and the error says so', async () => {
    const r = await sbom({ DOCKER_CONFIG: path.join(dir, 'nothing') }, `${REPO}:1`, '--source', 'registry');
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/answered 401|authentication failed/);
  });
});
