// watch --enforce acts only on what it judged, on the real swarm. Images are pinned by digest from a loopback
// registry (an unpinned spec cannot be judged). To hold a bad image's scan open while the service changes, the
// bad digest exists only in the registry, and the registry process is stopped (SIGSTOP) until the change is made.
//   Repro A: update to bad@B, then `service update --force` before B's scan ends → at 0 replicas, never on B.
//   Repro B: deploy bad B, then good G before B's scan ends → stays on G, never "rolled back" to B.
// And a global service and a replicated job on a failing digest are constrained to no node.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_CONSTRAINT } from '../../src/autoscan/enforce.js';
import { makeFixtureDb, waitFor } from '../helpers/fixture-db.js';
import { startLoopbackRegistry } from '../helpers/loopback-registry.js';
import { readHistory, sh } from '../helpers/run.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-enforce-'));
const historyFile = path.join(dir, 'history.db');
const P = process.pid;
const REG = `127.0.0.1:${17000 + (P % 500)}`;
const OK = `${REG}/sge-ok-${P}`;
const BAD = `${REG}/sge-bad-${P}`;
const VARIANT = `sge-variant-${P}:2`;
const SVC_A = `sge-a-${P}`;
const SVC_B = `sge-b-${P}`;
const SVC_G = `sge-global-${P}`;
const SVC_J = `sge-job-${P}`;
let watch: ChildProcess;
let registry: ChildProcess;
const watchLog: string[] = [];
let good = '';
let bad1 = '';
let bad2 = '';

const history = () => readHistory(historyFile);
const docker = (...a: string[]) => execFileSync('docker', a, { encoding: 'utf8' }).trim();
const spec = (svc: string) =>
  JSON.parse(docker('service', 'inspect', '--format', '{{json .Spec}}', svc)) as {
    Mode: { Replicated?: { Replicas?: number } };
    TaskTemplate: { ContainerSpec: { Image: string }; Placement?: { Constraints?: string[] } };
  };
const logHas = (re: RegExp) => (re.test(watchLog.join('')) ? true : undefined);
const exited = (c: ChildProcess | undefined) => new Promise((r) => (!c || c.exitCode !== null ? r(null) : c.once('exit', r)));
/** Pushes a local image as repo:tag and returns `repo:tag@digest`; the local digest reference is then removed when asked. */
async function push(local: string, repo: string, tag: string, keepLocal: boolean): Promise<string> {
  docker('tag', local, `${repo}:${tag}`);
  await sh('docker', ['push', '-q', `${repo}:${tag}`]);
  const digests = JSON.parse(docker('image', 'inspect', '--format', '{{json .RepoDigests}}', `${repo}:${tag}`)) as string[];
  const digest = digests.find((d) => d.startsWith(`${repo}@`))!.slice(repo.length + 1);
  if (!keepLocal) {
    docker('rmi', `${repo}:${tag}`);
    spawnSync('docker', ['rmi', `${repo}@${digest}`], { stdio: 'ignore' });
    if (spawnSync('docker', ['image', 'inspect', `${repo}@${digest}`], { stdio: 'ignore' }).status === 0) throw new Error(`${repo}@${digest} is still local`);
  }
  return `${repo}:${tag}@${digest}`;
}
const digestOf = (ref: string) => ref.slice(ref.indexOf('@') + 1);
const scanned = (ref: string) => waitFor(`the scan of ${ref}`, () => history().find((s) => s.digest === digestOf(ref) && s.status === 'done'), 120_000);

