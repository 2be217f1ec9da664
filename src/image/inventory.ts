// The package inventory of an image, from the engine, a `docker save` tar or an OCI layout.
import { UserError, messageOf } from '../core/errors.js';
import { DOCKER_HUB, tryParseImageReference } from '../core/image-reference.js';
import type { Message } from '../core/message.js';
import { analyzers } from '../packages/analyzers/index.js';
import { OS_FILES, detectOs } from '../packages/analyzers/os-release.js';
import type { Inventory, Package } from '../packages/types.js';
import { runAnalyzers } from '../packages/run.js';
import { KEPT_BUDGET_BYTES, KEPT_FORMAT } from '../packages/wanted.js';
import { createKeeper, type Keeper, type Reduced } from '../packages/keeper.js';
import type { EnginePlatform } from '../engine/api.js';
import { imageIdentity, type ImageIdKind, type ImageInspect } from '../engine/models.js';
import { SizeCollision, cachedSizes, digestOfKind, nothingToClean, readImageStream, sameImage, type ImageArchive, type ImageIdentity } from './archive.js';
import { inventoryDirectory } from './directory.js';
import { openInput } from './input.js';
import { LayerCache, defaultCacheDir, type LayerRecord } from './layer-cache.js';
import { say } from './messages.js';
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
  /** Stops the read (the scan's deadline): no more reads, downloads or analysis; the promise rejects with the reason. */
  signal?: AbortSignal;
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
  /** Stops the walk and the analysis (the scan's deadline): nothing more is read, downloaded or analysed. */
  signal?: AbortSignal;
}

export type { Keeper };

/** OS files are kept whole; of what analyzers want, the parts each of them needs, within one budget. */
export function keeperFor(signal?: AbortSignal): { keeper: Keeper; reduce: (p: string, mode: number, content: Buffer) => Promise<Reduced> } {
  return reducerOf(createKeeper(KEPT_BUDGET_BYTES, undefined, signal ? { signal } : {}));
}

function reducerOf(keeper: Keeper): { keeper: Keeper; reduce: (p: string, mode: number, content: Buffer) => Promise<Reduced> } {
  return { keeper, reduce: async (p, mode, content) => (OS_FILES.includes(p) ? content : keeper.keep(p, mode, content)) };
}

export async function inventoryArchive(
  archive: ImageArchive,
  ref: string,
  onProgress?: (done: number, total: number) => void,
  cache?: LayerCache,
  context: WalkContext = {},
): Promise<Inventory> {
  const { keeper, reduce } = context.keeper ? reducerOf(context.keeper) : keeperFor(context.signal);
  const walk = await walkLayers(archive.layers, {
    wants: wantsAny,
    reduce,
    ...(onProgress ? { onLayer: onProgress } : {}),
    ...(cache ? { cache } : {}),
    ...(context.cached ? { cached: context.cached } : {}),
    ...(context.budget ? { budget: context.budget } : {}),
    ...(context.signal ? { signal: context.signal } : {}),
  }).finally(() => keeper.close());
  const osFiles = new Map<string, string>();
  for (const p of OS_FILES) {
    const f = walk.files.get(p);
    if (f) osFiles.set(p, f.content.toString('utf8'));
  }
  const distroless = [...walk.files.keys()].some((p) => p.startsWith('var/lib/dpkg/status.d/'));
  const os = detectOs(osFiles, distroless);
  const analyzed = await runAnalyzers(
    [...walk.files.entries()].filter(([p]) => !OS_FILES.includes(p)).map(([path, f]) => ({ path, content: f.content, layer: f.layer })),
    { ...(os ? { os } : {}), ...(context.signal ? { signal: context.signal } : {}) },
  );
  context.signal?.throwIfAborted();
  const packages: Package[] = analyzed.packages;
  const warnings = [...walk.warnings, ...keeper.warnings, ...analyzed.warnings];
  return {
    ref,
    ...(archive.configDigest ? { imageId: archive.configDigest } : {}),
    ...(archive.manifestDigest ? { repoDigest: archive.manifestDigest, manifestDigest: archive.manifestDigest } : {}),
    ...(archive.indexDigest ? { indexDigest: archive.indexDigest } : {}),
    ...(archive.platform ? { platform: archive.platform } : {}),
    ...(os ? { os } : {}),
    packages,
    warnings,
    layers: archive.layers.map((l) => l.diffId),
    ...(archive.config.architecture ? { architecture: archive.config.architecture } : {}),
  };
}

/** What the engine says about an image (parsed at the engine edge), as reading it needs. */
export interface EngineImage {
  /** The engine's image ID: a config digest, or on the containerd store a manifest or index digest. */
  id: string;
  kind: ImageIdKind;
  /** The manifests of the platforms an index ID names, as the engine lists them (API 1.48+). */
  platformManifests: string[];
  /** The platform the engine resolves the image to (`linux/amd64`), when it says: the one to read. */
  platform?: string;
  diffIds: string[];
  architecture?: string;
  repoTags: string[];
}

/** `api`: the API version the inspect answer was asked at (see imageIdentity). */
export function engineImageOf(img: ImageInspect, api?: string): EngineImage {
  const identity = imageIdentity(img, api);
  return {
    id: identity.id,
    kind: identity.kind,
    platformManifests: identity.platformManifests.map((m) => m.digest),
    ...(identity.platform ? { platform: identity.platform } : {}),
    diffIds: img.RootFS.Layers,
    ...(img.Architecture ? { architecture: img.Architecture } : {}),
    repoTags: img.RepoTags,
  };
}

