// The history directory holds scan results, audit runs and serve's token: it is private to the user who runs
// swarmguard, whichever of them creates it first (0700), and so is every file made in it (0600).
import { closeSync, lstatSync, mkdirSync, openSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UserError, messageOf } from '../core/errors.js';
import { say } from './messages.js';

/** Creates `dir` (and missing parents) as 0700; an existing directory is left as it is. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Creates `file` as 0600 when it does not exist yet, so that an engine opening it later keeps that mode. */
export function ensurePrivateFile(file: string): void {
  ensurePrivateDir(path.dirname(file));
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new UserError(say('history.cannotCreate', { file, error: messageOf(e) }));
  }
}

/**
 * Why a file someone else could have put in a shared directory must not be trusted, or undefined when it is
 * a regular file of this user that nobody else can read or write.
 */
export function notPrivate(st: Stats, uid: number | undefined = process.getuid?.()): string | undefined {
  if (!st.isFile()) return 'not a regular file';
  if (uid !== undefined && st.uid !== uid) return `owned by uid ${st.uid}, not by this user (uid ${uid})`;
  if ((st.mode & 0o077) !== 0) return `readable or writable by others (mode ${(st.mode & 0o777).toString(8)})`;
  return undefined;
}

/** notPrivate for a path, without following a final symlink. */
export function notPrivateFile(file: string): string | undefined {
  return notPrivate(lstatSync(file));
}
