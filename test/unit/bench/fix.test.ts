import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../../src/bench/check.js';
import { affectedChecks, applyDaemon, compareRuns, daemonConfigPath, fixPlan, flagOnCommandLine, rerunSummary } from '../../../src/bench/fix.js';
import { runBench } from '../../../src/bench/runner.js';
import { inEnglish } from './in-english.js';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { snapshotOf } from '../../helpers/engine-snapshot.js';
import { benchContext, hostFacts } from './bench-host.js';

/** A host whose daemon has icc on, no-new-privileges and live-restore off: 2.2, 2.14 and 2.15 warn. */
function ctx(argv: string[]): CheckContext {
  const snapshot = snapshotOf({
    info: {
      DockerRootDir: '/var/lib/docker',
      Swarm: { LocalNodeState: 'inactive' },
      SecurityOptions: ['name=seccomp,profile=default'],
      LoggingDriver: 'json-file',
      Driver: 'overlay2',
      LiveRestoreEnabled: false,
    },
    networks: [{ Name: 'bridge', Driver: 'bridge', Options: { 'com.docker.network.bridge.enable_icc': 'true' } }],
  });
  return benchContext(snapshot, hostFacts({ daemon: { argv, config: null, listeners: [] } }), false);
}

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'sg-fix-'));

describe('bench fix --apply daemon', () => {
  it('finds flags on the dockerd command line and its --config-file', () => {
    expect(flagOnCommandLine(['dockerd', '--icc=false', '-H', 'fd://'], '--icc')).toBe('--icc=false');
    expect(flagOnCommandLine(['dockerd', '--live-restore'], '--live-restore')).toBe('--live-restore');
    expect(flagOnCommandLine(['dockerd', '--iccx'], '--icc')).toBeUndefined();
    expect(flagOnCommandLine(null, '--icc')).toBeUndefined();
    expect(daemonConfigPath(['dockerd', '--config-file', '/srv/d.json'])).toBe('/srv/d.json');
    expect(daemonConfigPath(['dockerd', '--config-file=/srv/e.json'])).toBe('/srv/e.json');
    expect(daemonConfigPath(['dockerd'])).toBe('/etc/docker/daemon.json');
  });

  it('never writes a key dockerd also takes as a flag (dockerd would not start): it becomes a manual step', async () => {
    const c = ctx(['dockerd', '--icc=true', '-H', 'fd://']);
    const report = runBench(c, { checks: ['2.2', '2.14'] });
    expect(report.results.filter((r) => r.verdict === 'WARN').map((r) => r.id)).toEqual(['2.2', '2.14']);
    const file = path.join(tmp(), 'daemon.json');
    writeFileSync(file, '{"log-level": "info"}\n');
    const r = await applyDaemon(c, report, file);
    const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(written).toEqual({ 'log-level': 'info', 'no-new-privileges': true });
    expect(written).not.toHaveProperty('icc');
    expect(r.manual).toEqual([expect.stringMatching(/dockerd is started with --icc=true, so daemon.json must not set "icc".*--icc=false/)]);
    expect(r.message).toMatch(/manual step:/);
    const plan = fixPlan(c, report);
    expect(plan.find((s) => s.kind === 'daemon')?.action).not.toMatch(/icc/);
    expect(plan.some((s) => s.kind === 'manual' && s.ids[0] === '2.2')).toBe(true);
  });

  it('writes into the file dockerd reads (--config-file), not the default path', async () => {
    const dir = tmp();
    const file = path.join(dir, 'custom-daemon.json');
    const c = ctx(['dockerd', `--config-file=${file}`]);
    const report = runBench(c, { checks: ['2.14'] });
    const r = await applyDaemon(c, report);
    expect(r.file).toBe(file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'no-new-privileges': true });
    expect(existsSync(path.join(dir, 'daemon.json'))).toBe(false);
  });
});

