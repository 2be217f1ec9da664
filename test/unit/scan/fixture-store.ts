// An advisory database imported from real fixture files for one test file, opened read-only, removed afterwards;
// and the small inventory builders the scan tests share.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Inventory, OsInfo, Package } from '../../../src/packages/types.js';
import { VulnStore } from '../../../src/vulndb/store.js';
import { importFiles } from '../../../src/vulndb/update.js';

export const quiet = { log: () => undefined, progress: () => ({ tick() {}, total() {}, done() {} }) };

/** Imports `files` before the file's tests and closes the store after them; `store` is readable inside tests. */
export function fixtureStore(prefix: string, files: readonly string[]): { readonly store: VulnStore } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  let opened: VulnStore | undefined;
  beforeAll(async () => {
    const db = path.join(dir, 'vuln.db');
    await importFiles(db, [...files], quiet);
    opened = VulnStore.open(db, { readonly: true });
  });
  afterAll(() => {
    opened?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get store(): VulnStore {
      if (!opened) throw new Error('the fixture store is opened in beforeAll');
      return opened;
    },
  };
}

export const inv = (o: OsInfo, packages: Package[]): Inventory => ({ ref: `${o.family}:${o.version}`, os: o, packages, warnings: [], layers: [] });
export const pkg = (p: Partial<Package> & Pick<Package, 'type' | 'name' | 'version'>): Package => ({
  path: 'x',
  purl: `pkg:${p.type}/${p.name}@${p.version}`,
  ...p,
});
