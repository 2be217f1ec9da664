// Scan on deploy: `swarmguard watch` follows the swarm's events; a service update to a vulnerable image is
// scanned and, with --enforce rollback, rolled back to its previous spec when that spec's image is judged clean.
// An unpinned spec cannot be judged (the nodes resolve the tag themselves): it is blocked. With `serve` and a real registry
// (Debian's docker-registry on loopback) sharing the history: a digest that serve judged at push time is
// enforced at deploy, again on an immediate redeploy, and a `tag@digest` deploy is judged by its digest even
// when the manager's tag points at a clean image.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtureDb, waitFor } from '../helpers/fixture-db.js';
import { readHistory, sh } from '../helpers/run.js';
import { startLoopbackRegistry } from '../helpers/loopback-registry.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-watch-'));
const historyFile = path.join(dir, 'history.db');
const P = process.pid;
const SVC = `sgw-app-${P}`;
const SVC2 = `sgw-after-${P}`;
const SVC_PUSHED = `sgw-pushed-${P}`;
const SVC_PINNED = `sgw-pinned-${P}`;
const SERVE_PORT = 19090 + (P % 500);
const REG_PORT = 16000 + (P % 500);
const REPO = `127.0.0.1:${REG_PORT}/team/deb-${P}`;
const REPO_PINNED = `127.0.0.1:${REG_PORT}/team/pinned-${P}`;
const VARIANT = `sgw-variant-${P}:bad`;
const TOKEN = `watch-test-token-${P}-0123456789-0123456789`;
const CLEAN = 'swarmguard-test/busybox:latest';
const REPO_CLEAN = `127.0.0.1:${REG_PORT}/team/clean-${P}`;
/** The clean image pinned by digest, pushed (and scanned by serve) before the tests. */
let CLEAN_PINNED = '';
let watch: ChildProcess;
let serve: ChildProcess;
let registry: ChildProcess;
const watchLog: string[] = [];
const serveLog: string[] = [];

const history = () => readHistory(historyFile);
const docker = (...a: string[]) => execFileSync('docker', a, { encoding: 'utf8' }).trim();
const imageOf = (svc: string) => docker('service', 'inspect', '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}', svc);
const policyLines = (svc: string) =>
  watchLog
    .join('')
    .split('\n')
    .filter((l) => l.includes('POLICY:') && l.includes(`rolled ${svc} back`));
const exited = (c: ChildProcess | undefined) => new Promise((r) => (!c || c.exitCode !== null ? r(null) : c.once('exit', r)));
/** The manifest digest the registry gave a pushed tag. */
const pushedDigest = (ref: string, repo: string): string => {
  const digests = JSON.parse(docker('image', 'inspect', '--format', '{{json .RepoDigests}}', ref)) as string[];
  const mine = digests.find((d) => d.startsWith(`${repo}@`));
  if (!mine) throw new Error(`no repo digest for ${repo} in ${digests.join(', ')}`);
  return mine.slice(repo.length + 1);
};

let db = '';

