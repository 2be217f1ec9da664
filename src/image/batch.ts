// Many images at once (`image scan a b c`, `--stack`, `--services`, and `audit`): every image is inspected,
// images that share layers are exported together in one `docker save` (a shared layer is in it, and read,
// once), layers already in the cache are not read at all, and exports run with bounded concurrency.
import type { Readable } from 'node:stream';
import { UserError, errorMessage } from '../core/errors.js';
import type { EnginePlatform } from '../engine/api.js';
import { engineStatus, type EngineServiceModel, type ImageInspect } from '../engine/models.js';
import type { Inventory } from '../packages/types.js';
import { SizeCollision, cachedSizes, readImagesStream, sameImage } from './archive.js';
import { cachedArchive, defaultLayerCache, engineImageOf, exportPlatform, inventoryArchive, keeperFor, wantsAny, type EngineImage } from './inventory.js';
import type { LayerCache, LayerRecord } from './layer-cache.js';
import { ByteBudget, DEFAULT_LIMITS } from './walker.js';

/** The engine calls a batch needs (src/engine/api.ts provides them; tests may hand in the same shape). */
export interface BatchEngine {
  inspect(ref: string): Promise<ImageInspect>;
  /** `docker save` of several images in one stream; `platform` picks one platform of multi-platform images (API 1.48+). */
  save(refs: string[], platform?: EnginePlatform): Promise<Readable>;
  /** The API version the engine is spoken to at (what an inspect answer says depends on it). */
  api?: string;
}

export interface BatchOptions {
  /** Exports running at once (default 2). */
  concurrency?: number;
  /** Images per export at most (default 32): more images in one stream hold more wanted files at once. */
  maxPerExport?: number;
  /** The layer cache; undefined uses the default one, null turns it off. */
  cache?: LayerCache | null;
  /** Called as images finish. */
  onProgress?: (done: number, total: number, ref: string) => void;
  engine?: BatchEngine;
}

export interface BatchItem {
  ref: string;
  inventory?: Inventory;
  /** Why this image has no inventory (not on the engine, unreadable): the others still go on. */
  error?: string;
}

export interface BatchResult {
  items: BatchItem[];
  /** How many times each layer was read (parsed) in this batch; a layer the cache had counts 0. */
  layerReads: Map<string, number>;
  exports: number;
  cacheHits: number;
}

async function dockerEngine(): Promise<BatchEngine> {
  const [{ connectEngine }, { exportImages, inspectImage }] = await Promise.all([import('../engine/connection.js'), import('../engine/api.js')]);
  const conn = await connectEngine();
  return {
    api: conn.apiVersion,
    inspect: (ref) => inspectImage(conn.docker, ref),
    // GET /images/get?names=a&names=b: one tar for several images, each shared layer in it once.
    save: (refs, platform) => exportImages(conn.docker, refs, platform ? { platform } : {}),
  };
}

/** Groups images that share a layer (connected components), split to at most `max` images per group. */
export function groupBySharedLayers<T extends { diffIds: string[] }>(images: T[], max: number): T[][] {
  const parent = images.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  images.forEach((img, i) => {
    for (const d of img.diffIds) {
      const o = owner.get(d);
      if (o === undefined) owner.set(d, i);
      else parent[find(i)] = find(o);
    }
  });
  const groups = new Map<number, T[]>();
  images.forEach((img, i) => {
    const g = find(i);
    groups.set(g, [...(groups.get(g) ?? []), img]);
  });
  const out: T[][] = [];
  for (const g of groups.values()) for (let k = 0; k < g.length; k += max) out.push(g.slice(k, k + max));
  return out;
}

/** Runs `work` over `items`, at most `n` at a time. */
async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(n, items.length)) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * The inventories of many images on the engine. Results come in the order of `refs`; an image that cannot be
 * read has an `error` and does not stop the others. This is the one entry point for commands that read
 * several images (`image scan --stack`, `audit`): each image is exported at most once.
 */
