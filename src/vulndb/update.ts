// `db update` and `db import`: fetch or read sources, import them into a fresh copy, swap it in.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExitCode, UserError, errorMessage, messageOf } from '../core/errors.js';
import { joinMessages, opensWith, rawMessage, type Message } from '../core/message.js';
import { createProgress, type Progress } from '../core/progress.js';
import { toolVersion } from '../core/version.js';
import { importFileInto, rebuildDatabase, type ImportResult } from './build.js';
import type { SourceConfig } from './config.js';
import { downloadSource, type DownloadOptions } from './download.js';
import { detectImporter, importerForType } from './importers/index.js';
import { say } from './messages.js';

export type SourceOutcome =
  | {
      id: string;
      status: 'imported' | 'not-modified' | 'fresh';
      url?: string;
      bytes?: number;
      result?: ImportResult;
    }
  | {
      id: string;
      status: 'failed';
      /** Why it failed. */
      error: Message;
    };

export interface UpdateOptions {
  /** Ignore stored ETag/Last-Modified and download everything. */
  force?: boolean;
  progress?: (title: string) => Progress;
  /** A line of progress, said by id (the command prints it in the reader's language). */
  log?: (line: Message) => void;
  /** Overrides for tests and slow links. */
  download?: Pick<DownloadOptions, 'bodyIdleTimeoutMs' | 'headerTimeoutMs' | 'maxBytes'>;
  now?: Date;
}

/**
 * Downloads and imports each source into a copy of the DB, then swaps it in. Only what changed is
 * fetched: a source with `refreshDays` that was imported more recently is not asked for at all (the
 * NVD yearly feeds, whose changes the modified feed carries), the others are asked with their ETag
 * and Last-Modified. A source that fails is named and the others are still updated; the command
 * then fails, and the previous data of the failed source stays.
 */
