import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { mirrorHistory } from '../../../src/history/mirror.js';
import { SqliteScanStore } from '../../../src/history/scan-store.js';
import { HistoryStore } from '../../../src/history/store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

it('keeps a local copy of the shared history that a reader of the file sees change', async () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'sg-mirror-'));
  dirs.push(d);
  const shared = SqliteScanStore.open(path.join(d, 'shared.db'));
  const a = await shared.record({ digest: digest(1), repository: 'r', trigger: 'push' }, []);
  const mirror = await mirrorHistory(shared, path.join(d, 'copy.db'), { intervalMs: 60_000 });
  const reader = new HistoryStore(mirror.file);
  expect(reader.list().map((r) => r.id)).toEqual([a]);
  const { id } = await shared.enqueue({ digest: digest(2), repository: 'r', trigger: 'deploy' });
  await mirror.refresh();
  expect(reader.list().map((r) => [r.id, r.status])).toEqual([
    [id, 'queued'],
    [a, 'done'],
  ]);
  // The shared history goes away: the copy stays as it was.
  await shared.close();
  expect(await mirror.refresh()).toBe(false);
  expect(reader.list()).toHaveLength(2);
  mirror.stop();
  reader.close();
});
