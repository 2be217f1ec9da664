// The seed practice end to end on the real single-node swarm, as a user runs it:
// compose init → stack deploy → stack ls/services/ps → network check → stack verify → stack rm.
// Local test images stand in for nginx/httpd (no registry here); endpoint_mode dnsrr because this
// kernel has no IPVS — and with the default VIP mode, verify must name that as the cause.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';

const WEB = 'swarmguard-test/web:latest';
const PROBE = 'swarmguard-test/busybox:latest';
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-seed-'));

const sg = (...args: string[]) => runCli(args, { cwd: dir });

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8' }).trim();
}

/** Everything of a stack that still exists, by its namespace label. */
function leftovers(stack: string): string[] {
  const f = `label=com.docker.stack.namespace=${stack}`;
  return [
    ...docker('service', 'ls', '-q', '--filter', f).split('\n'),
    ...docker('network', 'ls', '-q', '--filter', f).split('\n'),
    ...docker('secret', 'ls', '-q', '--filter', f).split('\n'),
    ...docker('config', 'ls', '-q', '--filter', f).split('\n'),
  ].filter(Boolean);
}

async function waitRunning(stack: string, tasks: number): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ps = JSON.parse((await sg('stack', 'ps', stack, '--format', 'json')).stdout || '[]') as { state: string; desiredState: string }[];
    if (ps.filter((t) => t.desiredState === 'running' && t.state === 'running').length >= tasks) return;
    if (Date.now() > deadline) throw new Error(`stack ${stack} did not reach ${tasks} running tasks: ${JSON.stringify(ps)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The init stack with the test images, and health checks that settle in seconds instead of 30 s. */
async function initStack(file: string, endpointMode: 'dnsrr' | 'vip'): Promise<string> {
  const r = await sg('compose', 'init', file, '--image-nginx', WEB, '--image-httpd', WEB, '--endpoint-mode', endpointMode);
  expect(r.status).toBe(0);
  const p = path.join(dir, file);
  writeFileSync(
    p,
    readFileSync(p, 'utf8')
      .replace(/interval: 30s/g, 'interval: 2s')
      .replace(/start_period: 10s/g, 'start_period: 1s'),
  );
  return p;
}

describe('the seed flow on one node (real engine)', () => {
  beforeAll(async () => {
    for (const s of ['test', 'sgvip', 'sggate']) if (leftovers(s).length > 0) await sg('stack', 'rm', s);
  });

  afterAll(async () => {
    for (const s of ['test', 'sgvip']) if (leftovers(s).length > 0) await sg('stack', 'rm', s);
  });

  it('deploys `test` (nginx + httpd, one replica each, on network `encrypted`)', async () => {
    await initStack('overlay-encrypted.yaml', 'dnsrr');
    const r = await sg('stack', 'deploy', '-c', 'overlay-encrypted.yaml', '--resolve-image', 'never', 'test');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Creating network test_encrypted/);
    await waitRunning('test', 2);
  });

  it('is idempotent: the same file again changes nothing', async () => {
    const before = docker('service', 'inspect', '--format', '{{.Version.Index}}', 'test_nginx', 'test_httpd');
    const r = await sg('stack', 'deploy', '-c', 'overlay-encrypted.yaml', '--resolve-image', 'never', 'test');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2 unchanged/);
    expect(docker('service', 'inspect', '--format', '{{.Version.Index}}', 'test_nginx', 'test_httpd')).toBe(before);
  });

  it('lists the stack, its 2 services and 2 tasks with the node of each', async () => {
    expect((await sg('stack', 'ls')).stdout).toMatch(/^test\s+2\s+1$/m);
    const services = JSON.parse((await sg('stack', 'services', 'test', '--format', 'json')).stdout) as { name: string; replicas: string }[];
    expect(services.map((s) => s.name).sort()).toEqual(['test_httpd', 'test_nginx']);
    const tasks = JSON.parse((await sg('stack', 'ps', 'test', '--format', 'json')).stdout) as { name: string; node: string; state: string }[];
    const nodeName = docker('info', '--format', '{{.Name}}');
    expect(tasks.map((t) => t.name).sort()).toEqual(['test_httpd.1', 'test_nginx.1']);
    expect(tasks.every((t) => t.node === nodeName && t.state === 'running')).toBe(true);
  });

  it('proves test_encrypted is encrypted, with the option in Options (not IPAM)', async () => {
    const opts = JSON.parse(docker('network', 'inspect', '--format', '{{json .Options}}', 'test_encrypted')) as Record<string, string>;
    expect(opts).toHaveProperty('encrypted');
    const r = await sg('network', 'check');
    expect(r.stdout).toMatch(/^test_encrypted\s+swarm\s+\S+\s+\S+\s+yes\s+Options\.encrypted\s+test_httpd,test_nginx$/m);
    const json = JSON.parse((await sg('network', 'check', '--format', 'json')).stdout) as { findings: { target: { name?: string } }[] };
    expect(json.findings.filter((f) => f.target.name === 'test_encrypted')).toEqual([]);
  });

  it('verifies nginx → httpd (and back) by service name from the task on its node', async () => {
    const r = await sg('stack', 'verify', 'test', '--probe-image', PROBE);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/test_nginx\.1\s+\S+\s+test_httpd:80\s+OK/);
    expect(r.stdout).toMatch(/test_httpd\.1\s+\S+\s+test_nginx:80\s+OK/);
  });

  it('with the default VIP mode, verify fails and names the missing IPVS', async () => {
    await initStack('vip.yaml', 'vip');
    expect((await sg('stack', 'deploy', '-c', 'vip.yaml', '--resolve-image', 'never', 'sgvip')).status).toBe(0);
    await waitRunning('sgvip', 2);
    const r = await sg('stack', 'verify', 'sgvip', '--probe-image', PROBE, '--timeout', '2');
    expect(r.status).toBe(4);
    expect(r.stdout).toMatch(/no IPVS/);
    expect((await sg('stack', 'rm', 'sgvip')).status).toBe(0);
  });

  it('removes the stack and leaves nothing behind; removing it again says so', async () => {
    const r = await sg('stack', 'rm', 'test');
    expect(r.status, r.stderr).toBe(0);
    expect(leftovers('test')).toEqual([]);
    const again = await sg('stack', 'rm', 'test');
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/nothing found in stack: test/);
  });
});

afterAll(async () => {
  for (const s of ['sggate', 'sgext']) if (leftovers(s).length > 0) await sg('stack', 'rm', s);
  rmSync(dir, { recursive: true, force: true });
});

describe('the deploy gate (real engine)', () => {
  it('refuses a stack with a plaintext secret, deploys it with --force, prunes what left the file', async () => {
    const file = path.join(dir, 'gate.yaml');
    const stack = (withWorker: boolean) =>
      [
        'version: "3.9"',
        'services:',
        '  api:',
        `    image: ${WEB}`,
        '    environment:',
        '      DB_PASSWORD: hunter2-not-a-real-one',
        '    deploy: { endpoint_mode: dnsrr }',
        ...(withWorker ? ['  worker:', `    image: ${WEB}`, '    deploy: { endpoint_mode: dnsrr }'] : []),
        'networks:',
        '  default:',
        '    driver: overlay',
        '    driver_opts: { encrypted: "" }',
        '',
      ].join('\n');
    writeFileSync(file, stack(true));
    const refused = await sg('stack', 'deploy', '-c', file, '--resolve-image', 'never', 'sggate');
    expect(refused.status).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/secret-in-environment/);
    expect(refused.stdout + refused.stderr).not.toContain('hunter2');
    expect(leftovers('sggate')).toEqual([]);

    const dry = await sg('stack', 'deploy', '-c', file, '--resolve-image', 'never', '--force', '--dry-run', 'sggate');
    expect(dry.status).toBe(0);
    expect(leftovers('sggate')).toEqual([]);

    const forced = await sg('stack', 'deploy', '-c', file, '--resolve-image', 'never', '--force', 'sggate');
    expect(forced.status, forced.stderr).toBe(0);
    expect(docker('service', 'ls', '--format', '{{.Name}}', '--filter', 'label=com.docker.stack.namespace=sggate').split('\n').sort()).toEqual([
      'sggate_api',
      'sggate_worker',
    ]);

    writeFileSync(file, stack(false));
    const pruned = await sg('stack', 'deploy', '-c', file, '--resolve-image', 'never', '--force', '--prune', 'sggate');
    expect(pruned.status, pruned.stderr).toBe(0);
    expect(docker('service', 'ls', '--format', '{{.Name}}', '--filter', 'label=com.docker.stack.namespace=sggate')).toBe('sggate_api');
    expect((await sg('stack', 'rm', 'sggate')).status).toBe(0);
    expect(leftovers('sggate')).toEqual([]);
  });

  it('says what to do when an external network does not exist, and creates nothing', async () => {
    const file = path.join(dir, 'ext.yaml');
    writeFileSync(
      file,
      ['version: "3.9"', 'services:', '  web:', `    image: ${WEB}`, '    networks: [shared]', 'networks:', '  shared:', '    external: true', ''].join('\n'),
    );
    const r = await sg('stack', 'deploy', '-c', file, '--resolve-image', 'never', '--force', 'sgext');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/shared/);
    expect(leftovers('sgext')).toEqual([]);
  });
});