describe('bench fix --apply audit', () => {
  /** A host root where /usr/bin/runc is a relative symlink to ../sbin/runc, as on Debian. */
  function debianRoot(): string {
    const root = tmp();
    mkdirSync(path.join(root, 'usr/sbin'), { recursive: true });
    mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
    writeFileSync(path.join(root, 'usr/sbin/runc'), 'x');
    symlinkSync('../sbin/runc', path.join(root, 'usr/bin/runc'));
    return root;
  }

  it('resolves symlinks inside the given root, as readlink -f does', async () => {
    const { realPathUnder } = await import('../../../src/bench/host-facts.js');
    const root = debianRoot();
    symlinkSync('/usr/bin/runc', path.join(root, 'usr/bin/runc-abs'));
    expect(await realPathUnder(root, '/usr/bin/runc')).toBe('/usr/sbin/runc');
    expect(await realPathUnder(root, '/usr/bin/runc-abs')).toBe('/usr/sbin/runc');
    expect(await realPathUnder(root, '/usr/sbin/runc')).toBe('/usr/sbin/runc');
    expect(await realPathUnder(root, '/usr/bin/missing')).toBeUndefined();
    symlinkSync('loop', path.join(root, 'usr/bin/loop'));
    expect(await realPathUnder(root, '/usr/bin/loop')).toBeUndefined();
  });

  it('watches the real binary behind a symlink, and persists loaded rules no file holds', async () => {
    const { applyAudit } = await import('../../../src/bench/fix.js');
    const root = debianRoot();
    const c = ctx(['dockerd']);
    c.host.files['/usr/bin/runc'] = { path: '/usr/bin/runc', exists: true, mode: 0o755, uid: 0, gid: 0 };
    // /run/containerd is watched in the kernel only (auditctl -w at some point): lost at reboot.
    c.host.audit = { loaded: ['-w /run/containerd -p rwxa -k docker'], files: [] };
    c.host.files['/run/containerd'] = { path: '/run/containerd', exists: true, mode: 0o711, uid: 0, gid: 0, isDirectory: true };
    const report = runBench(c, { checks: ['1.1.18'] });
    expect(report.results[0]?.verdict).toBe('WARN');
    const auditDir = path.join(root, 'etc/audit');
    const r = await applyAudit(c, report, auditDir, false, root);
    const text = readFileSync(path.join(auditDir, 'rules.d/docker.rules'), 'utf8');
    expect(text).toContain('-w /usr/bin/runc -p rwxa -k docker');
    expect(text).toContain('-w /usr/sbin/runc -p rwxa -k docker');
    expect(text).toContain('-w /run/containerd -p rwxa -k docker');
    expect(r.added).toHaveLength(3);
    // Idempotent: a second run adds nothing.
    const again = await applyAudit(c, report, auditDir, false, root);
    expect(again.added).toEqual([]);
  });
});

describe('bench fix --apply audit loads through the host command it is given (a node job: host paths, no augenrules)', () => {
  it('loads the rules file by its host path, and counts rules another loader put in the kernel meanwhile as loaded', async () => {
    const { applyAudit } = await import('../../../src/bench/fix.js');
    const root = tmp();
    const c = ctx(['dockerd']);
    c.host.files['/var/lib/docker'] = { path: '/var/lib/docker', exists: true };
    c.host.audit = { loaded: [], status: { enabled: 1, pid: 612 }, files: [] };
    const report = runBench(c, { checks: ['1.1.5'] });
    const calls: string[] = [];
    let kernel: string[] = [];
    // The kernel as another node on the same kernel left it: the rule is in, so auditctl -R fails on "Rule exists"
    // (and loads nothing after it); a rule given alone with -w is loaded.
    const command = (cmd: 'auditctl' | 'augenrules', args: string[]): Promise<string> => {
      calls.push([cmd, ...args].join(' '));
      if (cmd === 'augenrules') return Promise.reject(new Error('augenrules is not run from a node job'));
      if (args[0] === '-R') {
        kernel = ['-w /var/lib/docker -p rwxa -k docker'];
        return Promise.reject(new Error('Error sending add rule data request (Rule exists)'));
      }
      if (args[0] === '-w') {
        kernel.push(args.join(' '));
        return Promise.resolve('');
      }
      return Promise.resolve(kernel.length > 0 ? `${kernel.join('\n')}\n` : 'No rules\n');
    };
    const r = await applyAudit(c, report, path.join(root, 'etc/audit'), true, root, command);
    expect(calls).toEqual(['augenrules --load', 'auditctl -R /etc/audit/rules.d/docker.rules', 'auditctl -l']);
    expect(r.loaded).toBe(true);
    expect(r.message).toMatch(/every rule is loaded \(auditctl -l\), although augenrules: .*; auditctl: .*Rule exists/);
    // auditctl -R stops at the first rule the kernel already has: the rules after it are loaded one by one.
    c.host.files['/etc/docker'] = { path: '/etc/docker', exists: true };
    const two = runBench(c, { checks: ['1.1.5', '1.1.6'] });
    rmSync(path.join(root, 'etc/audit/rules.d/docker.rules'));
    calls.length = 0;
    kernel = [];
    const completed = await applyAudit(c, two, path.join(root, 'etc/audit'), true, root, command);
    expect(calls).toEqual([
      'augenrules --load',
      'auditctl -R /etc/audit/rules.d/docker.rules',
      'auditctl -l',
      'auditctl -w /etc/docker -p rwxa -k docker',
      'auditctl -l',
    ]);
    expect(completed.loaded).toBe(true);
    expect(kernel).toEqual(['-w /var/lib/docker -p rwxa -k docker', '-w /etc/docker -p rwxa -k docker']);
    // A failure that leaves the rules out of the kernel is reported as not loaded.
    kernel = [];
    const never = (_cmd: 'auditctl' | 'augenrules', args: string[]): Promise<string> =>
      args[0] === '-l' ? Promise.resolve('No rules\n') : Promise.reject(new Error('Operation not permitted'));
    rmSync(path.join(root, 'etc/audit/rules.d/docker.rules'));
    const failed = await applyAudit(c, report, path.join(root, 'etc/audit'), true, root, never);
    expect(failed.loaded).toBe(false);
    expect(failed.message).toMatch(/could not load them \(augenrules: Operation not permitted; auditctl: Operation not permitted\)/);
    // Said by id: the same English, and Japanese for a Japanese reader, the loaders' own words kept as they are.
    expect(english(failed.said)).toBe(failed.message);
    expect(localizeMessage(failed.said, 'ja')).toMatch(
      /件のルールを書きましたが、読み込めませんでした（augenrules: Operation not permitted; auditctl: Operation not permitted）/,
    );
  });
});

