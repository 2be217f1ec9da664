// Scan on deploy: `swarmguard watch` follows the swarm's events; a service update to a vulnerable image is
// scanned and, with --enforce rollback, rolled back to its previous spec; an engine restart loses no event.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtureDb, waitFor } from '../helpers/fixture-db.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-watch-'));
const historyFile = path.join(dir, 'history.db');
const SVC = `sgw-app-${process.pid}`;
const SVC2 = `sgw-after-${process.pid}`;
let watch: ChildProcess;
const watchLog: string[] = [];

type Scan = { repository: string; tag: string | null; trigger: string; status: string; counts: Record<string, number> | null };
const history = (): Scan[] =>
  JSON.parse(spawnSync(process.execPath, ['bin/swarmguard.js', 'history', '--history', historyFile, '--format', 'json', '-n', '50'], { encoding: 'utf8' }).stdout || '[]') as Scan[];
const docker = (...a: string[]) => execFileSync('docker', a, { encoding: 'utf8' }).trim();
const imageOf = (svc: string) => docker('service', 'inspect', '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}', svc);

beforeAll(async () => {
  const db = makeFixtureDb(dir);
  watch = spawn(process.execPath, ['bin/swarmguard.js', 'watch', '--enforce', 'rollback', '--threshold', 'CRITICAL', '--db', db, '--history', historyFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  watch.stderr!.on('data', (c: Buffer) => watchLog.push(c.toString()));
  await waitFor('watch to start', () => (watchLog.join('').includes('watching services') ? true : undefined), 20_000);
});

afterAll(async () => {
  watch.kill('SIGTERM');
  await new Promise((r) => (watch.exitCode !== null ? r(null) : watch.once('exit', r)));
  for (const s of [SVC, SVC2]) spawnSync('docker', ['service', 'rm', s], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

describe('watch (real swarm)', () => {
  it('scans a created service, and rolls back an update to a vulnerable image', async () => {
    docker('service', 'create', '-d', '--name', SVC, '--no-resolve-image', 'swarmguard-test/busybox:latest', 'sleep', '600');
    await waitFor('the busybox scan', () => history().find((s) => s.repository === 'swarmguard-test/busybox' && s.status === 'done'));
    docker('service', 'update', '-d', '--no-resolve-image', '--image', 'swarmguard-test/debian:bookworm', SVC);
    const scan = await waitFor('the debian scan', () => history().find((s) => s.repository === 'swarmguard-test/debian' && s.status === 'done'));
    expect(scan).toMatchObject({ trigger: 'deploy', counts: expect.objectContaining({ CRITICAL: 1 }) });
    await waitFor('the rollback', () => (imageOf(SVC) === 'swarmguard-test/busybox:latest' ? true : undefined));
    // The watcher logs the action after the engine accepted it: wait for the line rather than race it.
    await waitFor('the policy log line', () => (/POLICY: .* rolled .* back to its previous spec/.test(watchLog.join('')) ? true : undefined), 20_000);
  });

  it('loses no event across an engine restart', async () => {
    const down = execFileSync('bash', ['scripts/test-env.sh', 'down'], { encoding: 'utf8' });
    expect(down, 'the test restarts the dockerd that scripts/test-env.sh started').toMatch(/stopped dockerd/);
    const up = execFileSync('bash', ['scripts/test-env.sh', 'up'], { encoding: 'utf8' });
    expect(up).toMatch(/started dockerd/);
    docker('service', 'create', '-d', '--name', SVC2, '--no-resolve-image', 'swarmguard-test/web:latest');
    await waitFor('the scan of the service created after the restart', () => history().find((s) => s.repository === 'swarmguard-test/web' && s.status === 'done'), 90_000);
    // The watcher is still the same process: it reconnected by itself.
    expect(watch.exitCode).toBeNull();
  });
});
