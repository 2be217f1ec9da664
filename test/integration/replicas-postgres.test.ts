// serve and watch as replicas over one PostgreSQL history (scripts/postgres.sh): two serve processes share
// one queue and a killed one's scan completes on the other, once; two watch processes elect one enforcer,
// so one bad deploy gets one action, and the survivor takes over when the leader dies; a database restart
// loses nothing.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgScanStore } from '../../src/history/pg-store.js';
import { makeFixtureDb, waitFor } from '../helpers/fixture-db.js';
import { startLoopbackRegistry } from '../helpers/loopback-registry.js';
import { freshDatabase, restartPostgres } from '../helpers/postgres.js';

const P = process.pid;
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-replicas-'));
const IMAGE = 'swarmguard-test/inventory:latest';
const BAD = 'swarmguard-test/debian:bookworm';
const SERVICES = [`sgg-bad1-${P}`, `sgg-bad2-${P}`];
const TOKEN = `replicas-test-token-${P}-0123456789abcdef`;
let url = '';
let drop: () => Promise<void> = () => Promise.resolve();
let passwordFile = '';
let vulnDb = '';
let store: PgScanStore;
const procs: { child: ChildProcess; log: string[] }[] = [];

const docker = (...a: string[]) => execFileSync('docker', a, { encoding: 'utf8' }).trim();
const exited = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)));

function start(args: string[]): { child: ChildProcess; log: string[] } {
  const child = spawn(process.execPath, ['bin/swarmguard.js', ...args, '--db', vulnDb, '--history', url, '--lease-seconds', '3'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, SWARMGUARD_DATABASE_PASSWORD_FILE: passwordFile, NO_COLOR: '1' },
  });
  const p = { child, log: [] as string[] };
  child.stderr.on('data', (c: Buffer) => p.log.push(c.toString()));
  procs.push(p);
  return p;
}
const serveReplica = (port: number) => start(['serve', '--listen', `127.0.0.1:${port}`, '--token-file', path.join(dir, 'token'), '--concurrency', '1']);
const logOf = (p: { log: string[] }) => p.log.join('');
const waitLog = (p: { log: string[] }, re: RegExp, what: string) => waitFor(what, () => (re.test(logOf(p)) ? true : undefined), 60_000);

async function scansOf(repository: string) {
  return (await store.list({ image: repository, limit: 100 })).filter((r) => r.repository === repository);
}

beforeAll(async () => {
  const db = await freshDatabase('sgreplicas');
  url = db.url;
  drop = db.drop;
  passwordFile = db.pgEnv.passwordFile;
  vulnDb = makeFixtureDb(dir);
  writeFileSync(path.join(dir, 'token'), TOKEN, { mode: 0o600 });
  store = await PgScanStore.open(url, { passwordFile, log: () => undefined });
});

afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await Promise.all(procs.map((p) => exited(p.child)));
  for (const s of SERVICES) spawnSync('docker', ['service', 'rm', s], { stdio: 'ignore' });
  await store?.close();
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('replicas over PostgreSQL', () => {
  it('two serve replicas share one queue; a killed one’s scan completes on the other, exactly once', async () => {
    // The image exists only in a loopback registry, stopped (SIGSTOP) while A scans it: A is held mid-scan
    // however fast the machine is, and dies there.
    const reg = `127.0.0.1:${15600 + (P % 300)}`;
    const repo = `${reg}/sgg-kill-${P}`;
    const registry = await startLoopbackRegistry(dir, Number(reg.split(':')[1]));
    try {
      execFileSync('docker', ['build', '-q', '-t', `${repo}:1`, '-'], { input: `FROM ${IMAGE}\nLABEL test.takeover="${P}"\n` });
      execFileSync('docker', ['push', '-q', `${repo}:1`], { stdio: 'ignore' });
      const digests = JSON.parse(docker('image', 'inspect', '--format', '{{json .RepoDigests}}', `${repo}:1`)) as string[];
      const digest = digests.find((d) => d.startsWith(`${repo}@`))!.slice(repo.length + 1);
      docker('rmi', `${repo}:1`);
      const a = serveReplica(18600 + (P % 300));
      await waitLog(a, /listening on/, 'serve A to listen');
      registry.kill('SIGSTOP');
      const scanRef = `${repo}:1@${digest}`;
      const { id } = await store.enqueue({ digest, repository: repo, tag: '1', trigger: 'push', origin: `ref:${scanRef}` });
      // A leases the scan and starts it; it dies mid-scan.
      await waitFor('A to lease the scan', async () =>
        (await store.get(id))?.status === 'queued' && (await leaseOwner(id))?.includes(`:${a.child.pid}:`) ? true : undefined,
      );
      a.child.kill('SIGKILL');
      await exited(a.child);
      registry.kill('SIGCONT');
      await takeOver(id, a, `${repo}`);
    } finally {
      registry.kill('SIGCONT');
      registry.kill('SIGTERM');
      await exited(registry);
    }
  });

  it('a PostgreSQL restart under load: the workers reconnect, and every queued scan is recorded once', async () => {
    const imageId = docker('image', 'inspect', '--format', '{{.Id}}', IMAGE);
    const serve = serveReplica(19200 + (P % 300));
    await waitLog(serve, /listening on/, 'serve to listen');
    const repos = Array.from({ length: 10 }, (_, i) => `sgg-restart-${P}-${i}`);
    for (const repository of repos) await store.enqueue({ digest: imageId, repository, trigger: 'deploy', origin: `ref:${IMAGE}` });
    await waitFor('the first scan to finish', async () => ((await scansOf(repos[0]!)).some((r) => r.status === 'done') ? true : undefined));
    await restartPostgres();
    await waitFor(
      'every scan to finish',
      async () => {
        const all = await Promise.all(repos.map(scansOf)).catch(() => undefined);
        return all?.every((rows) => rows.length === 1 && rows[0]!.status === 'done') ? all : undefined;
      },
      120_000,
    );
    expect(logOf(serve)).toMatch(/is reachable again|database connection lost/);
  });

  it('two watch replicas elect one enforcer: one bad deploy, one action; the survivor takes over when the leader dies', async () => {
    const w1 = start(['watch', '--enforce', 'scale-zero', '--threshold', 'CRITICAL']);
    await waitLog(w1, /elected the enforcer/, 'watch 1 to lead');
    const w2 = start(['watch', '--enforce', 'scale-zero', '--threshold', 'CRITICAL']);
    await waitLog(w2, /standing by/, 'watch 2 to stand by');
    const replicas = (svc: string) => docker('service', 'inspect', '--format', '{{.Spec.Mode.Replicated.Replicas}}', svc);
    // What each replica did to a service: its POLICY lines (a scale-down, or "already runs no task" when a second
    // event of the same deploy finds the service already blocked).
    const actionsOf = (w: { log: string[] }, svc: string) =>
      logOf(w)
        .split('\n')
        .filter((l) => l.includes('POLICY:') && l.includes(svc));
    const actions = (svc: string) => [w1, w2].flatMap((w) => actionsOf(w, svc));

    docker('service', 'create', '-d', '--name', SERVICES[0]!, '--no-resolve-image', BAD, 'sleep', '600');
    await waitFor('the scale-down', () => (replicas(SERVICES[0]!) === '0' && actions(SERVICES[0]!).length > 0 ? true : undefined), 120_000);
    // Give a second enforcer every chance to act too.
    await new Promise((r) => setTimeout(r, 4000));
    // One enforcer acted: the stand-by replica never did.
    expect(actionsOf(w1, SERVICES[0]!).length).toBeGreaterThan(0);
    expect(logOf(w2)).not.toContain('POLICY:');

    w1.child.kill('SIGKILL');
    await exited(w1.child);
    await waitLog(w2, /elected the enforcer/, 'watch 2 to take over');
    docker('service', 'create', '-d', '--name', SERVICES[1]!, '--no-resolve-image', BAD, 'sleep', '600');
    await waitFor('the survivor’s scale-down', () => (replicas(SERVICES[1]!) === '0' && actionsOf(w2, SERVICES[1]!).length > 0 ? true : undefined), 120_000);
    expect(actionsOf(w1, SERVICES[1]!)).toEqual([]);
  });
});

async function leaseOwner(id: number): Promise<string | undefined> {
  const r = await store.pool.query<{ lease_owner: string | null }>('SELECT lease_owner FROM scans WHERE id = $1', [id]);
  return r.rows[0]?.lease_owner ?? undefined;
}

/** B, started after A died, takes the scan over once A's lease runs out, and records it exactly once. */
async function takeOver(id: number, a: { child: ChildProcess; log: string[] }, repository: string): Promise<void> {
  const b = serveReplica(18900 + (P % 300));
  const done = await waitFor('B to finish the scan', async () => {
    const r = await store.get(id);
    return r?.status === 'done' ? r : undefined;
  });
  expect(done.resumes).toBe(1);
  expect(logOf(b)).toMatch(new RegExp(`took over scan #${id} `));
  expect(await scansOf(repository)).toHaveLength(1);
  expect(logOf(b)).toContain('history postgres://swarmguard@/');
  const password = readFileSync(passwordFile, 'utf8').trim();
  for (const p of [a, b]) expect(logOf(p)).not.toContain(password);
}