describe('bench fix --apply audit on a kernel another loader is changing (two nodes of one kernel)', () => {
  it('loads one by one what the kernel lacks when auditctl -R failed with none of the rules in yet, and asks a failed listing again', async () => {
    const { applyAudit } = await import('../../../src/bench/fix.js');
    const root = tmp();
    const c = ctx(['dockerd']);
    c.host.files['/var/lib/docker'] = { path: '/var/lib/docker', exists: true };
    c.host.files['/etc/docker'] = { path: '/etc/docker', exists: true };
    c.host.audit = { loaded: [], status: { enabled: 1, pid: 612 }, files: [] };
    const report = runBench(c, { checks: ['1.1.5', '1.1.6'] });
    const calls: string[] = [];
    const kernel: string[] = [];
    let listings = 0;
    // -R is refused (another loader holds the kernel at that moment); the first listing fails (its helper did not
    // start); a rule given alone with -w is loaded.
    const command = (cmd: 'auditctl' | 'augenrules', args: string[]): Promise<string> => {
      calls.push([cmd, ...args].join(' '));
      if (args[0] === '-R') return Promise.reject(new Error('Error sending add rule data request (Rule exists)'));
      if (args[0] === '-w') {
        kernel.push(args.join(' '));
        return Promise.resolve('');
      }
      listings += 1;
      if (listings === 1) return Promise.reject(new Error('the helper container did not start'));
      return Promise.resolve(kernel.length > 0 ? `${kernel.join('\n')}\n` : 'No rules\n');
    };
    const r = await applyAudit(c, report, path.join(root, 'audit'), true, root, command);
    expect(calls).toEqual([
      'auditctl -R /audit/rules.d/docker.rules',
      'auditctl -l',
      'auditctl -l',
      'auditctl -w /var/lib/docker -p rwxa -k docker',
      'auditctl -w /etc/docker -p rwxa -k docker',
      'auditctl -l',
    ]);
    expect(kernel).toEqual(['-w /var/lib/docker -p rwxa -k docker', '-w /etc/docker -p rwxa -k docker']);
    expect(r.loaded).toBe(true);
    expect(r.message).toMatch(/every rule is loaded \(auditctl -l\), although auditctl: .*Rule exists/);
  });
});

