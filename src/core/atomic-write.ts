// Writes an output file so that a reader sees either the old content or the new, never half of it —
// without ever replacing what is not a regular file: `-o /dev/null` must not turn the null device into
// a file, and `-o link` writes where the link points instead of replacing the link. Links are followed as the
// kernel's protected_symlinks would: a link in a sticky world-writable directory (/tmp) is followed only when
// its owner is the user or the directory's owner, and, as protected_regular, a file there that another user
// owns is not written over. `root` running `-o /tmp/x/report.json` cannot be turned against /etc by a link.
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError, messageOf } from './errors.js';
import { coreMessages as M } from './messages.js';

/** At most this many links are followed (the kernel's own limit is 40). */
const MAX_LINKS = 40;

export type OutputTarget =
  | { kind: 'stdout' }
  /** A character device, FIFO or socket: written straight through, never renamed over. */
  | { kind: 'stream'; path: string }
  /** A regular file, or nothing yet: written atomically. */
  | { kind: 'file'; path: string; mode: number | undefined };

/** Decides how `file` is written: follows symlinks to their final target and looks at what is there. */
export async function resolveOutputTarget(file: string): Promise<OutputTarget> {
  if (file === '-') return { kind: 'stdout' };
  if (file === '') throw new UserError(M.say('core.write.emptyName'));
  let current = path.resolve(file);
  for (let hops = 0; ; hops++) {
    let st;
    try {
      st = await fs.lstat(current);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(M.say('core.write.failed', { file, error: messageOf(e) }));
      await requireDirectory(path.dirname(current), file);
      return { kind: 'file', path: current, mode: undefined };
    }
    if (st.isSymbolicLink()) {
      if (hops >= MAX_LINKS) throw new UserError(M.say('core.write.loop', { file }));
      await refuseInStickyDir(current, st, 'link', file);
      current = path.resolve(path.dirname(current), await fs.readlink(current));
      continue;
    }
    if (st.isFile()) {
      await refuseInStickyDir(current, st, 'file', file);
      return { kind: 'file', path: current, mode: st.mode & 0o7777 };
    }
    if (st.isCharacterDevice() || st.isFIFO() || st.isSocket()) return { kind: 'stream', path: current };
    if (st.isDirectory()) throw new UserError(M.say('core.write.directory', { file }), { hint: M.say('core.write.directory.hint') });
    throw new UserError(M.say('core.write.notRegular', { file }));
  }
}

/** The user the kernel checks ownership against (the effective user; no process.geteuid on Windows). */
const euid = (): number | undefined => process.geteuid?.();

/**
 * Refuses `what` (a link to follow, a file to replace) in a sticky world-writable directory when neither the
 * user nor the directory's owner owns it: the rule of the kernel's protected_symlinks and protected_regular.
 */
async function refuseInStickyDir(entry: string, st: { uid: number }, what: 'link' | 'file', file: string): Promise<void> {
  const me = euid();
  if (me === undefined) return;
  const dir = await fs.stat(path.dirname(entry));
  const stickyWorldWritable = (dir.mode & 0o1000) !== 0 && (dir.mode & 0o002) !== 0;
  if (!stickyWorldWritable || st.uid === me || st.uid === dir.uid) return;
  throw new UserError(M.say(what === 'link' ? 'core.write.foreignLink' : 'core.write.foreignFile', { file, entry, uid: st.uid, dir: path.dirname(entry) }), {
    hint: M.say('core.write.foreign.hint'),
  });
}

/** The output's directory must exist: we create no directory the user did not ask for. */
async function requireDirectory(dir: string, file: string): Promise<void> {
  try {
    if ((await fs.stat(dir)).isDirectory()) return;
  } catch {
    // reported below
  }
  throw new UserError(M.say('core.write.noDir', { file, dir }), { hint: M.say('core.write.noDir.hint') });
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, mode?: number): Promise<void> {
  const target = await resolveOutputTarget(file);
  if (target.kind === 'stdout') {
    await new Promise<void>((resolve, reject) => process.stdout.write(data, (e) => (e ? reject(e) : resolve())));
    return;
  }
  if (target.kind === 'stream') {
    // O_NOFOLLOW and no O_CREAT: the device or pipe resolved above, and nothing else.
    const handle = await fs.open(target.path, constants.O_WRONLY | constants.O_NOFOLLOW);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    return;
  }
  const dir = path.dirname(target.path);
  const tmp = path.join(dir, `.${path.basename(target.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', mode ?? target.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await fs.rename(tmp, target.path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
