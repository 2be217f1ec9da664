// Builds a new DB file next to the live one and swaps it in with a rename, so readers never see a half-built DB.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Progress } from '../core/progress.js';
import type { Importer } from './importers/index.js';
import { SkipLog } from './importers/index.js';
import { acquireLock, processAlive } from './lock.js';
import { VulnStore, type SourceInfo } from './store.js';

export interface ImportResult {
  source: string;
  type: string;
  records: number;
  skipped: number;
  skipSummary: string;
  skipExamples: string[];
}

/**
 * Imports one file as `source`, replacing what that source had. The rows are staged under a
 * temporary source id and swapped in only when the whole file has been read, so a file that fails
 * half-way leaves the source's previous advisories in place.
 */
export async function importFileInto(store: VulnStore, source: SourceInfo, file: string, importer: Importer, progress?: Progress): Promise<ImportResult> {
  const staging = `${source.id}\u0000staging`;
  store.resetSource({ ...source, id: staging });
  const writer = store.writer(staging);
  const skips = new SkipLog();
  try {
    await importer.importFile(file, {
      emit: (r) => writer.add(r),
      skip: (reason) => skips.add(reason),
      progress: (n) => {
        if (n % 500 === 0) progress?.tick(500, source.id);
      },
    });
    writer.flush();
  } catch (e) {
    writer.abort();
    store.dropSource(staging);
    throw e;
  }
  store.promoteSource(staging, source);
  store.finishSource(source.id, { skipped: skips.count });
  return {
    source: source.id,
    type: importer.id,
    records: writer.records,
    skipped: skips.count,
    skipSummary: skips.summary(),
    skipExamples: skips.examples,
  };
}

const TEMP_RE = /^\.(.+)\.(\d+)\.(new|download-\d+)(-journal)?$/;

/** Temp files of updates whose process is gone (killed mid-update); they only waste space. */
export async function removeStaleTemps(dbPath: string): Promise<string[]> {
  const dir = path.dirname(dbPath);
  const base = path.basename(dbPath);
  const removed: string[] = [];
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const m = TEMP_RE.exec(name);
    if (!m || !m[1]?.startsWith(base)) continue;
    const pid = Number(m[2]);
    if (pid !== process.pid && processAlive(pid)) continue;
    await fs.rm(path.join(dir, name), { force: true, recursive: true });
    removed.push(name);
  }
  return removed;
}

export interface BuildContext {
  /** The DB being built (a copy of the live one, when there is one). */
  store: VulnStore;
  /** A temp path next to the DB for downloads; removed afterwards. */
  tempFile: (label: string) => string;
}

/**
 * Takes the update lock, copies the live DB (if any) to a temp file, lets `fn` change the copy, then
 * renames it over the live file. On any error the temp file goes and the live DB is untouched.
 * `fn` returns false to say "nothing changed": the copy is discarded.
 */
export async function rebuildDatabase<T>(dbPath: string, fn: (ctx: BuildContext) => Promise<{ changed: boolean; result: T }>): Promise<T> {
  const dir = path.dirname(dbPath);
  await fs.mkdir(dir, { recursive: true });
  const lock = await acquireLock(`${dbPath}.lock`);
  const tmp = path.join(dir, `.${path.basename(dbPath)}.${process.pid}.new`);
  const temps: string[] = [tmp];
  let counter = 0;
  try {
    await removeStaleTemps(dbPath);
    const exists = await fs.stat(dbPath).then(
      () => true,
      () => false,
    );
    if (exists) {
      // Open it first: refuses non-SQLite files and newer schemas before we clobber anything.
      VulnStore.open(dbPath, { readonly: true }).close();
      await fs.copyFile(dbPath, tmp);
    }
    const store = VulnStore.open(tmp, { create: true });
    let outcome: { changed: boolean; result: T };
    try {
      store.setBulkMode(true);
      outcome = await fn({
        store,
        tempFile(label) {
          const p = path.join(dir, `.${path.basename(dbPath)}.${process.pid}.download-${++counter}`);
          temps.push(p);
          void label;
          return p;
        },
      });
      if (outcome.changed) {
        store.setMeta('updated_at', new Date().toISOString());
        store.setBulkMode(false);
        store.db.exec('VACUUM');
      }
    } finally {
      store.close();
    }
    if (outcome.changed) {
      const fh = await fs.open(tmp, 'r');
      await fh.sync();
      await fh.close();
      await fs.rename(tmp, dbPath);
      // Make the rename itself durable.
      const dh = await fs.open(dir, 'r').catch(() => undefined);
      await dh?.sync().catch(() => undefined);
      await dh?.close();
    }
    return outcome.result;
  } finally {
    for (const t of temps) await fs.rm(t, { force: true });
    await fs.rm(`${tmp}-journal`, { force: true });
    await lock.release();
  }
}
