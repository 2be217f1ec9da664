// Finds running dockerd processes and their listening TCP sockets from /proc (no tools needed).
import { promises as fs, readlinkSync } from 'node:fs';
import path from 'node:path';
import { processNames } from '../engine/local-processes.js';

export interface DockerdProcess {
  pid: number;
  argv: string[];
  /** TCP sockets the process listens on. */
  listeners: { address: string; port: number }[];
  /** Its descriptors could not be read (no ptrace rights over it): `listeners` is empty for want of them. */
  fdsUnreadable?: boolean;
}

/** Decodes a /proc/net/tcp{,6} address such as "0100007F:0CEA" or a 32-hex-digit IPv6 one. */
export function decodeProcAddress(hex: string): { address: string; port: number } | undefined {
  const [addr, portHex] = hex.split(':');
  if (addr === undefined || portHex === undefined || !/^[0-9A-Fa-f]+$/.test(addr) || !/^[0-9A-Fa-f]{4}$/.test(portHex)) return undefined;
  const port = parseInt(portHex, 16);
  if (addr.length === 8) {
    const bytes = addr
      .match(/../g)!
      .map((b) => parseInt(b, 16))
      .reverse();
    return { address: bytes.join('.'), port };
  }
  if (addr.length === 32) {
    // Four little-endian 32-bit words.
    const words = addr.match(/.{8}/g)!.map((w) => w.match(/../g)!.reverse().join(''));
    const groups = words
      .join('')
      .match(/.{4}/g)!
      .map((g) => g.replace(/^0+(?=.)/, '').toLowerCase());
    const v4mapped = groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff';
    if (v4mapped) {
      const tail = words[3]!;
      return {
        address: tail
          .match(/../g)!
          .map((b) => parseInt(b, 16))
          .join('.'),
        port,
      };
    }
    return { address: compressIpv6(groups), port };
  }
  return undefined;
}

function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLen).join(':')}`;
}

/** Parses /proc/net/tcp{,6}: listening sockets (state 0A) by inode. */
export function parseProcNetTcp(text: string): Map<number, { address: string; port: number }> {
  const out = new Map<number, { address: string; port: number }>();
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10 || cols[3] !== '0A') continue;
    const local = decodeProcAddress(cols[1] ?? '');
    const inode = Number(cols[9]);
    if (local && Number.isInteger(inode) && inode > 0) out.set(inode, local);
  }
  return out;
}

async function readOr(file: string, fallback: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return fallback;
  }
}

/** Listening TCP sockets of the network namespace a process runs in (PROC/PID/net/tcp{,6}), by inode. */
export async function namespaceListeners(pidDir: string): Promise<Map<number, { address: string; port: number }>> {
  const listening = new Map<number, { address: string; port: number }>();
  for (const f of ['net/tcp', 'net/tcp6']) for (const [k, v] of parseProcNetTcp(await readOr(path.join(pidDir, f), ''))) listening.set(k, v);
  return listening;
}

/**
 * The listeners among a process's descriptors, read with `readLink` (a descriptor closed meanwhile, or not a socket,
 * is no listener). A refused read (EACCES, EPERM: no ptrace rights over the process) makes them all unreadable: the
 * kernel refuses every descriptor of a process alike, and the ones that closed before they were read (a busy daemon
 * opens and closes connections all the time) say nothing either way.
 */
export function descriptorListeners(
  fds: readonly string[],
  readLink: (fd: string) => string,
  listening: ReadonlyMap<number, { address: string; port: number }>,
): { listeners: { address: string; port: number }[]; unreadable: boolean } {
  const listeners: { address: string; port: number }[] = [];
  let refused = false;
  for (const fd of fds) {
    let link: string;
    try {
      link = readLink(fd);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') refused = true;
      continue;
    }
    const m = /^socket:\[(\d+)\]$/.exec(link);
    const l = m ? listening.get(Number(m[1])) : undefined;
    if (l) listeners.push(l);
  }
  return { listeners: refused ? [] : listeners, unreadable: refused };
}

/**
 * Every dockerd on this host with its argv and TCP listeners, each in the network namespace the daemon runs in.
 * Needs root to see other users' fds; without ptrace rights over a daemon (a container) its descriptors cannot be
 * read, and `fdsUnreadable` says so. `names` is the host's process table (processNames), when the caller has read it
 * already for other daemons.
 */
export async function findDockerdProcesses(proc = '/proc', names: ReadonlyMap<number, string> | null = processNames(proc)): Promise<DockerdProcess[]> {
  const result: DockerdProcess[] = [];
  for (const [pid, comm] of names ?? []) {
    if (comm !== 'dockerd') continue;
    const dir = path.join(proc, String(pid));
    const listening = await namespaceListeners(dir);
    const argv = (await readOr(path.join(dir, 'cmdline'), '')).split('\0').filter((a) => a !== '');
    const fds = await fs.readdir(path.join(dir, 'fd')).catch((): string[] => []);
    const { listeners, unreadable } = descriptorListeners(fds, (fd) => readlinkSync(path.join(dir, 'fd', fd)), listening);
    result.push({ pid, argv, listeners, ...(unreadable ? { fdsUnreadable: true } : {}) });
  }
  return result;
}
