// A local SQLite copy of a shared (PostgreSQL) history, kept fresh, for readers built on the SQLite history:
// the dashboard reads the file, and sees each refresh as a change of it, as it sees serve's and watch's writes.
import { errorMessage } from '../core/errors.js';
import { printable } from '../core/image-reference.js';
import type { ScanStore } from './scan-store-types.js';
import { HistoryStore } from './store.js';

export interface HistoryMirror {
  file: string;
  /** Copies the newest scans now; false when the shared history could not be read (the copy stays as it was). */
  refresh(): Promise<boolean>;
  stop(): void;
}

/** How many of the newest scans the copy holds (the dashboard reads at most its SCAN_WINDOW). */
export const MIRROR_WINDOW = 1_000;

export async function mirrorHistory(
  source: ScanStore,
  file: string,
  options: { intervalMs?: number; log?: (line: string) => void } = {},
): Promise<HistoryMirror> {
  const local = new HistoryStore(file);
  let signature = '';
  let failing = false;
  const refresh = async (): Promise<boolean> => {
    try {
      const rows = await source.list({ limit: MIRROR_WINDOW });
      const next = rows.map((r) => `${r.id}:${r.status}`).join(',');
      if (next !== signature) {
        local.replaceAll(rows);
        signature = next;
      }
      if (failing) options.log?.(`the history at ${source.location} is reachable again`);
      failing = false;
      return true;
    } catch (e) {
      if (!failing) options.log?.(`cannot read the history at ${source.location} (${printable(errorMessage(e))}); showing the last copy`);
      failing = true;
      return false;
    }
  };
  await refresh();
  const timer = setInterval(() => void refresh(), options.intervalMs ?? 5000);
  timer.unref?.();
  return {
    file,
    refresh,
    stop: () => {
      clearInterval(timer);
      local.close();
    },
  };
}