beforeAll(async () => {
  const db = makeFixtureDb(dir);
  registry = await startLoopbackRegistry(dir, Number(REG.split(':')[1]));
  good = await push('swarmguard-test/busybox:latest', OK, '1', true);
  bad1 = await push('swarmguard-test/debian:bookworm', BAD, '1', false);
  await sh('docker', ['build', '-q', '-t', VARIANT, '-'], { input: `FROM swarmguard-test/debian:bookworm\nLABEL test.variant="${P}"\n` });
  bad2 = await push(VARIANT, BAD, '2', false);
  watch = spawn(process.execPath, ['bin/swarmguard.js', 'watch', '--enforce', 'rollback', '--threshold', 'CRITICAL', '--db', db, '--history', historyFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  watch.stderr!.on('data', (c: Buffer) => watchLog.push(c.toString()));
  await waitFor('watch to start', () => logHas(/watching services/), 30_000);
}, 180_000);

afterAll(async () => {
  if (registry && registry.exitCode === null) registry.kill('SIGCONT');
  for (const c of [watch, registry]) if (c && c.exitCode === null) c.kill('SIGTERM');
  await Promise.all([watch, registry].map(exited));
  for (const s of [SVC_A, SVC_B, SVC_G, SVC_J]) spawnSync('docker', ['service', 'rm', s], { stdio: 'ignore' });
  for (const ref of [`${OK}:1`, VARIANT]) spawnSync('docker', ['rmi', ref], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

describe('watch --enforce acts only on what it judged (real swarm)', () => {
  it('repro A: update to bad@B, then --force before B’s scan ends: ends at 0 replicas, never running B', async () => {
    docker('service', 'create', '-d', '--name', SVC_A, '--no-resolve-image', good, 'sleep', '600');
    await scanned(good);
    registry.kill('SIGSTOP');
    try {
      docker('service', 'update', '-d', '--no-resolve-image', '--image', bad1, SVC_A);
      await waitFor('watch to queue B', () => logHas(new RegExp(`service ${SVC_A} updated → \\S+sge-bad-${P}@sha256:[a-f0-9]+: queued`)));
      docker('service', 'update', '-d', '--no-resolve-image', '--force', SVC_A);
      await waitFor('watch to see the forced update', () => logHas(new RegExp(`service ${SVC_A} updated → \\S+: duplicate`)));
    } finally {
      registry.kill('SIGCONT');
    }
    expect(await scanned(bad1)).toMatchObject({ counts: { CRITICAL: 1 } });
    await waitFor('the enforcement on A', () => logHas(new RegExp(`POLICY: .*${SVC_A}`)));
    const s = spec(SVC_A);
    expect(s.TaskTemplate.ContainerSpec.Image === good || s.Mode.Replicated?.Replicas === 0, JSON.stringify(s)).toBe(true);
    expect(watchLog.join('')).toMatch(/fails the policy too: scaled it to 0 replicas/);
  }, 240_000);

  it('repro B: deploy bad B, then good G before B’s scan ends: stays on G', async () => {
    docker('service', 'create', '-d', '--name', SVC_B, '--no-resolve-image', good, 'sleep', '600');
    await waitFor('watch to judge B’s first deploy', () => logHas(new RegExp(`service ${SVC_B} created`)));
    registry.kill('SIGSTOP');
    try {
      docker('service', 'update', '-d', '--no-resolve-image', '--image', bad2, SVC_B);
      await waitFor('watch to queue the bad image', () => logHas(new RegExp(`service ${SVC_B} updated → \\S+sge-bad-${P}@sha256:[a-f0-9]+: queued`)));
      docker('service', 'update', '-d', '--no-resolve-image', '--image', good, SVC_B);
      await waitFor('watch to see the good redeploy', () => (watchLog.join('').split(`service ${SVC_B} updated`).length >= 3 ? true : undefined));
    } finally {
      registry.kill('SIGCONT');
    }
    expect(await scanned(bad2)).toMatchObject({ counts: { CRITICAL: 1 } });
    await waitFor('watch to see B no longer runs the bad image', () => logHas(new RegExp(`${SVC_B} no longer runs the judged image`)));
    const s = spec(SVC_B);
    expect(s.TaskTemplate.ContainerSpec.Image).toBe(good);
    expect(s.Mode.Replicated?.Replicas).toBe(1);
  }, 240_000);

  it('blocks a global service and a job with a failing verdict: constrained to no node', async () => {
    await scanned(bad1);
    docker('service', 'create', '-d', '--name', SVC_G, '--mode', 'global', '--no-resolve-image', bad1, 'sleep', '600');
    docker('service', 'create', '-d', '--name', SVC_J, '--mode', 'replicated-job', '--no-resolve-image', bad1, 'true');
    for (const svc of [SVC_G, SVC_J])
      await waitFor(`the constraint on ${svc}`, () => ((spec(svc).TaskTemplate.Placement?.Constraints ?? []).includes(BLOCK_CONSTRAINT) ? true : undefined));
    // The watcher logs the action after the engine accepted it: wait for the lines rather than race them.
    await waitFor('the policy line for the global service', () =>
      logHas(new RegExp(`${SVC_G} has no previous spec to roll back to: constrained the global service to no node`)),
    );
    await waitFor('the policy line for the job', () => logHas(new RegExp(`${SVC_J} has no previous spec to roll back to: constrained the job to no node`)));
  }, 180_000);
});
