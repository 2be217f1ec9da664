// swarmguard as a stack (`self init`, deploy/swarmguard.yaml) on the test swarm: the image is built from
// local images (scripts/images/swarmguard-stack-image.sh), the stack lints clean (its one documented exception
// waived in the file), deploys, converges with every healthcheck passing, and serves the dashboard.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtureDb, waitFor } from '../helpers/fixture-db.js';
import { run, runCli, sh } from '../helpers/run.js';

const P = process.pid;
const STACK = `sgg-self-${P}`;
const PREFIX = `sgg_self_${P}`;
const PORT = 18400 + (P % 500);
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-self-stack-'));
const file = path.join(dir, 'swarmguard.yaml');
const docker = (...a: string[]) => execFileSync('docker', a, { encoding: 'utf8' }).trim();

beforeAll(async () => {
  const built = await run('bash', [path.resolve('scripts/images/swarmguard-stack-image.sh'), 'all']);
  if (built.status !== 0) throw new Error(`building swarmguard's image failed:\n${built.stderr}`);
  for (const [name, value] of [
    ['db_password', `db-${P}-${'p'.repeat(30)}`],
    ['serve_token', `serve-${P}-${'s'.repeat(40)}`],
    ['dashboard_token', `dashboard-${P}-${'x'.repeat(40)}`],
  ] as const)
    await sh('docker', ['secret', 'create', `${PREFIX}_${name}`, '-'], { input: value });
  // The advisory volume, filled as an operator's `db update` would.
  const db = makeFixtureDb(dir);
  await sh('docker', [
    'run',
    '--rm',
    '--network',
    'none',
    '-v',
    `${STACK}_advisories:/d`,
    '-v',
    `${path.dirname(db)}:/src:ro`,
    'swarmguard-test/busybox:latest',
    'sh',
    '-c',
    `cp /src/${path.basename(db)} /d/vuln.db && chmod 0755 /d && chmod 0644 /d/vuln.db`,
  ]);
});

afterAll(async () => {
  spawnSync('docker', ['stack', 'rm', STACK], { stdio: 'ignore' });
  await waitFor(
    'the stack’s containers to go',
    () => (docker('ps', '-aq', '--filter', `label=com.docker.stack.namespace=${STACK}`) === '' ? true : undefined),
    120_000,
  ).catch(() => undefined);
  for (const n of ['db_password', 'serve_token', 'dashboard_token']) spawnSync('docker', ['secret', 'rm', `${PREFIX}_${n}`], { stdio: 'ignore' });
  await waitFor(
    'the stack’s networks to go',
    () => (docker('network', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${STACK}`) === '' ? true : undefined),
    60_000,
  ).catch(() => undefined);
  spawnSync('docker', ['volume', 'rm', `${STACK}_advisories`, `${STACK}_db-data`], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

describe('swarmguard as a stack', () => {
  it('self init pins the local image to its ID, and the stack lints clean: nothing above LOW but the two socket mounts, waived in the file with their reasons', async () => {
    const init = await runCli([
      'self',
      'init',
      file,
      '--image',
      'swarmguard-test/swarmguard:local',
      '--secret-prefix',
      PREFIX,
      '--dashboard-port',
      String(PORT),
    ]);
    expect(init.status, init.stderr).toBe(0);
    const id = docker('image', 'inspect', '--format', '{{.Id}}', 'swarmguard-test/swarmguard:local');
    expect(readFileSync(file, 'utf8')).toContain(`image: "${id}"`);
    // Clean: nothing above LOW counts; the two socket mounts are waived in the file, each with its reason.
    const lint = await runCli(['compose', 'lint', file, '--format', 'json', '--fail-on', 'MEDIUM']);
    expect(lint.status, lint.stderr).toBe(0);
    const report = JSON.parse(lint.stdout) as {
      summary: { bySeverity: Record<string, number>; waived?: number };
      findings: { id: string; severity: string; message: string; waived?: { reason: string } }[];
    };
    expect(report.summary.bySeverity).toMatchObject({ CRITICAL: 0, HIGH: 0, MEDIUM: 0 });
    expect(report.findings.filter((f) => !f.waived && !['LOW', 'INFO'].includes(f.severity))).toEqual([]);
    expect(report.findings.filter((f) => f.waived).map((f) => `${f.id} ${f.message.split(' ').slice(0, 2).join(' ')}`)).toEqual([
      'docker-socket-mount service "serve"',
      'docker-socket-mount service "watch"',
    ]);
    expect(report.summary.waived).toBe(2);
    for (const f of report.findings.filter((x) => x.waived)) expect(f.waived!.reason.length).toBeGreaterThan(40);
    expect(readFileSync(file, 'utf8')).toMatch(/Deliberate exception, the one finding above LOW \(docker-socket-mount\)/);
  });

  it('deploys, converges with every healthcheck passing, and serves the dashboard', async () => {
    const deploy = await run('docker', ['stack', 'deploy', '--resolve-image', 'never', '-c', file, STACK]);
    expect(deploy.status, deploy.stderr).toBe(0);
    const want = { db: '1/1', serve: '2/2', watch: '2/2', dashboard: '1/1' };
    await waitFor(
      'the stack to converge',
      () => {
        const ls = docker('service', 'ls', '--filter', `label=com.docker.stack.namespace=${STACK}`, '--format', '{{.Name}} {{.Replicas}}');
        const got = Object.fromEntries(ls.split('\n').map((l) => [l.split(' ')[0]!.slice(STACK.length + 1), l.split(' ')[1]]));
        return Object.entries(want).every(([k, v]) => got[k] === v) ? true : undefined;
      },
      240_000,
    );
    await waitFor(
      'every container to be healthy',
      () => {
        const st = docker('ps', '--filter', `label=com.docker.stack.namespace=${STACK}`, '--format', '{{.Status}}').split('\n');
        return st.length === 6 && st.every((s) => s.includes('(healthy)')) ? true : undefined;
      },
      240_000,
    );
    const health = await fetch(`http://127.0.0.1:${PORT}/healthz`);
    expect(health.status).toBe(200);
    // The pages need the token (a Docker secret): the dashboard sends a browser to sign in.
    const page = await fetch(`http://127.0.0.1:${PORT}/`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    const login = await fetch(`http://127.0.0.1:${PORT}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toMatch(/swarmguard/i);
    // One watch replica enforces, the other stands by.
    const logs = spawnSync('docker', ['service', 'logs', '--raw', `${STACK}_watch`], { encoding: 'utf8' });
    const watchLogs = `${logs.stdout}${logs.stderr}`;
    expect(watchLogs).toMatch(/elected the enforcer/);
    expect(watchLogs).toMatch(/standing by/);
  });
});
