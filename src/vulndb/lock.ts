// A lock file so two updates never build the same DB at once; a lock left by a dead process is taken over.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { ExitCode, UserError } from '../core/errors.js';
import { say } from './messages.js';

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Lock {
  path: string;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Test hook: runs after a lock was judged stale and before it is taken over. */
  beforeTakeover?: () => Promise<void>;
}

/** Tokens of the locks this process holds: a lock with our pid but another token is not ours to break. */
const held = new Set<string>();

function parseLock(content: string): { pid: number; token: string } {
  const [pid, token] = content.trim().split(/\s+/);
  return { pid: Number.parseInt(pid ?? '', 10), token: token ?? '' };
}

function isLive(content: string): boolean {
  const { pid, token } = parseLock(content);
  if (!Number.isInteger(pid) || !processAlive(pid)) return false;
  // Our own pid: live only when it is one of our locks (a crashed run in a container reuses pid 1).
  return pid !== process.pid || held.has(token);
}

async function createExclusive(file: string, content: string): Promise<boolean> {
  try {
    const fh = await fs.open(file, 'wx', 0o644);
    try {
      await fh.writeFile(content);
    } finally {
      await fh.close();
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Breaks a stale lock. Breakers are serialised by a second lock file, and the stale lock is removed
 * only when it still holds the content that was judged stale: two processes that both found the same
 * stale lock cannot remove each other's fresh lock (the race that let two updates run at once).
 */
async function breakStale(lockPath: string, staleContent: string): Promise<void> {
  const takeover = `${lockPath}.takeover`;
  const mine = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  if (!(await createExclusive(takeover, mine))) {
    const other = await fs.readFile(takeover, 'utf8').catch(() => '');
    // A breaker that died holding the takeover lock: remove it by the same rule, content unchanged.
    if (!isLive(other)) {
      const again = await fs.readFile(takeover, 'utf8').catch(() => '');
      if (again === other) await fs.rm(takeover, { force: true });
    }
    return;
  }
  try {
    const now = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
    if (now === staleContent) await fs.rm(lockPath, { force: true });
  } finally {
    await fs.rm(takeover, { force: true });
  }
}

export async function acquireLock(lockPath: string, options: LockOptions = {}): Promise<Lock> {
  const token = randomBytes(8).toString('hex');
  const content = `${process.pid} ${token}\n`;
  for (let attempt = 0; attempt < 20; attempt++) {
    if (await createExclusive(lockPath, content)) {
      held.add(token);
      return {
        path: lockPath,
        async release() {
          held.delete(token);
          // Only remove the lock if it is still ours.
          const now = await fs.readFile(lockPath, 'utf8').catch(() => '');
          if (now === content) await fs.rm(lockPath, { force: true });
        },
      };
    }
    const existing = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
    if (existing === undefined) continue; // released meanwhile
    if (isLive(existing)) {
      const { pid } = parseLock(existing);
      throw new UserError(say('vulndb.lock.busy', { pid, lock: lockPath }), {
        hint: say('vulndb.lock.busy.hint'),
        exitCode: ExitCode.FAILED,
      });
    }
    // Stale: the process that held it is gone (killed, crashed) or the file is empty.
    await options.beforeTakeover?.();
    await breakStale(lockPath, existing);
    await new Promise((r) => setTimeout(r, 5 * (attempt + 1)));
  }
  throw new UserError(say('vulndb.lock.cannotTake', { lock: lockPath }), { hint: say('vulndb.lock.cannotTake.hint'), exitCode: ExitCode.FAILED });
}
