// compose init → lint → break → lint points at the line → --fix → docker stack deploy creates an encrypted overlay.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { onlyLinesAdded } from '../../src/compose/fix.js';
import { run, runCli } from '../helpers/run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sg-compose-engine-'));
const stack = `sgcompose${randomBytes(3).toString('hex')}`;
const file = path.join(dir, 'overlay-encrypted.yaml');
const cli = (args: string[]) => runCli(args, { cwd: dir });
const docker = (args: string[]) => run('docker', args);

interface JsonReport {
  findings: { id: string; message: string; target: { path: string; line: number; column: number } }[];
}

async function encryptionFindings(): Promise<JsonReport['findings']> {
  const r = await cli(['compose', 'lint', 'overlay-encrypted.yaml', '--rule', 'overlay-not-encrypted', '--format', 'json']);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as JsonReport).findings;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

afterAll(async () => {
  await docker(['stack', 'rm', stack]);
  await waitFor(`network ${stack}_encrypted to go`, async () => (await docker(['network', 'inspect', `${stack}_encrypted`])).status !== 0, 90_000).catch(
    () => undefined,
  );
});

describe('compose on the real engine', () => {
  let fixed = '';

  it('init writes a stack that is clean of the encryption rule', async () => {
    const r = await cli([
      'compose',
      'init',
      '--image-nginx',
      'swarmguard-test/web:latest',
      '--image-httpd',
      'swarmguard-test/web:latest',
      '--endpoint-mode',
      'dnsrr',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(await encryptionFindings()).toEqual([]);
    // init's health checks, run every 2 s instead of every 30 s: the deploy below then waits seconds, not a minute.
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/interval: 30s/g, 'interval: 2s')
        .replace(/start_period: 10s/g, 'start_period: 1s'),
    );
  });

  it('without driver_opts the finding points at the network line; --fix restores it adding lines only', async () => {
    const original = readFileSync(file, 'utf8');
    const broken = original.replace('    driver_opts:\n      encrypted: ""\n', '');
    expect(broken).not.toBe(original);
    writeFileSync(file, broken);
    const networkLine = broken.split('\n').indexOf('  encrypted:') + 1;
    expect(networkLine).toBeGreaterThan(0);
    const findings = await encryptionFindings();
    expect(findings).toHaveLength(1);
    expect(findings[0]?.target).toMatchObject({ path: 'overlay-encrypted.yaml', line: networkLine, column: 3 });

    const r = await cli(['compose', 'lint', 'overlay-encrypted.yaml', '--fix', '--rule', 'overlay-not-encrypted']);
    expect(r.status, r.stderr).toBe(0);
    fixed = readFileSync(file, 'utf8');
    expect(onlyLinesAdded(broken, fixed)).toBe(true);
    expect(fixed.split('\n').length - broken.split('\n').length).toBe(2);
    expect(fixed).toContain('  encrypted:\n    driver_opts:\n      encrypted: ""\n    driver: overlay\n');
    expect(await encryptionFindings()).toEqual([]);
  });

  it('docker stack deploy of the fixed file creates an encrypted overlay', async () => {
    const d = await docker(['stack', 'deploy', '--resolve-image', 'never', '-c', file, stack]);
    expect(d.status, d.stderr).toBe(0);
    await waitFor(`network ${stack}_encrypted`, async () => (await docker(['network', 'inspect', `${stack}_encrypted`])).status === 0);
    const net = JSON.parse(execFileSync('docker', ['network', 'inspect', `${stack}_encrypted`], { encoding: 'utf8' })) as {
      Driver: string;
      Options: Record<string, string>;
    }[];
    expect(net[0]?.Driver).toBe('overlay');
    expect(net[0]?.Options).toHaveProperty('encrypted');
    const services = execFileSync('docker', ['stack', 'services', stack, '--format', '{{.Name}}'], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(services).toEqual([`${stack}_httpd`, `${stack}_nginx`]);
  });

  it('the hardened services run healthy and reach each other by name over the encrypted overlay', async () => {
    const containers = () =>
      execFileSync('docker', ['ps', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Names}} {{.Status}}'], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .filter((l) => l.length > 0);
    // Health is first checked after interval (2 s here) past start_period.
    await waitFor(
      'both tasks healthy',
      () => {
        const c = containers();
        return c.length === 2 && c.every((l) => l.includes('(healthy)'));
      },
      100_000,
    );
    const nginx = execFileSync('docker', ['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${stack}_nginx`], { encoding: 'utf8' }).trim();
    const page = execFileSync('docker', ['exec', nginx, 'sh', '-c', `timeout 10 wget -q -O - http://${stack}_httpd/`], { encoding: 'utf8' });
    expect(page).toContain('swarmguard');
  }, 150_000);

  it('docker stack rm removes it, network included', async () => {
    const r = await docker(['stack', 'rm', stack]);
    expect(r.status, r.stderr).toBe(0);
    await waitFor(`network ${stack}_encrypted to go`, async () => (await docker(['network', 'inspect', `${stack}_encrypted`])).status !== 0, 90_000);
  });
});
