// Starts extra Docker engines on loopback TCP ports (plain HTTP, and TLS with client verification)
// and checks that `host check` finds the unauthenticated one by probing it. (Engine 20.10 given a CA
// always verifies clients, so "TLS without client auth" is covered by the unit tests.)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Engine {
  pid: number;
  port: number;
  dir: string;
  bridge: string;
}

const root = mkdtempSync(path.join(os.tmpdir(), 'sg-hostcheck-'));
const started: Engine[] = [];

function makeCerts(dir: string): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=sg-test-ca');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server-key.pem', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  ssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-out',
    'server-cert.pem',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
  );
}

// Each extra engine gets a bridge of its own: with `--bridge=none` dockerd deletes the host's docker0, and every
// container of the test engine then fails to start ("could not find bridge docker0").
function makeBridge(name: string, subnet: number): string {
  const bridge = `sghc-${name}`.slice(0, 15);
  spawnSync('ip', ['link', 'del', bridge], { stdio: 'ignore' });
  execFileSync('ip', ['link', 'add', bridge, 'type', 'bridge']);
  execFileSync('ip', ['addr', 'add', `10.231.${subnet}.1/24`, 'dev', bridge]);
  execFileSync('ip', ['link', 'set', bridge, 'up']);
  return bridge;
}

async function startEngine(name: string, port: number, tlsFlags: string[]): Promise<Engine> {
  const dir = path.join(root, name);
  execFileSync('mkdir', ['-p', dir]);
  const bridge = makeBridge(name, started.length + 1);
  const log = path.join(dir, 'dockerd.log');
  const child = spawn(
    'dockerd',
    [
      '--data-root',
      path.join(dir, 'data'),
      '--exec-root',
      path.join(dir, 'exec'),
      '--pidfile',
      path.join(dir, 'dockerd.pid'),
      '-H',
      `unix://${path.join(dir, 'docker.sock')}`,
      '-H',
      `tcp://127.0.0.1:${port}`,
      `--bridge=${bridge}`,
      '--iptables=false',
      '--ip-masq=false',
      '--storage-driver=vfs',
      ...tlsFlags,
    ],
    { stdio: ['ignore', openSync(log, 'w'), openSync(log, 'a')], env: { ...process.env } },
  );
  child.unref();
  const engine: Engine = { pid: child.pid!, port, dir, bridge };
  started.push(engine);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const r = spawnSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`], { stdio: 'ignore' });
    if (r.status === 0 && existsSync(path.join(dir, 'docker.sock'))) return engine;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`dockerd ${name} did not listen on ${port} (log: ${existsSync(log) ? readFileSync(log, 'utf8').slice(-500) : 'none'})`);
}

async function stopEngine(e: Engine): Promise<void> {
  const alive = (): boolean => {
    try {
      process.kill(e.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (alive()) process.kill(e.pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (alive() && Date.now() < deadline) await new Promise((res) => setTimeout(res, 200));
  if (alive()) process.kill(e.pid, 'SIGKILL');
  // dockerd bind-mounts its data root; make sure nothing stays mounted under the temp dir.
  spawnSync('umount', [path.join(e.dir, 'data')], { stdio: 'ignore' });
  spawnSync('ip', ['link', 'del', e.bridge], { stdio: 'ignore' });
}

type Report = { findings: { id: string; severity: string; target: { kind: string; endpoint?: string }; message: string }[]; notes: string[] };

function hostCheck(...args: string[]): { status: number | null; report: Report } {
  const r = spawnSync(process.execPath, ['bin/swarmguard.js', 'host', 'check', '--format', 'json', ...args], { encoding: 'utf8' });
  return { status: r.status, report: JSON.parse(r.stdout) as Report };
}

describe('host check: the Docker API over TCP (real engines on loopback)', () => {
  const ports = { plain: 23751, verify: 23753 };

  beforeAll(async () => {
    makeCerts(root);
    const tls = ['--tlscert', path.join(root, 'server-cert.pem'), '--tlskey', path.join(root, 'server-key.pem')];
    await startEngine('plain', ports.plain, []);
    await startEngine('verify', ports.verify, ['--tlsverify', '--tlscacert', path.join(root, 'ca.pem'), ...tls]);
  });

  afterAll(async () => {
    for (const e of started) await stopEngine(e);
    rmSync(root, { recursive: true, force: true });
  });

  it('finds the plain-HTTP engine, not the one that verifies client certificates', () => {
    const { status, report } = hostCheck();
    expect(status).toBe(0);
    const endpoints = report.findings.filter((f) => f.id === 'engine-api-tcp-unauthenticated').map((f) => f.target.endpoint);
    expect(endpoints).toContain(`tcp://127.0.0.1:${ports.plain}`);
    expect(endpoints).not.toContain(`tcp://127.0.0.1:${ports.verify}`);
    const plain = report.findings.find((f) => f.target.endpoint === `tcp://127.0.0.1:${ports.plain}`)!;
    expect(plain.severity).toBe('CRITICAL');
    expect(plain.message).toMatch(/plain HTTP with no authentication/);
    expect(report.notes.join('\n')).toMatch(new RegExp(`127.0.0.1:${ports.verify} → tls-client-auth-required`));
  });

  it('fails a CI gate with --fail-on critical', () => {
    expect(hostCheck('--fail-on', 'critical').status).toBe(1);
    expect(hostCheck('--fail-on', 'critical', '--exit-code', '9').status).toBe(9);
  });
});
