// The CIS benchmark against the real engine and this host: section 5 verdicts for containers made to
// exercise them, and the seed flow 1.1.x WARN → `bench fix --apply audit` → PASS.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const IMG = 'swarmguard-test/busybox:latest';
const PREFIX = 'sgb-';

type Result = { id: string; desc?: string; result: string; items?: string[]; details?: string };
type Log = { dockerbenchsecurity: string; tests: { id: string; results: Result[] }[]; checks: number; score: number };

function sg(...args: string[]) {
  return spawnSync(process.execPath, ['bin/swarmguard.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}
function bench(...args: string[]): Map<string, Result> {
  // docker-bench-security's ids: CIS 1.6.0.
  const r = sg('bench', '--cis', '1.6.0', '--format', 'json', ...args);
  expect(r.status, r.stderr).toBe(0);
  const log = JSON.parse(r.stdout) as Log;
  expect(log.dockerbenchsecurity).toBe('1.6.0');
  return new Map(log.tests.flatMap((t) => t.results).map((x) => [x.id, x]));
}
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const rm = () => {
  const ids = docker('ps', '-aq', '--filter', `name=^${PREFIX}`);
  if (ids) docker('rm', '-f', ...ids.split('\n'));
};

describe('bench section 5 on real containers', () => {
  beforeAll(() => {
    rm();
    // Privileged containers cannot start on this kernel: created, not started, and still inspected.
    docker('create', '--name', `${PREFIX}priv`, '--privileged', IMG, 'sleep', '600');
    docker(
      'create',
      '--name',
      `${PREFIX}caps`,
      '--cap-add',
      'NET_ADMIN',
      '--pid',
      'host',
      '-v',
      '/var/run/docker.sock:/var/run/docker.sock',
      '-v',
      '/etc:/host-etc:ro',
      IMG,
      'sleep',
      '600',
    );
    docker('run', '-d', '--name', `${PREFIX}loose`, '--network', 'host', IMG, 'sleep', '600');
    docker(
      'run',
      '-d',
      '--name',
      `${PREFIX}tight`,
      '--network',
      'none',
      '--user',
      '1000:1000',
      '--read-only',
      '--memory',
      '64m',
      '--pids-limit',
      '50',
      '--cpu-shares',
      '512',
      '--security-opt',
      'no-new-privileges',
      '--health-cmd',
      'true',
      '--health-interval',
      '5s',
      '--cap-drop',
      'ALL',
      IMG,
      'sleep',
      '600',
    );
  });
  afterAll(rm);

  it('gives each container the verdict its settings imply, from one snapshot', () => {
    const r = bench('-c', '4.1,5', '-i', `^${PREFIX}`);
    const items = (id: string) => r.get(id)?.items ?? [];
    expect(r.get('5.5')!.result).toBe('WARN');
    expect(items('5.5')).toEqual([`${PREFIX}priv`]);
    expect(items('5.4')).toEqual([`${PREFIX}caps`]);
    expect(items('5.32')).toEqual([`${PREFIX}caps`]);
    expect(items('5.16')).toEqual([`${PREFIX}caps`]);
    expect(items('5.6')).toEqual([`${PREFIX}caps`]);
    expect(items('5.10')).toEqual([`${PREFIX}loose`]);
    for (const id of ['5.11', '5.13', '5.26', '5.27', '5.29', '5.12']) {
      expect(items(id), id).toContain(`${PREFIX}loose`);
      expect(items(id), id).not.toContain(`${PREFIX}tight`);
    }
    expect(items('4.1')).toContain(`${PREFIX}loose`);
    expect(items('4.1')).not.toContain(`${PREFIX}tight`);
    // 5.7 lists processes through the API (no exec): no sshd here.
    expect(r.get('5.7')!.result).toBe('PASS');
    // On a swarm member, swarm mode is taken as intended unless --no-swarm.
    expect(r.get('5.1')!.result).toBe('INFO');
    expect(bench('-c', '5.1', '--no-swarm').get('5.1')!.result).toBe('WARN');
  });

  it('prints docker-bench lines and exits with --exit-code when a scored check warns', () => {
    const r = sg('bench', '--cis', '1.6.0', '-c', '5.5', '-i', `^${PREFIX}`, '--exit-code', '3');
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^\[WARN\] 5\.5 - Ensure that privileged containers are not used \(Automated\)$/m);
    expect(r.stdout).toMatch(/^\[WARN\] {6}\* sgb-priv: privileged$/m);
    expect(r.stdout).toMatch(/^\[INFO\] Checks: 1$/m);
    expect(sg('bench', '-c', '9.9').status).toBe(2);
  });

  it('runs CIS 1.8.0 by default and 1.7.0 on request, each with its own ids and titles; docker-bench keeps 1.6.0', () => {
    type Log18 = Log & { cis: string };
    const run = (...args: string[]) => {
      const r = sg('bench', '-i', `^${PREFIX}`, ...args);
      expect(r.status, r.stderr).toBe(0);
      return { log: JSON.parse(r.stdout) as Log18, stderr: r.stderr };
    };
    const byId = (log: Log18) => new Map(log.tests.flatMap((t) => t.results).map((x) => [x.id, x]));
    const latest = run('--format', 'json');
    expect(latest.log.cis).toBe('1.8.0');
    const r18 = byId(latest.log);
    expect(r18.size).toBe(118);
    // 1.8.0 inserted devicemapper at 2.7: TLS moved to 2.8, experimental features to 2.19.
    expect(r18.get('2.7')!.desc).toBe('Ensure devicemapper storage driver is not used (Manual)');
    expect(r18.get('2.8')!.desc).toMatch(/^Ensure TLS authentication for Docker daemon is configured/);
    expect(r18.get('2.19')!.desc).toMatch(/^Ensure that experimental features are not implemented in production/);
    // The same requirement, the same verdict, whatever its number.
    const r16 = bench('-i', `^${PREFIX}`);
    expect(r18.get('5.5')!.result).toBe(r16.get('5.5')!.result);
    expect(r18.get('2.8')!.result).toBe(r16.get('2.7')!.result);
    const r17 = byId(run('--format', 'json', '--cis', '1.7.0').log);
    expect(r17.size).toBe(117);
    expect(r17.get('1.1.9')!.desc).toMatch(/- docker\.sock \(Automated\)$/);
    const compat = run('--format', 'docker-bench', '-c', '2');
    expect(compat.log.dockerbenchsecurity).toBe('1.6.0');
    expect(compat.stderr).toMatch(/docker-bench format: CIS Docker Benchmark 1\.6\.0 ids/);
    expect(sg('bench', '--format', 'docker-bench', '--cis', '1.8.0').status).toBe(2);
    const cmp = sg('bench', '--compare-cis', '1.6.0', '1.8.0', '-i', `^${PREFIX}`, '--format', 'json');
    const doc = JSON.parse(cmp.stdout) as { requirements: { check: string; changes: string[] }[] };
    expect(doc.requirements.find((x) => x.check === '1.8.0/2.7')!.changes).toEqual(['added']);
    expect(doc.requirements.find((x) => x.check === '2.7')!.changes).toContain('renumbered');
  });

  it('emits SARIF for the WARNs', () => {
    const r = sg('bench', '-c', '5.5', '-i', `^${PREFIX}`, '--format', 'sarif');
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; level: string }[] }[] };
    expect(sarif.runs[0]!.results).toEqual([expect.objectContaining({ ruleId: '5.5', level: 'error' })]);
  });
});

