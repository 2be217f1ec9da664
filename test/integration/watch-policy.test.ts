// `watch --enforce rollback --policy FILE`: the gate takes the same decision as `policy check`. busybox has no
// vulnerability the fixture database knows (it passes --threshold CRITICAL) but runs as root with a shell: the
// policy rolls the deploy back to the hardened image, which passes it.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtureDb, waitFor } from '../helpers/fixture-db.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-watchpol-'));
const SVC = `sgwp-app-${process.pid}`;
const HARDENED = 'swarmguard-test/hardened:latest';
const ROOTY = 'swarmguard-test/busybox:latest';
let watch: ChildProcess;
const watchLog: string[] = [];
const docker = (...a: string[]) => execFileSync('docker', a, { encoding: 'utf8' }).trim();
const imageOf = (svc: string) => docker('service', 'inspect', '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}', svc);
const exited = (c: ChildProcess | undefined) => new Promise((r) => (!c || c.exitCode !== null ? r(null) : c.once('exit', r)));

beforeAll(async () => {
  const db = makeFixtureDb(dir);
  const policy = path.join(dir, 'policy.yaml');
  writeFileSync(policy, 'name: gate\nrules:\n  - rule: non-root-user\n  - rule: no-shell\n  - rule: no-fixable-vulnerabilities\n');
  watch = spawn(
    process.execPath,
    [
      'bin/swarmguard.js',
      'watch',
      '--enforce',
      'rollback',
      '--policy',
      policy,
      '--threshold',
      'CRITICAL',
      '--db',
      db,
      '--history',
      path.join(dir, 'history.db'),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  watch.stderr!.on('data', (c: Buffer) => watchLog.push(c.toString()));
  await waitFor('watch to start', () => (watchLog.join('').includes('watching services') ? true : undefined), 30_000);
});

afterAll(async () => {
  if (watch && watch.exitCode === null) watch.kill('SIGTERM');
  await exited(watch);
  spawnSync('docker', ['service', 'rm', SVC], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

describe('watch --enforce --policy (real swarm)', () => {
  it('keeps a deploy that meets the policy and rolls back one that fails it, saying which rules failed', async () => {
    docker('service', 'create', '-d', '--name', SVC, '--no-resolve-image', HARDENED);
    docker('service', 'update', '-d', '--no-resolve-image', '--image', ROOTY, SVC);
    await waitFor('the rollback to the hardened image', () => (imageOf(SVC) === HARDENED ? true : undefined), 90_000);
    const line = await waitFor(
      'the policy log line',
      () =>
        watchLog
          .join('')
          .split('\n')
          .find((l) => l.includes('fails the policy')),
      20_000,
    );
    // The manager names the deployed image by its id; the log says which rules failed and what was done.
    expect(line).toMatch(
      /sha256:[0-9a-f]{64} fails the policy: non-root-user \(the image runs as root \(no USER\)\); no-shell \(\/bin\/sh\): rolled sgwp-app-\d+ back/,
    );
    expect(
      watchLog
        .join('')
        .split('\n')
        .filter((l) => l.includes('fails the policy')),
    ).toHaveLength(1);
  });
});
