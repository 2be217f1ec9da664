// The dashboard's way to a shared history: a PostgreSQL URL becomes a private local copy (src/history/mirror.ts).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPostgresUrl } from './db-url.js';
import { mirrorHistory, type HistoryMirror } from './mirror.js';
import { openScanStore } from './scan-store.js';

export { isPostgresUrl };

export async function mirrorSharedHistory(url: string, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<HistoryMirror> {
  const store = await openScanStore(url, { log });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'swarmguard-history-'));
  return mirrorHistory(store, path.join(dir, 'history.db'), { log });
}
