// A directory given with --input that is not an image archive: a root filesystem (every image analyzer applies)
// or a project checkout (its lockfiles). It is walked without following any symlink, so nothing outside it is
// read: a link is neither a file nor a directory here, wherever it points.
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError, messageOf } from '../core/errors.js';
import type { Analyzer } from '../packages/analyzer.js';
import { analyzers, projectAnalyzers } from '../packages/analyzers/index.js';
import { OS_FILES, detectOs } from '../packages/analyzers/os-release.js';
import { runAnalyzers } from '../packages/run.js';
import { cutShort } from '../packages/incomplete.js';
import type { Inventory, InventoryWarning, Package } from '../packages/types.js';
import { KEPT_BUDGET_BYTES } from '../packages/wanted.js';
import { createKeeper, type Reduced } from '../packages/keeper.js';
import { say } from './messages.js';

export type DirectoryKind = 'rootfs' | 'project';

/** Files or directories only a root filesystem has: an OS release file or a package database. */
const ROOTFS_MARKERS = [
  ...OS_FILES,
  'lib/apk/db/installed',
  'usr/lib/apk/db/installed',
  'var/lib/dpkg/status',
  'var/lib/dpkg/status.d',
  'var/lib/rpm',
  'usr/lib/sysimage/rpm',
];

/** Directories a project checkout never needs read: version control metadata. */
const SKIPPED_IN_PROJECT = new Set(['.git', '.hg', '.svn']);

export interface DirectoryLimits {
  /** Entries (files, directories, links) looked at before the walk stops with a warning. */
  maxEntries: number;
  /** Largest file read. */
  maxFileBytes: number;
  /** Deepest directory descended into. */
  maxDepth: number;
}

export const DIRECTORY_LIMITS: DirectoryLimits = { maxEntries: 2_000_000, maxFileBytes: 64 * 1024 * 1024, maxDepth: 64 };

export async function directoryKind(root: string): Promise<DirectoryKind> {
  for (const m of ROOTFS_MARKERS) {
    const found = await fs.lstat(path.join(root, m)).then(
      () => true,
      () => false,
    );
    if (found) return 'rootfs';
  }
  return 'project';
}

/** The analyzers that read a directory of this kind. */
export function analyzersFor(kind: DirectoryKind): Analyzer[] {
  return kind === 'rootfs' ? analyzers.all() : projectAnalyzers.all();
}

/** Reads a regular file without following a link at its last component; undefined when it is not one. */
async function readRegular(file: string, max: number): Promise<Buffer | 'large' | undefined> {
  let h: fs.FileHandle;
  try {
    h = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = await h.stat();
    if (!st.isFile()) return undefined;
    if (st.size > max) return 'large';
    return await h.readFile();
  } finally {
    await h.close();
  }
}

export interface WalkedFile {
  path: string;
  content: Buffer;
}

/**
 * Walks `root` depth first in name order, without following symlinks (directory links are not entered, file
 * links are not read), and keeps what `keep` keeps of the files `wants` names.
 */
export async function walkDirectory(
  root: string,
  wants: (p: string, mode: number) => boolean,
  keep: (p: string, mode: number, content: Buffer) => Reduced | Promise<Reduced>,
  skipDirs: ReadonlySet<string>,
  limits: DirectoryLimits = DIRECTORY_LIMITS,
): Promise<{ files: WalkedFile[]; warnings: InventoryWarning[]; links: number }> {
  const files: WalkedFile[] = [];
  const warnings: InventoryWarning[] = [];
  let entries = 0;
  let links = 0;
  const stack: { rel: string; depth: number }[] = [{ rel: '', depth: 0 }];
  while (stack.length) {
    const { rel, depth } = stack.pop()!;
    let names: string[];
    try {
      names = (await fs.readdir(path.join(root, rel))).sort().reverse();
    } catch (e) {
      warnings.push(say('image.dir.notRead', { path: rel || '.', error: messageOf(e) }));
      continue;
    }
    for (const name of names) {
      if (++entries > limits.maxEntries) {
        warnings.push(cutShort(say('image.dir.tooManyEntries', { max: limits.maxEntries })));
        return { files: files.reverse(), warnings, links };
      }
      const p = rel ? `${rel}/${name}` : name;
      const st = await fs.lstat(path.join(root, p)).catch(() => undefined);
      if (!st) continue;
      if (st.isSymbolicLink()) {
        links += 1;
        continue;
      }
      if (st.isDirectory()) {
        if (skipDirs.has(name)) continue;
        if (depth + 1 > limits.maxDepth) warnings.push(cutShort(say('image.dir.tooDeep', { path: p, max: limits.maxDepth })));
        else stack.push({ rel: p, depth: depth + 1 });
        continue;
      }
      const mode = st.mode & 0o7777;
      if (!st.isFile() || !wants(p, mode)) continue;
      const content = await readRegular(path.join(root, p), limits.maxFileBytes);
      if (content === 'large') warnings.push(say('image.dir.overLimit', { path: p, max: limits.maxFileBytes }));
      else if (content) {
        const kept = await keep(p, mode, content);
        if (Buffer.isBuffer(kept)) files.push({ path: p, content: kept });
        else if (kept) warnings.push(kept.notScanned);
      }
    }
  }
  return { files, warnings, links };
}

/** The inventory of a root filesystem or a project checkout. Packages carry their file; there are no layers. */
export async function inventoryDirectory(root: string, name: string, options: { kind?: DirectoryKind; includeDev?: boolean } = {}): Promise<Inventory> {
  const st = await fs.lstat(root).catch((e: unknown) => {
    throw new UserError(say('image.dir.cannotRead', { root, error: messageOf(e) }));
  });
  if (!st.isDirectory()) throw new UserError(say('image.dir.notDirectory', { root }));
  const k = options.kind ?? (await directoryKind(root));
  const from = analyzersFor(k);
  const keeper = createKeeper(KEPT_BUDGET_BYTES, from);
  const isOs = (p: string): boolean => k === 'rootfs' && OS_FILES.includes(p);
  const walked = await walkDirectory(
    root,
    (p, mode) => isOs(p) || from.some((a) => a.wants(p, mode)),
    (p, mode, content) => (isOs(p) ? content : keeper.keep(p, mode, content)),
    k === 'project' ? SKIPPED_IN_PROJECT : new Set(),
  ).finally(() => keeper.close());
  const osFiles = new Map<string, string>();
  for (const f of walked.files) if (isOs(f.path)) osFiles.set(f.path, f.content.toString('utf8'));
  const os =
    k === 'rootfs'
      ? detectOs(
          osFiles,
          walked.files.some((f) => f.path.startsWith('var/lib/dpkg/status.d/')),
        )
      : undefined;
  const analyzed = await runAnalyzers(
    walked.files.filter((f) => !isOs(f.path)).map((f) => ({ path: f.path, content: f.content, layer: '' })),
    os ? { os } : {},
    from,
  );
  const all = analyzed.packages.map((p): Package => {
    const { layer, ...rest } = p;
    return layer ? p : rest;
  });
  const packages = options.includeDev ? all : all.filter((p) => !p.dev);
  const warnings = [...walked.warnings, ...keeper.warnings, ...analyzed.warnings];
  const dev = all.length - packages.length;
  if (dev) warnings.push(say('image.devLeftOut', { count: dev }));
  return { ref: name, ...(os ? { os } : {}), packages, warnings, layers: [], kind: k };
}