/** The platform to ask the engine's export for (API 1.48+), from the platform the engine resolves the image to. */
export function exportPlatform(image: EngineImage): EnginePlatform | undefined {
  if (!image.platform) return undefined;
  const [os = '', architecture = '', variant] = image.platform.split('/');
  return os && architecture ? { os, architecture, ...(variant ? { variant } : {}) } : undefined;
}

/** Stops a read whose export is not the image inspected (the tag moved meanwhile): digests of the same kind compared. */
export function checkSameImage(archive: ImageIdentity, image: EngineImage, ref: string): void {
  if (!sameImage(archive, image.id, image.kind, image.platformManifests))
    throw new UserError(say('image.changed', { ref, before: image.id.slice(0, 19), after: digestOfKind(archive, image.kind).slice(0, 19) }), {
      hint: say('image.changed.hint'),
    });
}

/** An image whose every layer the cache knows: the records stand in for the layers, nothing is exported. */
export function cachedArchive(image: EngineImage): ImageArchive {
  return {
    // The config digest is the image ID only when the engine says so (Engine 20.10, the overlay2 store).
    configDigest: image.kind === 'config' || image.kind === 'unknown' ? image.id : '',
    ...(image.kind === 'manifest' ? { manifestDigest: image.id } : {}),
    ...(image.kind === 'index' ? { indexDigest: image.id } : {}),
    ...(image.kind === 'index' && image.platform ? { platform: image.platform } : {}),
    config: { ...(image.architecture ? { architecture: image.architecture } : {}), rootfs: { type: 'layers', diff_ids: image.diffIds } },
    repoTags: image.repoTags,
    layers: image.diffIds.map((diffId) => ({ diffId, size: 0 })),
    cleanup: nothingToClean,
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
  engine: { inspect(): Promise<ImageInspect>; get(platform?: EnginePlatform): Promise<Readable>; api?: string | undefined },
  cache: LayerCache | undefined,
  onProgress?: (done: number, total: number) => void,
  reads?: LayerReadCounter,
  signal?: AbortSignal,
): Promise<Inventory> {
  const image = engineImageOf(await engine.inspect(), engine.api);
  const cached = new Map<string, LayerRecord | undefined>();
  if (cache) for (const d of image.diffIds) if (!cached.has(d)) cached.set(d, await cache.get(d));
  let archive: ImageArchive;
  let budget = new ByteBudget(DEFAULT_LIMITS.maxTotalBytes);
  const { keeper, reduce } = keeperFor(signal);
  if (cache && image.diffIds.every((d) => cached.get(d) !== undefined)) {
    archive = cachedArchive(image);
  } else {
    // Layers the cache has are only hashed as the export streams by; should one turn out to be another layer of
    // the same size, the export is read again, parsing everything.
    const platform = exportPlatform(image);
    const read = async (sizes?: Map<number, Set<string>>) =>
      readImageStream(await engine.get(platform), ref, { wants: wantsAny, reduce, ...(signal ? { signal } : {}) }, budget, sizes, image.platform);
    const streamed = await read(cachedSizes(cached))
      .catch(async (e: unknown) => {
        if (!(e instanceof SizeCollision)) throw e;
        budget = new ByteBudget(DEFAULT_LIMITS.maxTotalBytes);
        return read();
      })
      .catch(async (e: unknown) => {
        await keeper.close();
        throw e;
      });
    archive = streamed.archive;
    checkSameImage(archive, image, ref);
    if (reads) for (const l of archive.layers) if (cached.get(l.diffId) === undefined) reads.set(l.diffId, (reads.get(l.diffId) ?? 0) + 1);
  }
  return inventoryArchive(archive, ref, onProgress, cache, { cached, budget, keeper, ...(signal ? { signal } : {}) });
}

/**
 * True when the reference names a registry other than Docker Hub (`registry.example.com/app`, `localhost:5000/app`):
 * an image the engine lacks is then read from there. A Docker Hub name, however it is spelled, is read from Hub only
 * when asked (--source registry).
 */
export function namesItsRegistry(ref: string): boolean {
  const named = tryParseImageReference(ref);
  return named !== undefined && named.registry !== DOCKER_HUB;
}

function registryOptions(options: InventoryOptions): { platform?: string; signal?: AbortSignal } {
  return { ...(options.platform ? { platform: options.platform } : {}), ...(options.signal ? { signal: options.signal } : {}) };
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
    archive = await openRegistryImage(ref, registryOptions(options));
  } else {
    let why: Message | undefined;
    let found: { info: ImageInspect; get: (platform?: EnginePlatform) => Promise<Readable>; api: string } | undefined;
    try {
      const [{ connectEngine }, { exportImage, inspectImage }] = await Promise.all([import('../engine/connection.js'), import('../engine/api.js')]);
      const { docker, apiVersion } = await connectEngine();
      found = { info: await inspectImage(docker, ref), get: (platform) => exportImage(docker, ref, platform ? { platform } : {}), api: apiVersion };
    } catch (e) {
      why = messageOf(e);
      if (source === 'engine') throw new UserError(say('image.notOnEngine', { ref, error: why }), { hint: say('image.notOnEngine.registry.hint') });
    }
    if (found)
      return inventoryFromEngine(
        ref,
        { inspect: () => Promise.resolve(found.info), get: found.get, api: found.api },
        cache,
        options.onProgress,
        undefined,
        options.signal,
      );
    if (namesItsRegistry(ref)) {
      const { openRegistryImage } = await import('./registry.js');
      archive = await openRegistryImage(ref, registryOptions(options));
    } else throw new UserError(say('image.notOnEngine', { ref, error: why ?? '' }), { hint: say('image.notOnEngine.hub.hint') });
  }
  try {
    return await inventoryArchive(archive, ref, options.onProgress, cache, options.signal ? { signal: options.signal } : {});
  } finally {
    await archive.cleanup();
  }
}
