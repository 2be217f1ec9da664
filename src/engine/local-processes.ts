// The processes of a running container, read from this host's /proc and cgroup files instead of
// asking the engine (`top` makes the engine run `ps` once per container: the slowest part of a
// benchmark of many running containers). It answers only when swarmguard sees the container's
// processes itself: the container's init PID must be, in our /proc, a process of a cgroup named by
// the container's ID, and that cgroup's process list must hold it. Otherwise (a remote engine,
// another PID namespace) it returns null and the caller asks the engine.
// processNames reads the host's whole process table once (PID → command name), for the host facts
// that look for a daemon by name (dockerd, auditd).
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';

export interface ProcRoots {
  proc: string;
  cgroup: string;
}

const DEFAULT_ROOTS: ProcRoots = { proc: '/proc', cgroup: '/sys/fs/cgroup' };

const read = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

/** Where the container's process list lives, from /proc/PID/cgroup lines (v2 `0::path` or v1 `n:controllers:path`). */
function procsFiles(cgroupText: string, id: string, cgroupRoot: string): string[] {
  const files: string[] = [];
  for (const line of cgroupText.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line);
    const [, hierarchy, controllers = '', cgPath = ''] = m ?? [];
    if (!cgPath.includes(id)) continue;
    if (hierarchy === '0' && controllers === '')
      files.push(path.join(cgroupRoot, cgPath, 'cgroup.procs'), path.join(cgroupRoot, 'unified', cgPath, 'cgroup.procs'));
    else for (const c of controllers.split(',')) files.push(path.join(cgroupRoot, c.replace(/^name=/, ''), cgPath, 'cgroup.procs'));
  }
  return files;
}

/** The command line as `ps -o args` shows it: arguments joined by spaces, `[comm]` when there are none. */
function commandLine(pid: number, procRoot: string): string | null {
  const cmdline = read(path.join(procRoot, String(pid), 'cmdline'));
  if (cmdline === null) return null; // gone meanwhile
  const args = cmdline.replace(/\0+$/, '');
  if (args !== '') return args.replaceAll('\0', ' ');
  const comm = read(path.join(procRoot, String(pid), 'comm'));
  return comm === null ? null : `[${comm.trim()}]`;
}

/** Command lines of the container's processes in PID order, or null when they cannot be read here. */
export function localProcesses(id: string, initPid: number, roots: ProcRoots = DEFAULT_ROOTS): string[] | null {
  if (!/^[0-9a-f]{64}$/.test(id) || !Number.isInteger(initPid) || initPid <= 0) return null;
  const cgroupText = read(path.join(roots.proc, String(initPid), 'cgroup'));
  if (cgroupText === null) return null;
  for (const file of procsFiles(cgroupText, id, roots.cgroup)) {
    const text = read(file);
    if (text === null) continue;
    const pids = text
      .split('\n')
      .filter((l) => /^\d+$/.test(l))
      .map(Number)
      .sort((a, b) => a - b);
    if (!pids.includes(initPid)) continue; // not the same PID namespace
    return pids.flatMap((pid) => commandLine(pid, roots.proc) ?? []);
  }
  return null;
}

/** /proc/PID/comm holds at most 15 characters and a newline (TASK_COMM_LEN); a longer read is not comm. */
const COMM_MAX = 64;

/**
 * Every process in a /proc directory (this host's, or a host root's), PID → command name, in /proc's order;
 * null when the directory cannot be listed. A process that exits meanwhile is left out. Each name is one
 * open and one read (synchronous: procfs answers from memory, and a few hundred processes take a few ms,
 * where one awaited read each would wait on the thread pool hundreds of times).
 */
export function processNames(procDir = DEFAULT_ROOTS.proc): Map<number, string> | null {
  let entries: string[];
  try {
    entries = readdirSync(procDir);
  } catch {
    return null;
  }
  const names = new Map<number, string>();
  const buf = Buffer.alloc(COMM_MAX);
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let fd: number | undefined;
    try {
      fd = openSync(path.join(procDir, entry, 'comm'), 'r');
      const n = readSync(fd, buf, 0, COMM_MAX, 0);
      names.set(Number(entry), buf.toString('utf8', 0, n).trim());
    } catch {
      // gone meanwhile, or not ours to read
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  return names;
}