describe('bench fix: 1.1.x audit rules, WARN → apply → PASS', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-audit-'));
  /** Removes the kernel rules this test may have loaded (the rules tagged -k docker on our paths). */
  const unload = () => {
    const lines = spawnSync('auditctl', ['-l'], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((l) => /-k docker$/.test(l.trim()) || /key=docker/.test(l));
    for (const l of lines) {
      const args = l.trim().split(/\s+/);
      if (args[0] === '-w') args[0] = '-W';
      else if (args[0] === '-a') args[0] = '-d';
      spawnSync('auditctl', args, { stdio: 'ignore' });
    }
  };
  beforeAll(unload);
  afterAll(() => {
    unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns, writes and loads the rules, then passes; a second apply adds nothing', () => {
    const before = bench('-c', '1.1');
    const warned = [...before.values()].filter((x) => x.result === 'WARN' && x.id !== '1.1.1' && x.id !== '1.1.2').map((x) => x.id);
    expect(warned.length).toBeGreaterThan(3);
    const plan = sg('bench', 'fix', '--cis', '1.6.0', '-c', '1.1');
    expect(plan.stdout).toMatch(/-w \/var\/lib\/docker -p rwxa -k docker/);
    const apply = sg('bench', 'fix', '--cis', '1.6.0', '-c', '1.1', '--apply', 'audit', '--audit-dir', dir);
    expect(apply.status, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/and loaded them \(auditctl -R /);
    const file = readFileSync(path.join(dir, 'rules.d/docker.rules'), 'utf8');
    expect(file).toMatch(/^-w \/var\/lib\/docker -p rwxa -k docker$/m);
    const after = bench('-c', '1.1');
    // A loaded rule passes only while the kernel audits and auditd records (auditctl -s); otherwise it stays WARN and says why.
    const status = spawnSync('auditctl', ['-s'], { encoding: 'utf8' }).stdout;
    const auditing = /^enabled [12]/m.test(status) && !/^pid 0$/m.test(status);
    for (const id of warned) {
      if (auditing) expect(after.get(id)!.result, id).toBe('PASS');
      else {
        expect(after.get(id)?.result, id).toBe('WARN');
        expect(after.get(id)?.details, id).toMatch(/is loaded \(auditctl -l\), but (the kernel's auditing is disabled|auditd is not running)/);
      }
    }
    const again = sg('bench', 'fix', '--cis', '1.6.0', '-c', '1.1', '--apply', 'audit', '--audit-dir', dir);
    expect(again.stdout).toMatch(/nothing to fix|wrote 0 rule/);
    expect(readFileSync(path.join(dir, 'rules.d/docker.rules'), 'utf8')).toBe(file);
  });
});