beforeAll(async () => {
  db = makeFixtureDb(dir);
  writeFileSync(path.join(dir, 'token'), TOKEN, { mode: 0o600 });
  serve = spawn(
    process.execPath,
    ['bin/swarmguard.js', 'serve', '--listen', `127.0.0.1:${SERVE_PORT}`, '--token-file', path.join(dir, 'token'), '--db', db, '--history', historyFile],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  serve.stderr!.on('data', (c: Buffer) => serveLog.push(c.toString()));
  watch = spawn(process.execPath, ['bin/swarmguard.js', 'watch', '--enforce', 'rollback', '--threshold', 'CRITICAL', '--db', db, '--history', historyFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  watch.stderr!.on('data', (c: Buffer) => watchLog.push(c.toString()));
  await waitFor('serve to listen', () => (serveLog.join('').includes('listening on') ? true : undefined), 30_000);
  await waitFor('watch to start', () => (watchLog.join('').includes('watching services') ? true : undefined), 30_000);
  registry = await startLoopbackRegistry(dir, REG_PORT, { url: `http://127.0.0.1:${SERVE_PORT}/v1/registry/notifications`, token: TOKEN });
  docker('tag', CLEAN, `${REPO_CLEAN}:1`);
  await sh('docker', ['push', '-q', `${REPO_CLEAN}:1`]);
  const cleanDigest = pushedDigest(`${REPO_CLEAN}:1`, REPO_CLEAN);
  CLEAN_PINNED = `${REPO_CLEAN}:1@${cleanDigest}`;
  await waitFor('serve’s scan of the clean push', () => history().find((s) => s.digest === cleanDigest && s.status === 'done'));
}, 180_000);

afterAll(async () => {
  for (const c of [watch, serve, registry]) if (c && c.exitCode === null) c.kill('SIGTERM');
  await Promise.all([watch, serve, registry].map(exited));
  for (const s of [SVC, SVC2, SVC_PUSHED, SVC_PINNED]) spawnSync('docker', ['service', 'rm', s], { stdio: 'ignore' });
  for (const ref of [`${REPO}:1`, `${REPO_PINNED}:1`, `${REPO_CLEAN}:1`, VARIANT]) spawnSync('docker', ['rmi', ref], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

describe('watch (real swarm)', () => {
  it('blocks an unpinned deploy: it cannot tell which image the nodes run', async () => {
    docker('service', 'create', '-d', '--name', SVC, '--no-resolve-image', CLEAN, 'sleep', '600');
    // The log line is written once the block is done: wait for both, in either order.
    const said = new RegExp(`service ${SVC} runs swarmguard-test/busybox:latest, which could not be scanned: not pinned by digest`);
    await waitFor('the block', () =>
      docker('service', 'inspect', '--format', '{{.Spec.Mode.Replicated.Replicas}}', SVC) === '0' && said.test(watchLog.join('')) ? true : undefined,
    );
    expect(watchLog.join('')).toMatch(said);
  });

  it('push → serve scans → deploy of that digest is rolled back, and so is an immediate redeploy', async () => {
    docker('tag', 'swarmguard-test/debian:bookworm', `${REPO}:1`);
    await sh('docker', ['push', '-q', `${REPO}:1`]);
    const digest = pushedDigest(`${REPO}:1`, REPO);
    const pushScan = await waitFor('serve’s scan of the push', () => history().find((s) => s.digest === digest && s.trigger === 'push' && s.status === 'done'));
    expect(pushScan.counts).toMatchObject({ CRITICAL: 1 });

    docker('service', 'create', '-d', '--name', SVC_PUSHED, '--no-resolve-image', CLEAN_PINNED, 'sleep', '600');
    const pinned = `${REPO}:1@${digest}`;
    docker('service', 'update', '-d', '--no-resolve-image', '--image', pinned, SVC_PUSHED);
    await waitFor('the rollback', () => (imageOf(SVC_PUSHED) === CLEAN_PINNED && policyLines(SVC_PUSHED).length === 1 ? true : undefined));
    expect(watchLog.join('')).toContain(`judged by scan #${pushScan.id} (push`);

    // Seconds later, the same bad digest again: judged again, not waved through.
    docker('service', 'update', '-d', '--no-resolve-image', '--image', pinned, SVC_PUSHED);
    await waitFor('the second rollback', () => (imageOf(SVC_PUSHED) === CLEAN_PINNED && policyLines(SVC_PUSHED).length === 2 ? true : undefined));
    // Serve's verdict decided both times: the deploys needed no scan of their own.
    expect(
      history()
        .filter((s) => s.digest === digest)
        .map((s) => s.trigger),
    ).toEqual(['push']);
  });

  it('a tag@digest deploy is judged by the pinned digest (read from the registry), not by the manager’s tag (which points at a clean image)', async () => {
    // A bad image the history has never seen: serve is stopped so that the push is not scanned.
    serve.kill('SIGTERM');
    await exited(serve);
    await sh('docker', ['build', '-q', '-t', VARIANT, '-'], { input: `FROM swarmguard-test/debian:bookworm\nLABEL test.variant="${P}"\n` });
    docker('tag', VARIANT, `${REPO_PINNED}:1`);
    await sh('docker', ['push', '-q', `${REPO_PINNED}:1`]);
    const digest = pushedDigest(`${REPO_PINNED}:1`, REPO_PINNED);
    expect(history().some((s) => s.digest === digest)).toBe(false);
    // The manager's tag now names the clean busybox image, and the manager no longer has D at all:
    // the watcher must read D from its registry.
    docker('tag', CLEAN, `${REPO_PINNED}:1`);
    docker('rmi', VARIANT, `${REPO_PINNED}@${digest}`);
    expect(spawnSync('docker', ['image', 'inspect', `${REPO_PINNED}@${digest}`]).status).not.toBe(0);
    const busyboxId = docker('image', 'inspect', '--format', '{{.Id}}', CLEAN);

    docker('service', 'create', '-d', '--name', SVC_PINNED, '--no-resolve-image', CLEAN_PINNED, 'sleep', '600');
    const before = history().filter((s) => s.digest === busyboxId).length;
    docker('service', 'update', '-d', '--no-resolve-image', '--image', `${REPO_PINNED}:1@${digest}`, SVC_PINNED);
    const scan = await waitFor('the deploy scan of the pinned digest', () => history().find((s) => s.digest === digest && s.status === 'done'));
    expect(scan).toMatchObject({ trigger: 'deploy', repository: REPO_PINNED, tag: '1', counts: { CRITICAL: 1 } });
    await waitFor('the rollback', () => (imageOf(SVC_PINNED) === CLEAN_PINNED && policyLines(SVC_PINNED).length === 1 ? true : undefined));
    expect(watchLog.join('')).toContain(`${REPO_PINNED}@${digest}`);
    // The clean image behind the tag was not what got judged for this deploy.
    expect(history().filter((s) => s.digest === busyboxId && s.repository === REPO_PINNED)).toHaveLength(0);
    expect(history().filter((s) => s.digest === busyboxId).length).toBe(before);
  });

  it('a deploy made while watch was stopped is judged when it starts again', async () => {
    const digest = pushedDigest(`${REPO}:1`, REPO);
    watch.kill('SIGTERM');
    await exited(watch);
    docker('service', 'update', '-d', '--no-resolve-image', '--image', `${REPO}:1@${digest}`, SVC_PUSHED);
    watchLog.length = 0;
    watch = spawn(process.execPath, ['bin/swarmguard.js', 'watch', '--enforce', 'rollback', '--threshold', 'CRITICAL', '--db', db, '--history', historyFile], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    watch.stderr!.on('data', (c: Buffer) => watchLog.push(c.toString()));
    await waitFor('the rollback after the restart', () => (imageOf(SVC_PUSHED) === CLEAN_PINNED && policyLines(SVC_PUSHED).length === 1 ? true : undefined));
    expect(watchLog.join('')).toMatch(/catching up: \d+ service\(s\) changed/);
  });

  // Restarting the shared engine disturbs everyone else's tests: only where that is allowed.
  it.runIf(process.env.SG_ALLOW_ENGINE_RESTART === '1')('loses no event across an engine restart', async () => {
    const down = await sh('bash', ['scripts/test-env.sh', 'down']);
    expect(down, 'the test restarts the dockerd that scripts/test-env.sh started').toMatch(/stopped dockerd/);
    const up = await sh('bash', ['scripts/test-env.sh', 'up']);
    expect(up).toMatch(/started dockerd/);
    docker('service', 'create', '-d', '--name', SVC2, '--no-resolve-image', 'swarmguard-test/web:latest');
    // Unpinned: judged at once as one that cannot be scanned, which proves the event arrived.
    await waitFor(
      'the judgement of the service created after the restart',
      () => (watchLog.join('').includes(`service ${SVC2} runs`) ? true : undefined),
      90_000,
    );
    // The watcher is still the same process: it reconnected by itself.
    expect(watch.exitCode).toBeNull();
  });
});
