// `watch --enforce rollback --policy FILE`: the gate takes the same decision as `policy check`. busybox has no
// vulnerability the fixture database knows (it passes --threshold CRITICAL) but runs as root with a shell: the
// policy rolls the deploy back to the hardened image, which passes it. Both are deployed pinned by digest from a
// loopback registry: watch judges only what it can tell the nodes run, and rolls back only to an image judged clean.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtureDb, waitFor } from '../helpers/fixture-db.js';
import { startLoopbackRegistry } from '../helpers/loopback-registry.js';
import { readHistory } from '../helpers/run.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-watchpol-'));
const SVC = `sgwp-app-${process.pid}`;
const HARDENED = 'swarmguard-test/hardened:latest';
const ROOTY = 'swarmguard-test/busybox:latest';
let watch: ChildProcess;
const watchLog: string[] = [];
const docker = (...a: string[]) => execFileSync('docker', a, { encoding: 'utf8' }).trim();
const REG = `127.0.0.1:${15900 + (process.pid % 300)}`;
let registry: ChildProcess | undefined;
let hardened = '';
let rooty = '';
const historyFile = path.join(dir, 'history.db');
/** Pushes a local image (kept local) and returns `repo:tag@digest`. */
function push(local: string, repo: string): string {
  docker('tag', local, `${repo}:1`);
  execFileSync('docker', ['push', '-q', `${repo}:1`], { stdio: 'ignore' });
  const digests = JSON.parse(docker('image', 'inspect', '--format', '{{json .RepoDigests}}', `${repo}:1`)) as string[];
  return `${repo}:1@${digests.find((d) => d.startsWith(`${repo}@`))!.slice(repo.length + 1)}`;
}
const scannedDigests = () =>
  readHistory(historyFile)
    .filter((s) => s.status === 'done')
    .map((s) => s.digest);
const imageOf = (svc: string) => docker('service', 'inspect', '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}', svc);
const exited = (c: ChildProcess | undefined) => new Promise((r) => (!c || c.exitCode !== null ? r(null) : c.once('exit', r)));

beforeAll(async () => {
  const db = makeFixtureDb(dir);
  registry = await startLoopbackRegistry(dir, Number(REG.split(':')[1]));
  hardened = push(HARDENED, `${REG}/sgwp-hardened-${process.pid}`);
  rooty = push(ROOTY, `${REG}/sgwp-rooty-${process.pid}`);
  const policy = path.join(dir, 'policy.yaml');
  writeFileSync(policy, 'name: gate\nrules:\n  - rule: non-root-user\n  - rule: no-shell\n  - rule: no-fixable-vulnerabilities\n');
  watch = spawn(
    process.execPath,
    ['bin/swarmguard.js', 'watch', '--enforce', 'rollback', '--policy', policy, '--threshold', 'CRITICAL', '--db', db, '--history', historyFile],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  watch.stderr!.on('data', (c: Buffer) => watchLog.push(c.toString()));
  await waitFor('watch to start', () => (watchLog.join('').includes('watching services') ? true : undefined), 30_000);
});

afterAll(async () => {
  if (watch && watch.exitCode === null) watch.kill('SIGTERM');
  await exited(watch);
  spawnSync('docker', ['service', 'rm', SVC], { stdio: 'ignore' });
  registry?.kill('SIGTERM');
  await exited(registry);
  for (const ref of [hardened, rooty]) if (ref) spawnSync('docker', ['rmi', ref.slice(0, ref.indexOf('@'))], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

describe('watch --enforce --policy (real swarm)', () => {
  it('keeps a deploy that meets the policy and rolls back one that fails it, saying which rules failed', async () => {
    docker('service', 'create', '-d', '--name', SVC, '--no-resolve-image', hardened);
    await waitFor('the scan of the hardened image', () => (scannedDigests().includes(hardened.slice(hardened.indexOf('@') + 1)) ? true : undefined), 90_000);
    docker('service', 'update', '-d', '--no-resolve-image', '--image', rooty, SVC);
    await waitFor('the rollback to the hardened image', () => (imageOf(SVC) === hardened ? true : undefined), 90_000);
    const line = await waitFor(
      'the policy log line',
      () =>
        watchLog
          .join('')
          .split('\n')
          .find((l) => l.includes('fails the policy')),
      20_000,
    );
    // The log names the deployed image by its pinned reference, which rules failed and what was done.
    expect(line).toMatch(
      /@sha256:[0-9a-f]{64} fails the policy: non-root-user \(the image runs as root \(no USER\)\); no-shell \(\/bin\/sh\): rolled sgwp-app-\d+ back/,
    );
    expect(
      watchLog
        .join('')
        .split('\n')
        .filter((l) => l.includes('fails the policy')),
    ).toHaveLength(1);
  });
});
