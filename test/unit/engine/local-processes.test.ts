import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localProcesses, processNames, type ProcRoots } from '../../../src/engine/local-processes.js';

const ID = 'a'.repeat(63) + 'b';
const OTHER = 'c'.repeat(64);

/** A /proc and /sys/fs/cgroup tree in a temporary directory, in the kernel's formats. */
function tree(): ProcRoots & { addProcess(pid: number, cgroup: string, cmdline: string, comm?: string): void; addCgroup(rel: string, pids: number[]): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sg-proc-'));
  const roots = { proc: path.join(dir, 'proc'), cgroup: path.join(dir, 'cgroup') };
  return {
    ...roots,
    addProcess(pid, cgroup, cmdline, comm = 'x') {
      const d = path.join(roots.proc, String(pid));
      mkdirSync(d, { recursive: true });
      writeFileSync(path.join(d, 'cgroup'), cgroup);
      writeFileSync(path.join(d, 'cmdline'), cmdline);
      writeFileSync(path.join(d, 'comm'), `${comm}\n`);
    },
    addCgroup(rel, pids) {
      mkdirSync(path.join(roots.cgroup, rel), { recursive: true });
      writeFileSync(path.join(roots.cgroup, rel, 'cgroup.procs'), pids.map((p) => `${p}\n`).join(''));
    },
  };
}

const v1 = (id: string) => ['12:pids:/docker/ID', '4:memory:/docker/ID', '1:name=systemd:/docker/ID', '0::/docker/ID', ''].join('\n').replaceAll('ID', id);

describe('localProcesses', () => {
  it('cgroup v1 (cgroupfs driver): every process of the container, in PID order, as `ps -o args` prints them', () => {
    const t = tree();
    t.addProcess(4100, v1(ID), 'sleep\x003600\x00');
    t.addProcess(4000, v1(ID), 'sh\x00-c\x00sleep 3600 & exec sleep 99\x00');
    t.addProcess(4200, v1(OTHER), 'nginx\x00');
    t.addCgroup(`pids/docker/${ID}`, [4100, 4000]);
    expect(localProcesses(ID, 4000, t)).toEqual(['sh -c sleep 3600 & exec sleep 99', 'sleep 3600']);
  });

  it('cgroup v2 (systemd driver, a scope unit)', () => {
    const t = tree();
    const cg = `0::/system.slice/docker-${ID}.scope\n`;
    t.addProcess(77, cg, '/usr/sbin/sshd\x00-D\x00');
    t.addCgroup(`system.slice/docker-${ID}.scope`, [77]);
    expect(localProcesses(ID, 77, t)).toEqual(['/usr/sbin/sshd -D']);
  });

  it('a process without a command line shows as [comm], as ps does', () => {
    const t = tree();
    t.addProcess(5, v1(ID), '', 'kworker');
    t.addCgroup(`pids/docker/${ID}`, [5]);
    expect(localProcesses(ID, 5, t)).toEqual(['[kworker]']);
  });

  it('skips a process that exited between the cgroup list and its command line', () => {
    const t = tree();
    t.addProcess(10, v1(ID), 'init\x00');
    t.addCgroup(`pids/docker/${ID}`, [10, 11]);
    expect(localProcesses(ID, 10, t)).toEqual(['init']);
  });

  it('null when the PID is another process here (another PID namespace: the engine must answer)', () => {
    const t = tree();
    t.addProcess(1, '0::/init.scope\n', '/sbin/init\x00');
    expect(localProcesses(ID, 1, t)).toBeNull();
  });

  it('null when the cgroup does not list the PID, or cannot be read', () => {
    const t = tree();
    t.addProcess(20, v1(ID), 'a\x00');
    expect(localProcesses(ID, 20, t)).toBeNull();
    t.addCgroup(`pids/docker/${ID}`, [21]);
    expect(localProcesses(ID, 20, t)).toBeNull();
  });

  it('null for a missing PID, a non-positive PID or an ID that is not 64 hex digits', () => {
    const t = tree();
    expect(localProcesses(ID, 999, t)).toBeNull();
    expect(localProcesses(ID, 0, t)).toBeNull();
    expect(localProcesses(ID, Number.NaN, t)).toBeNull();
    expect(localProcesses('../../etc', 1, t)).toBeNull();
  });
});

describe('processNames: the host process table, PID → command name', () => {
  it('every numeric entry with a comm file, in /proc order; other entries and vanished processes left out', () => {
    const t = tree();
    t.addProcess(300, '', 'x', 'dockerd');
    t.addProcess(12, '', 'x', 'auditd');
    t.addProcess(7, '', 'x', 'containerd-shim');
    mkdirSync(path.join(t.proc, '8')); // exited between the listing and its comm
    mkdirSync(path.join(t.proc, 'self'));
    writeFileSync(path.join(t.proc, 'uptime'), '1.0 1.0\n');
    const names = processNames(t.proc);
    // In the order the directory lists them (the first dockerd found is the one taken when no data root matches).
    expect([...(names?.keys() ?? [])]).toEqual(
      readdirSync(t.proc)
        .filter((e) => /^\d+$/.test(e) && e !== '8')
        .map(Number),
    );
    expect([...(names ?? [])].sort((a, b) => a[0] - b[0])).toEqual([
      [7, 'containerd-shim'],
      [12, 'auditd'],
      [300, 'dockerd'],
    ]);
  });

  it('null when the directory cannot be listed', () => {
    expect(processNames(path.join(tmpdir(), 'sg-no-such-proc'))).toBeNull();
  });

  it('a comm file longer than the kernel writes is cut, not read whole', () => {
    const t = tree();
    t.addProcess(9, '', 'x', 'a'.repeat(100_000));
    expect(processNames(t.proc)?.get(9)).toBe('a'.repeat(64));
  });

  it('on this host: the names ps shows, for this process and a child started for the test', async () => {
    const child = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      await new Promise<void>((resolve, reject) => child.once('spawn', resolve).once('error', reject));
      const names = processNames();
      const ps = (pid: number) => execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' }).trim();
      expect(names?.get(process.pid)).toBe(ps(process.pid));
      expect(names?.get(child.pid!)).toBe('sleep');
      expect(names?.get(child.pid!)).toBe(ps(child.pid!));
    } finally {
      child.kill();
    }
  });
});
