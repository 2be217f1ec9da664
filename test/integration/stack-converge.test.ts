// `stack deploy --wait` on the real swarm: it exits 0 only once the services converged, and 4 with the task
// error when a service crash-loops or Swarm rolls an update back.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './helpers/run-cli.js';

const WEB = 'swarmguard-test/web:latest';
const BUSYBOX = 'swarmguard-test/busybox:latest';
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-converge-'));
const STACKS = ['sgcv-ok', 'sgcv-crash', 'sgcv-roll', 'sgcv-apache'];
const APACHE = 'swarmguard-test/apache2:bookworm';

const sg = (...args: string[]): Promise<CliResult> => runCli(args, { cwd: dir });

function write(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

const deploy = (file: string, stack: string, ...more: string[]) =>
  sg('stack', 'deploy', '-c', file, '--resolve-image', 'never', '--force', '--wait', '--timeout', '150', ...more, stack);

async function removeStack(stack: string): Promise<void> {
  if (execFileSync('docker', ['service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`], { encoding: 'utf8' }).trim() !== '')
    await sg('stack', 'rm', stack);
}

describe('stack deploy --wait (real engine)', () => {
  afterAll(async () => {
    for (const s of STACKS) await removeStack(s);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a healthy stack exits 0 once every service runs', async () => {
    const file = write(
      'ok.yml',
      `version: "3.9"\nservices:\n  web:\n    image: ${WEB}\n    healthcheck:\n      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1/ || exit 1"]\n      interval: 1s\n      start_period: 1s\n    deploy:\n      replicas: 2\n      endpoint_mode: dnsrr\n`,
    );
    const r = await deploy(file, 'sgcv-ok');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Stack sgcv-ok deployed: 2 created; 1\/1 service\(s\) converged/);
    expect(r.stderr).toMatch(/sgcv-ok_web: converged 2\/2 running/);
    const ps = JSON.parse((await sg('stack', 'ps', 'sgcv-ok', '--format', 'json')).stdout) as { state: string }[];
    expect(ps.filter((t) => t.state === 'running')).toHaveLength(2);
  });

  it('a crash-looping service exits 4 with the task error and its last log line', async () => {
    const file = write(
      'crash.yml',
      `version: "3.9"\nservices:\n  boom:\n    image: ${BUSYBOX}\n    command: ["sh", "-c", "echo starting; sleep 1; echo 'fatal: no config at /etc/app.conf' >&2; exit 3"]\n    deploy:\n      endpoint_mode: dnsrr\n      restart_policy:\n        condition: any\n        delay: 1s\n`,
    );
    const r = await deploy(file, 'sgcv-crash');
    expect(r.status, r.stdout + r.stderr).toBe(4);
    expect(r.stdout).toMatch(/sgcv-crash_boom: crash-loop/);
    expect(r.stdout).toMatch(/task error: task: non-zero exit \(3\)/);
    expect(r.stdout).toMatch(/last log line: fatal: no config at \/etc\/app\.conf/);
    expect(r.stderr).toMatch(/did not converge: sgcv-crash_boom \(crash-loop\)/);
  });

  it('an update that Swarm rolls back exits 4, and --format json carries the outcome', async () => {
    const good = `version: "3.9"\nservices:\n  web:\n    image: ${WEB}\n    deploy:\n      endpoint_mode: dnsrr\n      restart_policy: { condition: any, delay: 1s }\n      update_config: { failure_action: rollback, monitor: 5s, order: start-first }\n`;
    expect((await deploy(write('v1.yml', good), 'sgcv-roll')).status).toBe(0);
    const bad = good.replace('    deploy:', '    command: ["sh", "-c", "echo v2 cannot start; exit 1"]\n    deploy:');
    const r = await deploy(write('v2.yml', bad), 'sgcv-roll', '--format', 'json');
    expect(r.status, r.stderr).toBe(4);
    const doc = JSON.parse(r.stdout) as { convergence: { name: string; state: string; update?: string; taskError?: string }[] };
    expect(doc.convergence).toEqual([expect.objectContaining({ name: 'sgcv-roll_web', state: 'rolled-back', update: 'rollback_completed' })]);
    expect(doc.convergence[0]!.taskError).toMatch(/non-zero exit \(1\)/);
    // Swarm is back on the previous spec: no command.
    expect(
      execFileSync('docker', ['service', 'inspect', '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Args}}', 'sgcv-roll_web'], {
        encoding: 'utf8',
      }).trim(),
    ).toBe('null');
  });

  it("compose init --image-httpd with Debian's apache2 image deploys healthy (tmpfs paths follow the image)", async () => {
    const init = await sg('compose', 'init', 'apache.yml', '--image-nginx', WEB, '--image-httpd', APACHE);
    expect(init.status, init.stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'apache.yml'), 'utf8');
    expect(text).toContain('target: /var/run/apache2');
    expect(text).not.toContain('/usr/local/apache2');
    // init's health checks, run every 2 s instead of every 30 s, so convergence takes seconds.
    expect(text).toContain('interval: 30s');
    writeFileSync(path.join(dir, 'apache.yml'), text.replace(/interval: 30s/g, 'interval: 2s').replace(/start_period: 10s/g, 'start_period: 1s'));
    const r = await deploy(path.join(dir, 'apache.yml'), 'sgcv-apache');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toMatch(/sgcv-apache_httpd: converged 1\/1 running/);
    const ps = JSON.parse((await sg('stack', 'ps', 'sgcv-apache', '--format', 'json', '--filter', 'desired-state=running')).stdout) as {
      name: string;
      state: string;
    }[];
    expect(ps.find((t) => t.name === 'sgcv-apache_httpd.1')?.state).toBe('running');
  });

  it('--detach returns without waiting and says so', async () => {
    const r = await sg('stack', 'deploy', '-c', path.join(dir, 'ok.yml'), '--resolve-image', 'never', '--force', '--detach', 'sgcv-ok');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/not waiting for convergence: --detach/);
    expect((await sg('stack', 'deploy', '-c', path.join(dir, 'ok.yml'), '--detach', '--wait', 'sgcv-ok')).status).toBe(2);
  });
});