export async function updateDatabase(dbPath: string, sources: readonly SourceConfig[], options: UpdateOptions = {}): Promise<SourceOutcome[]> {
  const makeProgress = options.progress ?? ((t: string) => createProgress(t));
  const now = options.now ?? new Date();
  const failed = (id: string, error: Message): SourceOutcome => ({ id, status: 'failed', error });
  const outcomes = await rebuildDatabase(dbPath, async ({ store, tempFile }) => {
    const outcomes: SourceOutcome[] = [];
    let changed = false;
    const expanded: SourceConfig[] = [];
    for (const src of sources) {
      if (src.type !== ALPINE_INDEX) {
        expanded.push(src);
        continue;
      }
      try {
        expanded.push(...(await expandAlpineIndex(src, options.download)));
      } catch (e) {
        // The index is down: keep updating the branches imported before.
        const known = store.sources().filter((s) => s.id.startsWith(`${src.id}/`) && s.url !== undefined);
        const error = e instanceof UserError ? e.text : rawMessage(errorMessage(e));
        options.log?.(
          known.length > 0
            ? say('vulndb.update.indexDownKnown', { id: src.id, error, count: known.length })
            : say('vulndb.update.indexDown', { id: src.id, error }),
        );
        if (known.length === 0) outcomes.push(failed(src.id, messageOf(e)));
        expanded.push(...known.map((k) => ({ id: k.id, type: 'alpine-secdb', urls: [k.url as string] })));
      }
    }
    for (const src of expanded) {
      const prev = store.source(src.id);
      const imported = prev?.importedAt !== undefined;
      if (!options.force && imported && src.refreshDays !== undefined && prev.fetchedAt !== undefined) {
        const ageDays = (now.getTime() - Date.parse(prev.fetchedAt)) / 86_400_000;
        if (ageDays >= 0 && ageDays < src.refreshDays) {
          outcomes.push({ id: src.id, status: 'fresh' });
          continue;
        }
      }
      const validators =
        !options.force && imported ? { ...(prev.etag ? { etag: prev.etag } : {}), ...(prev.lastModified ? { lastModified: prev.lastModified } : {}) } : {};
      const file = tempFile(src.id);
      const dl = makeProgress(`downloading ${src.id}`);
      try {
        const res = await downloadSource(src.urls, file, { validators, progress: dl, userAgent: `swarmguard/${toolVersion()}`, ...options.download });
        dl.done();
        if (res.status === 'not-modified') {
          // Recorded when the DB is rewritten for another source; not worth a rewrite on its own.
          store.touchSource(src.id, now.toISOString());
          options.log?.(say('vulndb.update.notModified', { id: src.id }));
          outcomes.push({ id: src.id, status: 'not-modified', url: res.url });
          continue;
        }
        const importer = src.type !== undefined ? importerForType(src.type) : await detectImporter(file);
        const prog = makeProgress(`importing ${src.id}`);
        const result = await importFileInto(
          store,
          {
            id: src.id,
            type: importer.id,
            url: res.url,
            ...(res.etag ? { etag: res.etag } : {}),
            ...(res.lastModified ? { lastModified: res.lastModified } : {}),
            fetchedAt: now.toISOString(),
          },
          file,
          importer,
          prog,
        ).finally(() => prog.done());
        options.log?.(importedLine(src.id, result));
        outcomes.push({ id: src.id, status: 'imported', url: res.url, bytes: res.bytes, result });
        changed = true;
      } catch (e) {
        dl.done();
        // Whatever one source's data does (a parser's RangeError on a huge value included), it costs that
        // source only: the others still update.
        const message = e instanceof UserError ? e.text : say('vulndb.update.cannotImport', { error: messageOf(e) });
        options.log?.(say('vulndb.update.notUpdated', { id: src.id, error: message }));
        outcomes.push(failed(src.id, message));
      } finally {
        await fs.rm(file, { force: true });
      }
    }
    return { changed, result: outcomes };
  });
  const failures = outcomes.flatMap((o) => (o.status === 'failed' ? [say('vulndb.update.sourceFailed', { id: o.id, error: o.error })] : []));
  if (failures.length > 0) {
    const ok = outcomes.length - failures.length;
    const list = joinMessages(failures, '; ');
    throw new UserError(
      ok > 0 ? say('vulndb.update.failedSome', { count: failures.length, ok, list }) : say('vulndb.update.failedAll', { count: failures.length, list }),
      { hint: say('vulndb.update.failed.hint'), exitCode: ExitCode.FAILED },
    );
  }
  return outcomes;
}

/** What one source or file gave: its advisories, and what was skipped. */
function importedLine(source: string, r: ImportResult): Message {
  return r.skipped > 0
    ? say('vulndb.imported.skipped', { source, records: r.records, skipped: r.skipped, summary: r.skipSummary })
    : say('vulndb.imported', { source, records: r.records });
}

/** A source type that stands for every branch an Alpine secdb server lists (main and community). */
export const ALPINE_INDEX = 'alpine-secdb-index';

