// A lock file so two updates never build the same DB at once; a lock left by a dead process is taken over.
import { promises as fs } from 'node:fs';
import { ExitCode, UserError } from '../core/errors.js';

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

export async function acquireLock(lockPath: string): Promise<Lock> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await fs.open(lockPath, 'wx', 0o644);
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      return {
        path: lockPath,
        async release() {
          // Only remove the lock if it is still ours.
          const content = await fs.readFile(lockPath, 'utf8').catch(() => '');
          if (Number.parseInt(content, 10) === process.pid) await fs.rm(lockPath, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const content = await fs.readFile(lockPath, 'utf8').catch(() => '');
      const pid = Number.parseInt(content, 10);
      if (Number.isInteger(pid) && processAlive(pid) && pid !== process.pid) {
        throw new UserError(`another database update is running (pid ${pid}, lock ${lockPath})`, {
          hint: 'wait for it to finish; if that process is not swarmguard, remove the lock file',
          exitCode: ExitCode.FAILED,
        });
      }
      // Stale: the process that held it is gone (killed, crashed) or the file is empty.
      await fs.rm(lockPath, { force: true });
    }
  }
  throw new UserError(`cannot take the lock ${lockPath}`, { exitCode: ExitCode.FAILED });
}
