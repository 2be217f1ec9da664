// `db update` and `db import`: fetch or read sources, import them into a fresh copy, swap it in.
import path from 'node:path';
import { createProgress, type Progress } from '../core/progress.js';
import { toolVersion } from '../core/version.js';
import { importFileInto, rebuildDatabase, type ImportResult } from './build.js';
import type { SourceConfig } from './config.js';
import { downloadSource } from './download.js';
import { detectImporter, importerForType } from './importers/index.js';

export interface SourceOutcome {
  id: string;
  status: 'imported' | 'not-modified';
  url?: string;
  bytes?: number;
  result?: ImportResult;
}

export interface UpdateOptions {
  /** Ignore stored ETag/Last-Modified and download everything. */
  force?: boolean;
  progress?: (title: string) => Progress;
  log?: (line: string) => void;
}

export async function updateDatabase(dbPath: string, sources: readonly SourceConfig[], options: UpdateOptions = {}): Promise<SourceOutcome[]> {
  const makeProgress = options.progress ?? ((t: string) => createProgress(t));
  return rebuildDatabase(dbPath, async ({ store, tempFile }) => {
    const outcomes: SourceOutcome[] = [];
    let changed = false;
    for (const src of sources) {
      const prev = store.source(src.id);
      const validators = !options.force && prev && prev.advisories > 0 ? { ...(prev.etag ? { etag: prev.etag } : {}), ...(prev.lastModified ? { lastModified: prev.lastModified } : {}) } : {};
      const file = tempFile(src.id);
      const dl = makeProgress(`downloading ${src.id}`);
      const res = await downloadSource(src.urls, file, { validators, progress: dl, userAgent: `swarmguard/${toolVersion()}` });
      dl.done();
      if (res.status === 'not-modified') {
        options.log?.(`${src.id}: not modified since the last update`);
        outcomes.push({ id: src.id, status: 'not-modified', url: res.url });
        continue;
      }
      const importer = src.type !== undefined ? importerForType(src.type) : await detectImporter(file);
      const prog = makeProgress(`importing ${src.id}`);
      const result = await importFileInto(
        store,
        { id: src.id, type: importer.id, url: res.url, ...(res.etag ? { etag: res.etag } : {}), ...(res.lastModified ? { lastModified: res.lastModified } : {}), fetchedAt: new Date().toISOString() },
        file,
        importer,
        prog,
      );
      prog.done();
      options.log?.(`${src.id}: ${result.records} advisories imported${result.skipped > 0 ? `, ${result.skipped} skipped (${result.skipSummary})` : ''}`);
      outcomes.push({ id: src.id, status: 'imported', url: res.url, bytes: res.bytes, result });
      changed = true;
    }
    return { changed, result: outcomes };
  });
}

/** Imports local files (air-gapped hosts): each file becomes the source `file:NAME`. */
export async function importFiles(dbPath: string, files: readonly string[], options: UpdateOptions & { type?: string } = {}): Promise<ImportResult[]> {
  const makeProgress = options.progress ?? ((t: string) => createProgress(t));
  return rebuildDatabase(dbPath, async ({ store }) => {
    const results: ImportResult[] = [];
    for (const file of files) {
      const importer = options.type !== undefined ? importerForType(options.type) : await detectImporter(file);
      const prog = makeProgress(`importing ${path.basename(file)}`);
      const r = await importFileInto(store, { id: `file:${path.basename(path.resolve(file))}`, type: importer.id, url: path.resolve(file), fetchedAt: new Date().toISOString() }, file, importer, prog);
      prog.done();
      options.log?.(`${file}: ${r.records} advisories imported${r.skipped > 0 ? `, ${r.skipped} skipped (${r.skipSummary})` : ''}`);
      results.push(r);
    }
    return { changed: true, result: results };
  });
}
