// The package inventory of an image, from the engine, a `docker save` tar or an OCI layout.
import { UserError, errorMessage } from '../core/errors.js';
import { analyzers } from '../packages/analyzers/index.js';
import { OS_FILES, detectOs } from '../packages/analyzers/os-release.js';
import type { Inventory, Package } from '../packages/types.js';
import { runAnalyzers } from '../packages/run.js';
import { KEPT_BUDGET_BYTES, KEPT_FORMAT, createKeeper } from '../packages/wanted.js';
import { SizeCollision, cachedSizes, nothingToClean, readImageStream, type ImageArchive } from './archive.js';
import { inventoryDirectory } from './directory.js';
import { openInput } from './input.js';
import { LayerCache, defaultCacheDir, type LayerRecord } from './layer-cache.js';
import { ByteBudget, DEFAULT_LIMITS, walkLayers } from './walker.js';
import type { Readable } from 'node:stream';

export type ImageSourceKind = 'auto' | 'engine' | 'registry';

export interface InventoryOptions {
  /** A `docker save` tar (compressed or not), an OCI layout or a directory instead of the engine. */
  input?: string;
  /** Lists a project's development-only dependencies too (left out by default, as trivy does). */
  includeDevDeps?: boolean;
  /** Where to read the image: the engine, a registry, or the engine when it has it (default). */
  source?: ImageSourceKind;
  /** os/arch for registry manifest lists (default: this host's). */
  platform?: string;
  /** The layer cache; undefined uses the default one, null turns it off. */
  cache?: LayerCache | null;
  onProgress?: (done: number, total: number) => void;
}

export const wantsAny = (p: string, mode: number): boolean => OS_FILES.includes(p) || analyzers.all().some((a) => a.wants(p, mode));

/** What the cached layer records depend on: the analyzers and the OS files. */
export const CACHE_SALT = [KEPT_FORMAT, ...analyzers.all().map((a) => `${a.id}@${a.version}`), ...OS_FILES].join(',');

export function defaultLayerCache(): LayerCache {
  return new LayerCache(defaultCacheDir(), CACHE_SALT);
}

export interface WalkContext {
  cache?: LayerCache | undefined;
  /** Records already looked up in the cache. */
  cached?: ReadonlyMap<string, LayerRecord | undefined>;
  budget?: ByteBudget;
  /** The keeper that reduced what a stream read already kept (its budget and warnings go on). */
  keeper?: Keeper;
}

export type Keeper = ReturnType<typeof createKeeper>;

/** OS files are kept whole; of what analyzers want, the parts each of them needs, within one budget. */
export function keeperFor(): { keeper: Keeper; reduce: (p: string, mode: number, content: Buffer) => Buffer | undefined } {
  const keeper = createKeeper(KEPT_BUDGET_BYTES);
  return { keeper, reduce: (p, mode, content) => (OS_FILES.includes(p) ? content : keeper.keep(p, mode, content)) };
}