describe('1.1.x where the loaded rules cannot be read (a node job outside the host PID namespace)', () => {
  const job = (auditd: { running: boolean } | null, files: { path: string; lines: string[] }[] = []) => {
    const c = ctx(['dockerd']);
    c.host.files['/var/lib/docker'] = { path: '/var/lib/docker', exists: true };
    c.host.audit = { loaded: null, loadedError: 'auditctl was refused', auditd, files };
    return c;
  };
  const verdict = (c: CheckContext) => inEnglish(runBench(c, { checks: ['1.1.5'] }).results[0]!);

  it('WARNs when auditd is not running (decided from /proc), passes a rules-file rule under a running auditd, else INFO with the reason', () => {
    expect(verdict(job({ running: false }))).toMatchObject({ verdict: 'WARN', details: [expect.stringMatching(/auditd is not running/)] });
    const rules = [{ path: '/etc/audit/rules.d/docker.rules', lines: ['-w /var/lib/docker -p rwxa -k docker'] }];
    expect(verdict(job({ running: false }, rules)).details?.[0]).toMatch(/is in \/etc\/audit\/rules.d\/docker.rules, but auditd is not running/);
    expect(verdict(job({ running: true }, rules)).verdict).toBe('PASS');
    expect(verdict(job(null))).toMatchObject({ verdict: 'INFO', details: [expect.stringMatching(/^could not check: .*auditctl was refused/)] });
  });

  it('the fix plan writes a rule for a path no rules file covers, even when its verdict is INFO', () => {
    const c = job(null);
    const plan = fixPlan(c, runBench(c, { checks: ['1.1.5'] }));
    expect(plan.find((s) => s.kind === 'audit')?.action).toMatch(/-w \/var\/lib\/docker -p rwxa -k docker/);
    const covered = job(null, [{ path: '/etc/audit/audit.rules', lines: ['-w /var/lib/docker -k docker'] }]);
    expect(fixPlan(covered, runBench(covered, { checks: ['1.1.5'] })).some((s) => s.kind === 'audit')).toBe(false);
  });
});

describe('bench fix re-runs every check the fix can affect, not only the WARNs', () => {
  /** Auditing on and auditd running: a loaded rule passes. /var/lib/docker is watched, /etc/docker is not. */
  const auditing = () => {
    const c = ctx(['dockerd']);
    c.host.files['/var/lib/docker'] = { path: '/var/lib/docker', exists: true };
    c.host.files['/etc/docker'] = { path: '/etc/docker', exists: true };
    c.host.audit = { loaded: ['-w /var/lib/docker -p rwxa -k docker'], status: { enabled: 1, pid: 612 }, files: [] };
    return c;
  };

  it('names the PASS audit checks too, and only checks that ran', () => {
    const c = auditing();
    const report = runBench(c, { checks: ['1.1.5', '1.1.6', '2.2'] });
    expect(Object.fromEntries(report.results.map((r) => [r.id, r.verdict]))).toMatchObject({ '1.1.5': 'PASS', '1.1.6': 'WARN' });
    expect(affectedChecks(['audit'], report)).toEqual(['1.1.5', '1.1.6']);
    expect(affectedChecks(['daemon'], report)).toEqual(['2.2']);
    expect(affectedChecks(['audit', 'daemon'], report)).toEqual(['1.1.5', '1.1.6', '2.2']);
  });

  it('shows a check the fix made worse: the loaded runtime rule gone after a reload from files that lack it', () => {
    const c = auditing();
    const report = runBench(c, { checks: affectedChecks(['audit'], runBench(c, { checks: ['1.1'] })) });
    const before = Object.fromEntries(report.results.map((r) => [r.id, r.verdict]));
    // What `augenrules --load` does when the rules files hold /etc/docker but not the runtime-only /var/lib/docker rule.
    c.host.audit = { loaded: ['-w /etc/docker -p rwxa -k docker'], status: { enabled: 1, pid: 612 }, files: [] };
    const after = Object.fromEntries(runBench(c, { checks: Object.keys(before) }).results.map((r) => [r.id, r.verdict]));
    const cmp = compareRuns(before, after);
    expect(cmp.fixed).toEqual(['1.1.6']);
    expect(cmp.worse).toEqual(['1.1.5']);
    expect(cmp.changed).toEqual(expect.arrayContaining([{ id: '1.1.5', before: 'PASS', after: 'WARN' }]));
    expect(rerunSummary(cmp)).toMatch(/^re-run of \d+ affected check\(s\): 1\/\d+ WARN fixed \(1\.1\.6\); worse: 1\.1\.5 \(PASS → WARN\)/);
  });

  it('counts only WARNs fixed, not INFO turned PASS, and reads a check missing before as "-"', () => {
    const cmp = compareRuns({ '1.1.3': 'INFO', '1.1.4': 'WARN' }, { '1.1.3': 'PASS', '1.1.4': 'WARN', '1.1.9': 'WARN' });
    expect(cmp).toMatchObject({ checks: 3, fixed: [], worse: ['1.1.9'], stillWarn: ['1.1.4'] });
    expect(cmp.changed).toEqual([
      { id: '1.1.3', before: 'INFO', after: 'PASS' },
      { id: '1.1.9', before: '-', after: 'WARN' },
    ]);
    expect(rerunSummary(cmp)).toBe('re-run of 3 affected check(s): 0/1 WARN fixed; worse: 1.1.9 (- → WARN); still WARN: 1.1.4');
  });
});