/** The branch directories of the secdb index page: `v3.19/`, `edge/`. */
export function parseAlpineIndex(html: string): string[] {
  const found = new Set<string>();
  for (const m of html.matchAll(/href\s*=\s*["']?\.?\/?(v\d+\.\d+|edge)\/["'\s>]/gi)) if (m[1]) found.add(m[1]);
  return [...found].sort((a, b) => branchKey(a) - branchKey(b));
}

function branchKey(b: string): number {
  const m = /^v(\d+)\.(\d+)$/.exec(b);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : Number.MAX_SAFE_INTEGER;
}

async function expandAlpineIndex(src: SourceConfig, dl: UpdateOptions['download']): Promise<SourceConfig[]> {
  const base = src.urls[0];
  if (base === undefined) return [];
  // A private directory (0700, made exclusively): no planted file or link can stand in for the index.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'swarmguard-alpine-index-'));
  const tmp = path.join(dir, 'index.html');
  try {
    await downloadSource(src.urls, tmp, {
      userAgent: `swarmguard/${toolVersion()}`,
      maxBytes: 4 << 20,
      ...(dl?.bodyIdleTimeoutMs !== undefined ? { bodyIdleTimeoutMs: dl.bodyIdleTimeoutMs } : {}),
    });
    const branches = parseAlpineIndex(await fs.readFile(tmp, 'utf8'));
    if (branches.length === 0) throw new UserError(say('vulndb.update.noBranches', { url: base }));
    const root = base.endsWith('/') ? base : `${base}/`;
    return branches.flatMap((b) =>
      ['main', 'community'].map((repo) => ({ id: `${src.id}/${b}/${repo}`, type: 'alpine-secdb', urls: [`${root}${b}/${repo}.json`] })),
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export interface FileFailure {
  file: string;
  error: Message;
}

/** Raised after a multi-file import in which some files could not be read; the others were imported. */
export function importFailureError(failures: readonly FileFailure[], imported: number): UserError {
  // An error that opens with the file's name is said as it is; any other after the file's name.
  const what = joinMessages(
    failures.map((f) => (opensWith(f.error, f.file) ? f.error : say('vulndb.import.fileFailed', { file: f.file, error: f.error }))),
    '; ',
  );
  return new UserError(imported > 0 ? say('vulndb.import.failedSome', { count: failures.length, imported, what }) : say('vulndb.import.failedAll', { what }), {
    hint: say('vulndb.import.failed.hint'),
    exitCode: ExitCode.FAILED,
  });
}

/**
 * Imports local files (air-gapped hosts): each file becomes the source `file:NAME`. A file that
 * cannot be read is named and the others are still imported (the command then fails); when no file
 * could be imported the previous database stays as it was.
 */
export async function importFiles(dbPath: string, files: readonly string[], options: UpdateOptions & { type?: string } = {}): Promise<ImportResult[]> {
  const makeProgress = options.progress ?? ((t: string) => createProgress(t));
  const failures: FileFailure[] = [];
  const results = await rebuildDatabase(dbPath, async ({ store }) => {
    const results: ImportResult[] = [];
    for (const { file, name } of await expandImportPaths(files)) {
      const prog = makeProgress(`importing ${path.basename(file)}`);
      try {
        const importer = options.type !== undefined ? importerForType(options.type) : await detectImporter(file);
        const r = await importFileInto(
          store,
          { id: `file:${name}`, type: importer.id, url: path.resolve(file), fetchedAt: new Date().toISOString() },
          file,
          importer,
          prog,
        );
        options.log?.(importedLine(file, r));
        results.push(r);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        failures.push({ file, error: e.text });
        options.log?.(say('vulndb.import.notImported', { file, error: e.text }));
      } finally {
        prog.done();
      }
    }
    return { changed: results.length > 0, result: results };
  });
  if (failures.length > 0) throw importFailureError(failures, results.length);
  return results;
}

/**
 * Directories of Alpine secdb or NVD files (a mirror of secdb.alpinelinux.org, the NVD feeds) are
 * imported file by file, each as its own source; any other directory is one OSV source.
 */
export async function expandImportPaths(paths: readonly string[]): Promise<{ file: string; name: string }[]> {
  const out: { file: string; name: string }[] = [];
  for (const p of paths) {
    const st = await fs.stat(p).catch(() => undefined);
    if (!st?.isDirectory()) {
      out.push({ file: p, name: path.basename(path.resolve(p)) });
      continue;
    }
    const files = await listFiles(p);
    const perFile: string[] = [];
    for (const f of files) {
      if (!/\.(json|ya?ml|json\.gz)$/i.test(f)) continue;
      const imp = await detectImporter(f).catch(() => undefined);
      if (imp && imp.id !== 'osv') perFile.push(f);
    }
    // Named by their path inside the directory: v3.19/main.json and v3.20/main.json are different sources.
    if (perFile.length > 0) out.push(...perFile.map((f) => ({ file: f, name: path.join(path.basename(path.resolve(p)), path.relative(p, f)) })));
    else out.push({ file: p, name: path.basename(path.resolve(p)) });
  }
  return out;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}
