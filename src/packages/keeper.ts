// What the walker keeps of the files the analyzers want, for one image, within one byte budget. Reducers that
// read a file's content (an executable's Go build info or cargo-auditable section, a jar's manifests, an egg's
// PKG-INFO) run in the analyzer worker under its time budget, so a crafted binary costs its time budget and
// a "not scanned" warning, never the main thread. A stopped scan (its deadline) stops the worker at once.
import type { Analyzer } from './analyzer.js';
import { analyzers } from './analyzers/index.js';
import { cutShort } from './incomplete.js';
import { packagesMessages as M } from './messages.js';
import { AnalyzerThread, budgetText, defaultWorker, fileTimeoutMs } from './thread.js';
import type { InventoryWarning } from './types.js';
import { keepFor, packParts, unpackParts, wantedBy } from './wanted.js';

/** What reducing one file gives: the bundle to keep, nothing, or why it could not be read (a "not scanned" warning). */
export type Reduced = Buffer | undefined | { notScanned: InventoryWarning };

export interface KeeperOptions {
  /** The worker script; null reduces in this thread without a time budget. Default as for `runAnalyzers`. */
  workerUrl?: URL | null;
  /** Longest one file's reduction may take (default SWARMGUARD_ANALYZER_TIMEOUT_MS, 60 s). */
  fileTimeoutMs?: number;
  /** Stops every reduction not done yet. */
  signal?: AbortSignal;
}

export interface Keeper {
  keep: (path: string, mode: number, content: Buffer) => Promise<Reduced>;
  /** Budget warnings (not "not scanned" ones: those come back from `keep`, for the layer they belong to). */
  warnings: InventoryWarning[];
  /** Ends the worker; a later `keep` starts another. */
  close: () => Promise<void>;
}

const readsContent = (a: Analyzer, path: string): boolean => a.reduce !== undefined && (a.reduces?.(path) ?? true);

/**
 * A `keepFor` with a budget for the whole walk: what the analyzers keep of all files together stays under
 * `budgetBytes` (many large package.json files cannot exhaust memory); files past it are skipped with a warning.
 */
export function createKeeper(budgetBytes: number, from: readonly Analyzer[] = analyzers.all(), options: KeeperOptions = {}): Keeper {
  const url = options.workerUrl === undefined ? defaultWorker() : options.workerUrl;
  const timeout = options.fileTimeoutMs ?? fileTimeoutMs();
  let thread: AnalyzerThread | undefined;
  let used = 0;
  let skipped = 0;
  let first = '';
  const warnings: InventoryWarning[] = [];

  const reduce = async (path: string, mode: number, content: Buffer): Promise<Reduced> => {
    const wanted = wantedBy(path, mode, from);
    const inWorker = url ? wanted.filter((a) => readsContent(a, path)) : [];
    if (!inWorker.length) return keepFor(path, mode, content, wanted);
    if (options.signal?.aborted) return { notScanned: cutShort(M.say('packages.file.stoppedBefore', { path })) };
    const o = await (thread ??= new AnalyzerThread(url!)).run(
      { kind: 'reduce', path, mode, content, allowed: inWorker.map((a) => a.id) },
      timeout,
      options.signal,
    );
    if (o.kind === 'timeout') return { notScanned: cutShort(M.say('packages.file.timeout', { path, budget: budgetText(timeout) })) };
    if (o.kind === 'crash') return { notScanned: cutShort(M.say('packages.file.failed', { path, why: o.why })) };
    if (o.kind === 'stopped' || !('kept' in o.reply)) return { notScanned: cutShort(M.say('packages.file.stoppedWhile', { path })) };
    const fromWorker = o.reply.kept ? unpackParts(Buffer.from(o.reply.kept.buffer, o.reply.kept.byteOffset, o.reply.kept.byteLength)) : [];
    const here = wanted.filter((a) => !inWorker.includes(a));
    const parts = [...unpackParts(keepFor(path, mode, content, here) ?? Buffer.alloc(0)), ...fromWorker];
    return parts.length ? packParts(parts) : undefined;
  };

  return {
    keep: async (path, mode, content) => {
      const kept = await reduce(path, mode, content);
      if (!Buffer.isBuffer(kept)) return kept;
      if (used + kept.length > budgetBytes) {
        if (skipped++ === 0) first = path;
        warnings[0] = cutShort(M.say('packages.keep.budgetSpent', { bytes: budgetBytes, count: skipped, first }));
        return undefined;
      }
      used += kept.length;
      return kept;
    },
    warnings,
    close: async () => {
      const t = thread;
      thread = undefined;
      await t?.close();
    },
  };
}