export async function inventoryArchive(
  archive: ImageArchive,
  ref: string,
  onProgress?: (done: number, total: number) => void,
  cache?: LayerCache,
  context: WalkContext = {},
): Promise<Inventory> {
  const { keeper, reduce } = context.keeper
    ? { keeper: context.keeper, reduce: (p: string, mode: number, c: Buffer) => (OS_FILES.includes(p) ? c : context.keeper!.keep(p, mode, c)) }
    : keeperFor();
  const walk = await walkLayers(archive.layers, {
    wants: wantsAny,
    reduce,
    ...(onProgress ? { onLayer: onProgress } : {}),
    ...(cache ? { cache } : {}),
    ...(context.cached ? { cached: context.cached } : {}),
    ...(context.budget ? { budget: context.budget } : {}),
  });
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

/** What the engine says about an image, parsed at the edge. */
export interface EngineImage {
  id: string;
  diffIds: string[];
  architecture?: string;
  repoTags: string[];
}

export function parseEngineImage(raw: unknown, ref: string): EngineImage {
  const o = (raw ?? {}) as { Id?: unknown; RootFS?: { Layers?: unknown }; Architecture?: unknown; RepoTags?: unknown };
  const layers = Array.isArray(o.RootFS?.Layers) ? o.RootFS.Layers : [];
  if (typeof o.Id !== 'string' || !layers.every((l): l is string => typeof l === 'string' && /^sha256:[a-f0-9]{64}$/.test(l)))
    throw new UserError(`image ${ref}: the engine's description of it is not usable`);
  return {
    id: o.Id,
    diffIds: layers,
    ...(typeof o.Architecture === 'string' ? { architecture: o.Architecture } : {}),
    repoTags: Array.isArray(o.RepoTags) ? o.RepoTags.filter((t): t is string => typeof t === 'string') : [],
  };
}

/** Counts, per diff ID, how often a layer was read (not replayed from the cache): shared layers read once. */
export type LayerReadCounter = Map<string, number>;

/**
 * An image on the engine. When the cache knows every layer, nothing is exported: the records stand in for the
 * layers (they were recorded from verified layers with those diff IDs). Otherwise the export is read in one
 * pass, without spooling.
 */
export async function inventoryFromEngine(
  ref: string,
  engine: { inspect(): Promise<unknown>; get(): Promise<Readable> },
  cache: LayerCache | undefined,
  onProgress?: (done: number, total: number) => void,
  reads?: LayerReadCounter,
): Promise<Inventory> {
  const image = parseEngineImage(await engine.inspect(), ref);
  const cached = new Map<string, LayerRecord | undefined>();
  if (cache) for (const d of image.diffIds) if (!cached.has(d)) cached.set(d, await cache.get(d));
  let archive: ImageArchive;
  let budget = new ByteBudget(DEFAULT_LIMITS.maxTotalBytes);
  const { keeper, reduce } = keeperFor();
  if (cache && image.diffIds.every((d) => cached.get(d) !== undefined)) {
    archive = {
      configDigest: image.id,
      config: { ...(image.architecture ? { architecture: image.architecture } : {}), rootfs: { type: 'layers', diff_ids: image.diffIds } },
      repoTags: image.repoTags,
      layers: image.diffIds.map((diffId) => ({ diffId, size: 0 })),
      cleanup: nothingToClean,
    };
  } else {
    // Layers the cache has are only hashed as the export streams by; should one turn out to be another layer of
    // the same size, the export is read again, parsing everything.
    const streamed = await readImageStream(await engine.get(), ref, { wants: wantsAny, reduce }, budget, cachedSizes(cached)).catch(async (e: unknown) => {
      if (!(e instanceof SizeCollision)) throw e;
      budget = new ByteBudget(DEFAULT_LIMITS.maxTotalBytes);
      return readImageStream(await engine.get(), ref, { wants: wantsAny, reduce }, budget);
    });
    archive = streamed.archive;
    if (archive.configDigest !== image.id)
      throw new UserError(`image ${ref} changed while it was read (${image.id.slice(0, 19)} became ${archive.configDigest.slice(0, 19)})`, {
        hint: 'run it again',
      });
    if (reads) for (const l of archive.layers) if (cached.get(l.diffId) === undefined) reads.set(l.diffId, (reads.get(l.diffId) ?? 0) + 1);
  }
  return inventoryArchive(archive, ref, onProgress, cache, { cached, budget, keeper });
}

/** Opens the image (engine by reference, or --input), reads its inventory, and removes any temporary files. */
export async function inventoryImage(ref: string, options: InventoryOptions = {}): Promise<Inventory> {
  const source = options.source ?? 'auto';
  const cache = options.cache === null ? undefined : (options.cache ?? defaultLayerCache());
  let archive: ImageArchive;
  if (options.input) {
    const opened = await openInput(options.input, ref);
    if (opened.kind === 'directory')
      return inventoryDirectory(opened.root, opened.name, { kind: opened.directory, includeDev: options.includeDevDeps === true });
    ({ archive, name: ref } = opened);
  } else if (source === 'registry') {
    const { openRegistryImage } = await import('./registry.js');
    archive = await openRegistryImage(ref, options.platform ? { platform: options.platform } : {});
  } else {
    let why = '';
    let found: { info: unknown; get: () => Promise<Readable> } | undefined;
    try {
      const [{ connectEngine }, { exportImage }] = await Promise.all([import('../engine/connection.js'), import('../engine/api.js')]);
      const { docker } = await connectEngine();
      found = { info: await docker.getImage(ref).inspect(), get: () => exportImage(docker, ref) };
    } catch (e) {
      why = errorMessage(e);
      if (source === 'engine')
        throw new UserError(`image ${ref} is not on this engine (${why})`, {
          hint: 'pull or build it first, give a `docker save` tar with --input, or read it from its registry with --source registry',
        });
    }
    if (found) return inventoryFromEngine(ref, { inspect: () => Promise.resolve(found.info), get: found.get }, cache, options.onProgress);
    if (ref.includes('/') && /[.:]|^localhost/.test(ref.split('/')[0] ?? '')) {
      const { openRegistryImage } = await import('./registry.js');
      archive = await openRegistryImage(ref, options.platform ? { platform: options.platform } : {});
    } else
      throw new UserError(`image ${ref} is not on this engine (${why})`, {
        hint: 'pull or build it first, give a `docker save` tar with --input, or --source registry to read it from Docker Hub',
      });
  }
  try {
    return await inventoryArchive(archive, ref, options.onProgress, cache);
  } finally {
    await archive.cleanup();
  }
}