export async function inventoryImages(refs: string[], options: BatchOptions = {}): Promise<BatchResult> {
  const cache = options.cache === null ? undefined : (options.cache ?? defaultLayerCache());
  const engine = options.engine ?? (await dockerEngine());
  const unique = [...new Set(refs)];
  const layerReads = new Map<string, number>();
  const byRef = new Map<string, BatchItem>();
  let done = 0;
  const finish = (item: BatchItem): void => {
    byRef.set(item.ref, item);
    options.onProgress?.(++done, unique.length, item.ref);
  };

  // 1. What each image is (the same image under two names is read once).
  const found: (EngineImage & { refs: string[] })[] = [];
  const byId = new Map<string, EngineImage & { refs: string[] }>();
  for (const ref of unique) {
    try {
      const img = engineImageOf(await engine.inspect(ref), engine.api);
      const seen = byId.get(img.id);
      if (seen) seen.refs.push(ref);
      else {
        const entry = { ...img, refs: [ref] };
        byId.set(img.id, entry);
        found.push(entry);
      }
    } catch (e) {
      const missing = engineStatus(e) === 404;
      finish({
        ref,
        error: missing ? 'not on this engine: pull or build it first' : e instanceof UserError ? e.message : `cannot inspect it (${errorMessage(e)})`,
      });
    }
  }

  // 2. Layers the cache knows are replayed; an image whose layers are all known is not exported.
  const cached = new Map<string, LayerRecord | undefined>();
  const lookUp = async (diffIds: string[]): Promise<void> => {
    for (const d of diffIds) if (cache && cached.get(d) === undefined) cached.set(d, await cache.get(d));
  };
  let exports = 0;
  const report = (img: EngineImage & { refs: string[] }, inv: Inventory | undefined, error?: string): void => {
    for (const ref of img.refs) finish(inv ? { ref, inventory: { ...inv, ref } } : { ref, error: error ?? 'not read' });
  };

  const groups = groupBySharedLayers(found, options.maxPerExport ?? 32);
  await pool(groups, options.concurrency ?? 2, async (group) => {
    await lookUp(group.flatMap((g) => g.diffIds));
    const toExport: typeof group = [];
    for (const img of group) {
      if (cache && img.diffIds.every((d) => cached.get(d) !== undefined)) {
        try {
          report(img, await inventoryArchive(cachedArchive(img), img.refs[0]!, undefined, cache, { cached }));
        } catch (e) {
          report(img, undefined, errorMessage(e));
        }
      } else toExport.push(img);
    }
    if (toExport.length === 0) return;
    let budget = new ByteBudget(DEFAULT_LIMITS.maxTotalBytes);
    const { keeper, reduce } = keeperFor();
    try {
      exports += 1;
      const ids = toExport.map((i) => i.id);
      const what = `${toExport.length} image(s)`;
      // One platform for the whole export: the one every image of it resolves to, when they agree.
      const platforms = new Set(toExport.map((i) => i.platform ?? ''));
      const platform = platforms.size === 1 ? exportPlatform(toExport[0]!) : undefined;
      const want = platforms.size === 1 ? toExport[0]!.platform : undefined;
      // Cached layers are only hashed as the export streams by (read again in full if one is not what its size says).
      const streamed = await readImagesStream(await engine.save(ids, platform), what, { wants: wantsAny, reduce }, budget, cachedSizes(cached), want).catch(
        async (e: unknown) => {
          if (!(e instanceof SizeCollision)) throw e;
          exports += 1;
          budget = new ByteBudget(DEFAULT_LIMITS.maxTotalBytes);
          return readImagesStream(await engine.save(ids, platform), what, { wants: wantsAny, reduce }, budget, undefined, want);
        },
      );
      for (const d of streamed.layersRead) if (cached.get(d) === undefined) layerReads.set(d, (layerReads.get(d) ?? 0) + 1);
      for (const img of toExport) {
        // The engine's ID against the export's digest of the same kind (config, manifest or index).
        const archive = [...streamed.images.values()].find((a) => sameImage(a, img.id, img.kind, img.platformManifests));
        if (!archive) {
          report(img, undefined, 'missing from the engine export (removed meanwhile?)');
          continue;
        }
        archive.repoTags = img.repoTags;
        try {
          report(img, await inventoryArchive(archive, img.refs[0]!, undefined, cache, { cached, budget, keeper }));
        } catch (e) {
          report(img, undefined, errorMessage(e));
        }
        // What this image's walk recorded is known now, to the groups that come later.
        for (const d of img.diffIds) if (cached.get(d) === undefined) cached.delete(d);
      }
    } catch (e) {
      for (const img of toExport) report(img, undefined, errorMessage(e));
    } finally {
      await keeper.close();
    }
  });

  return { items: refs.map((ref) => byRef.get(ref) ?? { ref, error: 'not read' }), layerReads, exports, cacheHits: cache?.hits ?? 0 };
}

/** A service of the swarm and the image it runs, as its spec names it. */
export interface ServiceImage {
  service: string;
  image: string;
}

/** Each service's name and the image its spec names (services without either are left out), by name. */
export function serviceImagesOf(services: readonly EngineServiceModel[]): ServiceImage[] {
  return services
    .map((s) => ({ service: s.Spec.Name, image: s.Spec.TaskTemplate.ContainerSpec.Image }))
    .filter((s) => s.service !== '' && s.image !== '')
    .sort((a, b) => a.service.localeCompare(b.service));
}

/** The images the swarm runs: every service's, or a stack's (by its namespace label). */
export async function swarmServiceImages(stack?: string): Promise<ServiceImage[]> {
  const [{ connectEngine }, { listServices }] = await Promise.all([import('../engine/connection.js'), import('../engine/api.js')]);
  const conn = await connectEngine();
  const services = await listServices(conn.docker, stack ? { filters: { label: [`com.docker.stack.namespace=${stack}`] } } : {});
  const found = serviceImagesOf(services);
  if (stack && found.length === 0) throw new UserError(`stack ${stack} has no services on this swarm`, { hint: 'list stacks with `docker stack ls`' });
  return found;
}
