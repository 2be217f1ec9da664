// Runs the analyzers over the files the walker kept, in a worker thread under a time budget: a crafted file that
// sends a parser into a loop (an rpmdb whose Packages is a recursive view, say) costs its own file and a warning,
// never the scan. Also applies each analyzer's file count cap and drops duplicate findings of one installation.
import type { Analyzer, AnalyzerOutput } from './analyzer.js';
import { analyzers } from './analyzers/index.js';
import type { InventoryWarning, OsInfo, Package } from './types.js';
import { analyzeKept, partIds } from './wanted.js';
import { cutShort, scanDeadlineMs } from './incomplete.js';
import { packagesMessages as M } from './messages.js';
import { AnalyzerThread, budgetText, defaultWorker, fileTimeoutMs } from './thread.js';

export interface KeptInput {
  path: string;
  /** A bundle made by `keepFor`. */
  content: Buffer;
  layer: string;
}

export interface RunOptions {
  os?: OsInfo;
  /** Longest one file may take (default 60 s, or SWARMGUARD_ANALYZER_TIMEOUT_MS). */
  fileTimeoutMs?: number;
  /** Longest all files together may take (default the scan deadline, 5 min); later files are skipped with a warning. */
  totalTimeoutMs?: number;
  /** The worker script; null runs in this thread without a time budget. Default: analyze-worker.js beside this module when built. */
  workerUrl?: URL | null;
  /** Memory the worker's JavaScript heap may use. */
  workerHeapMiB?: number;
  /** Stops the analysis (the scan's deadline): the worker is terminated, files not read yet are not read. */
  signal?: AbortSignal;
}

/** Keeps the first of packages that two metadata files of one installation describe. */
export function dedupePackages(packages: readonly Package[], from: readonly Analyzer[] = analyzers.all()): Package[] {
  const keyers = from.flatMap((a) => (a.dedupeKey ? [a.dedupeKey] : []));
  const seen = new Set<string>();
  const out: Package[] = [];
  for (const p of packages) {
    const keys = keyers.map((k) => k(p)).filter((k): k is string => k !== undefined);
    if (keys.some((k) => seen.has(k))) continue;
    keys.forEach((k) => seen.add(k));
    out.push(p);
  }
  return out;
}

export async function runAnalyzers(
  files: readonly KeptInput[],
  options: RunOptions = {},
  from: readonly Analyzer[] = analyzers.all(),
): Promise<AnalyzerOutput> {
  const fileTimeout = options.fileTimeoutMs ?? fileTimeoutMs();
  const deadline = Date.now() + (options.totalTimeoutMs ?? scanDeadlineMs());
  const url = options.workerUrl === undefined ? defaultWorker() : options.workerUrl;
  const thread = url ? new AnalyzerThread(url, options.workerHeapMiB ?? 512) : undefined;
  const packages: Package[] = [];
  const warnings: InventoryWarning[] = [];
  const counts = new Map<string, number>();
  const overCap = new Map<string, number>();
  let skippedLate = 0;
  let stopped = 0;
  try {
    for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      const allowed: string[] = [];
      for (const id of partIds(f.content)) {
        const a = from.find((x) => x.id === id);
        if (!a) continue;
        const n = counts.get(id) ?? 0;
        if (n >= a.limits.maxFiles) overCap.set(id, (overCap.get(id) ?? 0) + 1);
        else {
          counts.set(id, n + 1);
          allowed.push(id);
        }
      }
      if (!allowed.length) continue;
      if (options.signal?.aborted) {
        stopped += 1;
        continue;
      }
      if (Date.now() > deadline) {
        skippedLate += 1;
        continue;
      }
      if (!thread) {
        const out = analyzeKept(f.path, f.content, f.layer, options.os, new Set(allowed), from);
        packages.push(...out.packages);
        warnings.push(...out.warnings);
        continue;
      }
      const req = { kind: 'analyze' as const, path: f.path, content: f.content, layer: f.layer, ...(options.os ? { os: options.os } : {}), allowed };
      const o = await thread.run(req, Math.max(1, Math.min(fileTimeout, deadline - Date.now())), options.signal);
      if (o.kind === 'done' && 'out' in o.reply) {
        packages.push(...o.reply.out.packages);
        warnings.push(...o.reply.out.warnings);
      } else if (o.kind === 'stopped' || o.kind === 'done') stopped += 1;
      else if (o.kind === 'timeout') {
        warnings.push(cutShort(M.say('packages.file.timeout', { path: f.path, budget: budgetText(fileTimeout) })));
      } else {
        warnings.push(cutShort(M.say('packages.file.failed', { path: f.path, why: o.why })));
      }
    }
  } finally {
    await thread?.close();
  }
  for (const [id, n] of overCap) {
    const a = from.find((x) => x.id === id)!;
    warnings.push(cutShort(M.say('packages.run.overCap', { count: n, analyzer: id, max: a.limits.maxFiles })));
  }
  if (stopped) warnings.push(cutShort(M.say('packages.run.stopped', { count: stopped })));
  if (skippedLate) warnings.push(cutShort(M.say('packages.run.outOfTime', { count: skippedLate })));
  return { packages: dedupePackages(packages, from), warnings };
}
