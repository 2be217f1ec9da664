// `bench fix --all-nodes` on the two-node lab, and `bench --all-nodes` on the test engine. The fix loads audit rules
// into the kernel, which the lab's nodes and this machine share, and runs a job on every lab node: it runs alone,
// after the integration tests (one of which changes the kernel's audit rules too) and the lab's tests (vitest
// project `serial`, scripts/test.sh).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../integration/helpers/run-cli.js';
import { sh } from '../helpers/run.js';
import { LAB_NODES, LAB_SOCKET, expectParity, labBench, nodeResults, ownContainersOn } from '../helpers/bench-all-nodes.js';
import { labManager } from '../helpers/lab.js';

let manager = '';
const sg = (...args: string[]) => runCli(args, { env: { DOCKER_HOST: manager } });
const allNodes = (...args: string[]) => labBench(manager, ...args);

const auditctl = (...args: string[]) => execFileSync('auditctl', args, { encoding: 'utf8' });

/**
 * The kernel's audit state for one test, restored afterwards even on failure. It is global to this machine: the
 * lab's nodes are network namespaces on its one kernel and filesystem. The loaded rules are cleared for a defined
 * start and put back as they were; with `record` (SG_ALLOW_AUDIT_ENABLE=1, under the engine lock) auditing is enabled
 * and, when no auditd runs, one is started for the test (its log in a temporary directory) and stopped by its PID.
 */
class KernelAudit {
  private auditd: ChildProcess | undefined;
  private constructor(
    private readonly prior: { enabled: number; rules: string[] },
    private readonly dir: string,
    readonly recording: boolean,
  ) {}

  static status(): { enabled: number; pid: number } {
    const s = auditctl('-s');
    return { enabled: Number(/^enabled (\d+)/m.exec(s)![1]), pid: Number(/^pid (\d+)/m.exec(s)![1]) };
  }

  static async begin(record: boolean): Promise<KernelAudit | null> {
    const st = KernelAudit.status();
    if (st.enabled === 2) return null;
    const rules = auditctl('-l')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && l !== 'No rules');
    const session = new KernelAudit({ enabled: st.enabled, rules }, mkdtempSync(path.join(os.tmpdir(), 'sg-auditd-')), record);
    try {
      auditctl('-D');
      if (record) {
        auditctl('-e', '1');
        if (st.pid === 0) await session.startAuditd();
        const now = KernelAudit.status();
        expect(now.enabled).toBe(1);
        expect(now.pid).not.toBe(0);
      }
    } catch (e) {
      await session.restore();
      throw e;
    }
    return session;
  }

  /** auditd in the foreground (-f -n), not changing the enabled flag (-s nochange), logging into this test's directory. */
  private async startAuditd(): Promise<void> {
    writeFileSync(
      path.join(this.dir, 'auditd.conf'),
      [
        `log_file = ${this.dir}/audit.log`,
        'write_logs = yes',
        'log_format = ENRICHED',
        'flush = INCREMENTAL_ASYNC',
        'freq = 50',
        'max_log_file = 8',
        'num_logs = 2',
        'max_log_file_action = ROTATE',
        'space_left = 75',
        'space_left_action = IGNORE',
        'admin_space_left = 50',
        'admin_space_left_action = IGNORE',
        'disk_full_action = IGNORE',
        'disk_error_action = IGNORE',
        `plugin_dir = ${this.dir}/plugins.d`,
        '',
      ].join('\n'),
      { mode: 0o640 },
    );
    mkdirSync(path.join(this.dir, 'plugins.d'));
    const child = spawn('auditd', ['-f', '-n', '-s', 'nochange', '-c', this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.auditd = child;
    let out = '';
    // It takes signals only once its start-up is complete: wait for that line.
    await new Promise<void>((resolve, reject) => {
      const seen = (d: Buffer) => {
        out += d.toString('utf8');
        if (out.includes('Init complete')) resolve();
      };
      child.stdout.on('data', seen);
      child.stderr.on('data', seen);
      child.on('exit', (code) => reject(new Error(`auditd exited (${code}) during start-up: ${out.slice(-500)}`)));
      setTimeout(() => reject(new Error(`auditd did not complete its start-up in 60 s: ${out.slice(-500)}`)), 60_000).unref();
    });
  }

  async restore(): Promise<void> {
    const child = this.auditd;
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGTERM');
      await exited;
    }
    auditctl('-D');
    for (const line of this.prior.rules) auditctl(...line.split(/\s+/));
    auditctl('-e', String(this.prior.enabled));
    rmSync(this.dir, { recursive: true, force: true });
    expect(KernelAudit.status().enabled).toBe(this.prior.enabled);
    expect(
      auditctl('-l')
        .trim()
        .replace(/^No rules$/, ''),
    ).toBe(this.prior.rules.join('\n'));
  }
}

