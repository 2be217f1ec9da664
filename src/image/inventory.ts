// The package inventory of an image, from the engine, a `docker save` tar or an OCI layout.
import { connectEngine } from '../engine/connection.js';
import { UserError, errorMessage } from '../core/errors.js';
import { analyzers } from '../packages/analyzers/index.js';
import { OS_FILES, detectOs } from '../packages/analyzers/os-release.js';
import type { Inventory, Package } from '../packages/types.js';
import { runAnalyzers } from '../packages/run.js';
import { KEPT_BUDGET_BYTES, KEPT_FORMAT, createKeeper } from '../packages/wanted.js';
import { openArchiveFile, openArchiveStream, type ImageArchive } from './archive.js';
import { openRegistryImage } from './registry.js';
import { LayerCache, defaultCacheDir } from './layer-cache.js';
import { walkLayers } from './walker.js';
import type { Readable } from 'node:stream';

export type ImageSourceKind = 'auto' | 'engine' | 'registry';

export interface InventoryOptions {
  /** A `docker save` tar or an OCI layout instead of the engine. */
  input?: string;
  /** Where to read the image: the engine, a registry, or the engine when it has it (default). */
  source?: ImageSourceKind;
  /** os/arch for registry manifest lists (default: this host's). */
  platform?: string;
  /** The layer cache; undefined uses the default one, null turns it off. */
  cache?: LayerCache | null;
  onProgress?: (done: number, total: number) => void;
}

const wantsAny = (p: string, mode: number): boolean => OS_FILES.includes(p) || analyzers.all().some((a) => a.wants(p, mode));

/** What the cached layer records depend on: the analyzers and the OS files. */
export const CACHE_SALT = [KEPT_FORMAT, ...analyzers.all().map((a) => `${a.id}@${a.version}`), ...OS_FILES].join(',');

export function defaultLayerCache(): LayerCache {
  return new LayerCache(defaultCacheDir(), CACHE_SALT);
}

export async function inventoryArchive(archive: ImageArchive, ref: string, onProgress?: (done: number, total: number) => void, cache?: LayerCache): Promise<Inventory> {
  // OS files are kept whole; of what analyzers want, the parts each of them needs, within one budget.
  const keeper = createKeeper(KEPT_BUDGET_BYTES);
  const keep = (p: string, mode: number, content: Buffer): Buffer | undefined => (OS_FILES.includes(p) ? content : keeper.keep(p, mode, content));
  const walk = await walkLayers(archive.layers, { wants: wantsAny, reduce: keep, ...(onProgress ? { onLayer: onProgress } : {}), ...(cache ? { cache } : {}) });
  const osFiles = new Map<string, string>();
  for (const p of OS_FILES) {
    const f = walk.files.get(p);
    if (f) osFiles.set(p, f.content.toString('utf8'));
  }
  const distroless = [...walk.files.keys()].some((p) => p.startsWith('var/lib/dpkg/status.d/'));
  const os = detectOs(osFiles, distroless);
  const analyzed = await runAnalyzers(
    [...walk.files.entries()].filter(([p]) => !OS_FILES.includes(p)).map(([path, f]) => ({ path, content: f.content, layer: f.layer })),
    os ? { os } : {},
  );
  const packages: Package[] = analyzed.packages;
  const warnings = [...walk.warnings, ...keeper.warnings, ...analyzed.warnings];
  return {
    ref,
    imageId: archive.configDigest,
    ...(archive.manifestDigest ? { repoDigest: archive.manifestDigest } : {}),
    ...(os ? { os } : {}),
    packages,
    warnings,
    layers: archive.layers.map((l) => l.diffId),
    ...(archive.config.architecture ? { architecture: archive.config.architecture } : {}),
  };
}

/** Opens the image (engine by reference, or --input), reads its inventory, and removes the spool. */
export async function inventoryImage(ref: string, options: InventoryOptions = {}): Promise<Inventory> {
  let archive: ImageArchive;
  const source = options.source ?? 'auto';
  if (options.input) {
    archive = await openArchiveFile(options.input);
  } else if (source === 'registry') {
    archive = await openRegistryImage(ref, options.platform ? { platform: options.platform } : {});
  } else {
    let stream: Readable | undefined;
    let why = '';
    try {
      const conn = await connectEngine();
      await conn.docker.getImage(ref).inspect();
      stream = (await conn.docker.getImage(ref).get()) as unknown as Readable;
    } catch (e) {
      why = errorMessage(e);
      if (source === 'engine') throw new UserError(`image ${ref} is not on this engine (${why})`, { hint: 'pull or build it first, give a `docker save` tar with --input, or read it from its registry with --source registry' });
    }
    if (stream) archive = await openArchiveStream(stream, ref);
    else if (ref.includes('/') && /[.:]|^localhost/.test(ref.split('/')[0] ?? '')) archive = await openRegistryImage(ref, options.platform ? { platform: options.platform } : {});
    else throw new UserError(`image ${ref} is not on this engine (${why})`, { hint: 'pull or build it first, give a `docker save` tar with --input, or --source registry to read it from Docker Hub' });
  }
  try {
    const cache = options.cache === null ? undefined : (options.cache ?? defaultLayerCache());
    return await inventoryArchive(archive, ref, options.onProgress, cache);
  } finally {
    await archive.cleanup();
  }
}