describe('bench fix --all-nodes on the lab', () => {
  beforeAll(async () => {
    manager = await labManager(true);
  });

  it('bench fix --all-nodes --apply audit loads the 1.1.x rules on every lab node: WARN before, PASS after with auditing on, else WARN that says why', async (t) => {
    const session = await KernelAudit.begin(process.env.SG_ALLOW_AUDIT_ENABLE === '1');
    if (!session) return t.skip('the kernel audit configuration is locked (auditctl -s: enabled 2): it cannot be changed and restored');
    // The lab's nodes share this machine's /etc: the rules go to a directory of this test. 1.1.8 (each node's own
    // containerd socket) is left out of the fix: both nodes would write one file at the same time, unlike real nodes.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-fixall-'));
    mkdirSync(path.join(dir, 'audit'));
    try {
      const ids = '1.1.3,1.1.4,1.1.5,1.1.6,1.1.7,1.1.9,1.1.10,1.1.11,1.1.12,1.1.13,1.1.14,1.1.15,1.1.16,1.1.17,1.1.18';
      const judged = async () => {
        const r = await allNodes('--check', ids, '--format', 'json');
        expect(r.status, r.stderr).toBe(0);
        return nodeResults(r.stdout);
      };
      const before = await judged();
      for (const node of LAB_NODES) {
        const existing = Object.values(before[node]!).filter((x) => x.result !== 'INFO');
        expect(existing.length, `${node}: audited paths that exist`).toBeGreaterThan(3);
        for (const x of existing) {
          expect(x.result, `${node} before`).toBe('WARN');
          expect(x.details).toMatch(/no audit rule watches/);
        }
      }
      const r = await sg(
        'bench',
        'fix',
        '--all-nodes',
        '--apply',
        'audit',
        '--audit-dir',
        path.join(dir, 'audit'),
        '--check',
        ids,
        ...LAB_SOCKET,
        '--timeout',
        '90',
      );
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).toMatch(/as global job swarmguard-bench-fix-[0-9a-f]{6} on 2 node\(s\)/);
      for (const node of LAB_NODES) expect(r.stdout, r.stdout + r.stderr).toMatch(new RegExp(`^${node}\\s+\\d+\\s+yes\\s+re-run of \\d+ affected check`, 'm'));
      const rules = readFileSync(path.join(dir, 'audit/rules.d/docker.rules'), 'utf8');
      for (const p of ['/usr/bin/runc', '/usr/sbin/runc', '/var/lib/docker', '/etc/docker', '/usr/sbin/dockerd', '/usr/lib/systemd/system/docker.service'])
        expect(rules).toContain(`-w ${p} -p rwxa -k docker`);
      // Loaded into the kernel, which all lab nodes share (network namespaces, one kernel): every rule is listed once.
      const loaded = auditctl('-l');
      for (const p of ['/var/lib/docker', '/etc/docker', '/usr/sbin/runc']) expect(loaded.split('\n').filter((l) => l.includes(` ${p} `))).toHaveLength(1);
      const after = await judged();
      for (const node of LAB_NODES) {
        for (const [id, x] of Object.entries(after[node]!)) {
          if (before[node]![id]!.result === 'INFO') continue;
          // Without the kernel auditing, a loaded rule records nothing: WARN, and the reason.
          expect(x.result, `${node} ${id} after`).toBe(session.recording ? 'PASS' : 'WARN');
          expect(x.details, `${node} ${id} after`).toMatch(
            session.recording
              ? /is loaded \(auditctl -l\) and auditing is on/
              : /is loaded \(auditctl -l\), but (the kernel's auditing is disabled|auditd is not running)/,
          );
        }
      }
      // Each node judged on its own facts: 1.1.8 names that node's own containerd socket (its dockerd's exec root).
      const own = nodeResults((await allNodes('--check', '1.1.8', '--format', 'json')).stdout);
      expect(own['sg-node1']!['1.1.8']!.details).toContain('/run/swarmguard-lab/node1/containerd/containerd.sock');
      expect(own['sg-node2']!['1.1.8']!.details).toContain('/run/swarmguard-lab/node2/containerd/containerd.sock');
      // What the job wrote and loaded is what a local fix judges: nothing to add, under the same spellings.
      const local = await sg('bench', 'fix', '--check', ids, '--audit-dir', path.join(dir, 'audit'), '--apply', 'audit', '--no-load', '--json');
      expect(local.status, local.stderr).toBe(0);
      expect((JSON.parse(local.stdout) as { audit: { added: string[] } }).audit.added).toEqual([]);
      for (const node of ['node1', 'node2']) expect(await ownContainersOn(node), `swarmguard containers left on ${node}`).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await session.restore();
    }
  });
});

describe('bench --all-nodes on the test engine (its containerd under the exec root /var/run/docker)', () => {
  beforeAll(async () => {
    await sh('bash', ['scripts/images/swarmguard-image.sh']);
  });

  it('equals bench on the node, every check, verdict and details', async () => {
    const node = execFileSync('docker', ['info', '--format', '{{.Name}}'], { encoding: 'utf8' }).trim();
    const only = ['-i', '^swarmguard-parity-none$'];
    const { job: results, local } = await expectParity(
      () => runCli(['bench', '--all-nodes', '--timeout', '90', ...only, '--format', 'json']),
      { [node]: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock' },
      only,
    );
    // The test engine runs the containerd it manages, under its exec root; the job found it there too.
    expect(local[node]!['3.24']!.details).toMatch(/^\/var\/run\/docker\/containerd\/containerd\.sock has mode/);
    expect(results[node]!['3.24']!.details).toBe(local[node]!['3.24']!.details);
    expect(results[node]!['7.2']!.result).toBe(local[node]!['7.2']!.result);
  });
});
