// Many images at once (`image scan a b c`, `--stack`, `--services`, and `audit`): every image is inspected,
// images that share layers are exported together in one `docker save` (a shared layer is in it, and read,
// once), layers already in the cache are not read at all, and exports run with bounded concurrency.
import type { Readable } from 'node:stream';
import { UserError, messageOf } from '../core/errors.js';
import type { Message } from '../core/message.js';
import type { EnginePlatform } from '../engine/api.js';
import { engineStatus, type EngineServiceModel, type ImageInspect } from '../engine/models.js';
import type { Inventory } from '../packages/types.js';
import { SizeCollision, cachedSizes, readImagesStream, sameImage } from './archive.js';
import { cachedArchive, defaultLayerCache, engineImageOf, exportPlatform, inventoryArchive, keeperFor, wantsAny, type EngineImage } from './inventory.js';
import type { LayerCache, LayerRecord } from './layer-cache.js';
import { say } from './messages.js';
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

/**
 * One image of a batch: its inventory, or why it has none (not on the engine, unreadable), said by id for a printer
 * to say in its reader's language (english() for JSON); the others still go on.
 */
export type BatchItem = { ref: string; inventory: Inventory; error?: undefined } | { ref: string; inventory?: undefined; error: Message };

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

/** An image of the batch: what the engine says it is, and every name it was asked for by (read once). */
type Found = EngineImage & { refs: string[] };

/** What the steps of a batch share: the engine, the cache and what it knows, and where results go. */
interface BatchRun {
  engine: BatchEngine;
  cache: LayerCache | undefined;
  /** Cache records by diff ID, looked up once; undefined while a layer is not (yet) known. */
  cached: Map<string, LayerRecord | undefined>;
  layerReads: Map<string, number>;
  exports: number;
  finish(item: BatchItem): void;
}

function failedItem(ref: string, error: Message): BatchItem {
  return { ref, error };
}

/** Reports an image's inventory (or why there is none) under every name it was asked for. */
function report(run: BatchRun, img: Found, inv: Inventory | undefined, error?: Message): void {
  for (const ref of img.refs) run.finish(inv ? { ref, inventory: { ...inv, ref } } : failedItem(ref, error ?? say('image.batch.notRead')));
}

/** Step 1: what each image is; the same image under two names is read once. An image the engine lacks is reported. */
async function identify(run: BatchRun, unique: readonly string[]): Promise<Found[]> {
  const found: Found[] = [];
  const byId = new Map<string, Found>();
  for (const ref of unique) {
    try {
      const img = engineImageOf(await run.engine.inspect(ref), run.engine.api);
      const seen = byId.get(img.id);
      if (seen) seen.refs.push(ref);
      else {
        const entry = { ...img, refs: [ref] };
        byId.set(img.id, entry);
        found.push(entry);
      }
    } catch (e) {
      const missing = engineStatus(e) === 404;
      run.finish(
        failedItem(ref, missing ? say('image.batch.notOnEngine') : e instanceof UserError ? e.text : say('image.batch.cannotInspect', { error: messageOf(e) })),
      );
    }
  }
  return found;
}

/** Step 2a: the images of a group whose every layer the cache knows are read from the records; the rest are returned. */
async function readFromCache(run: BatchRun, group: readonly Found[]): Promise<Found[]> {
  const { cache, cached } = run;
  for (const d of group.flatMap((g) => g.diffIds)) if (cache && cached.get(d) === undefined) cached.set(d, await cache.get(d));
  const toExport: Found[] = [];
  for (const img of group) {
    if (cache && img.diffIds.every((d) => cached.get(d) !== undefined)) {
      try {
        report(run, img, await inventoryArchive(cachedArchive(img), img.refs[0]!, undefined, cache, { cached }));
      } catch (e) {
        report(run, img, undefined, messageOf(e));
      }
    } else toExport.push(img);
  }
  return toExport;
}

/**
 * Step 2b: one `docker save` of the images, read in one pass. Cached layers are only hashed as the export streams by
 * (read again in full if one is not what its size says); each image is then matched to the engine's ID.
 */
async function exportAndRead(run: BatchRun, toExport: readonly Found[]): Promise<void> {
  let budget = new ByteBudget(DEFAULT_LIMITS.maxTotalBytes);
  const { keeper, reduce } = keeperFor();
  const { cache, cached } = run;
  try {
    run.exports += 1;
    const ids = toExport.map((i) => i.id);
    const what = say('image.batch.images', { count: toExport.length });
    // One platform for the whole export: the one every image of it resolves to, when they agree.
    const platforms = new Set(toExport.map((i) => i.platform ?? ''));
    const platform = platforms.size === 1 ? exportPlatform(toExport[0]!) : undefined;
    const want = platforms.size === 1 ? toExport[0]!.platform : undefined;
    const streamed = await readImagesStream(await run.engine.save(ids, platform), what, { wants: wantsAny, reduce }, budget, cachedSizes(cached), want).catch(
      async (e: unknown) => {
        if (!(e instanceof SizeCollision)) throw e;
        run.exports += 1;
        budget = new ByteBudget(DEFAULT_LIMITS.maxTotalBytes);
        return readImagesStream(await run.engine.save(ids, platform), what, { wants: wantsAny, reduce }, budget, undefined, want);
      },
    );
    for (const d of streamed.layersRead) if (cached.get(d) === undefined) run.layerReads.set(d, (run.layerReads.get(d) ?? 0) + 1);
    for (const img of toExport) {
      // The engine's ID against the export's digest of the same kind (config, manifest or index).
      const archive = [...streamed.images.values()].find((a) => sameImage(a, img.id, img.kind, img.platformManifests));
      if (!archive) {
        report(run, img, undefined, say('image.batch.missingFromExport'));
        continue;
      }
      archive.repoTags = img.repoTags;
      try {
        report(run, img, await inventoryArchive(archive, img.refs[0]!, undefined, cache, { cached, budget, keeper }));
      } catch (e) {
        report(run, img, undefined, messageOf(e));
      }
      // What this image's walk recorded is known now, to the groups that come later.
      for (const d of img.diffIds) if (cached.get(d) === undefined) cached.delete(d);
    }
  } catch (e) {
    for (const img of toExport) report(run, img, undefined, messageOf(e));
  } finally {
    await keeper.close();
  }
}

/**
 * The inventories of many images on the engine. Results come in the order of `refs`; an image that cannot be
 * read has an `error` and does not stop the others. This is the one entry point for commands that read
 * several images (`image scan --stack`, `audit`): each image is exported at most once.
 */
export async function inventoryImages(refs: string[], options: BatchOptions = {}): Promise<BatchResult> {
  const unique = [...new Set(refs)];
  const byRef = new Map<string, BatchItem>();
  let done = 0;
  const run: BatchRun = {
    engine: options.engine ?? (await dockerEngine()),
    cache: options.cache === null ? undefined : (options.cache ?? defaultLayerCache()),
    cached: new Map(),
    layerReads: new Map(),
    exports: 0,
    finish(item) {
      byRef.set(item.ref, item);
      options.onProgress?.(++done, unique.length, item.ref);
    },
  };
  const found = await identify(run, unique);
  // Layers the cache knows are replayed; an image whose layers are all known is not exported.
  await pool(groupBySharedLayers(found, options.maxPerExport ?? 32), options.concurrency ?? 2, async (group) => {
    const toExport = await readFromCache(run, group);
    if (toExport.length > 0) await exportAndRead(run, toExport);
  });
  return {
    items: refs.map((ref) => byRef.get(ref) ?? failedItem(ref, say('image.batch.notRead'))),
    layerReads: run.layerReads,
    exports: run.exports,
    cacheHits: run.cache?.hits ?? 0,
  };
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
  if (stack && found.length === 0) throw new UserError(say('image.stack.noServices', { stack }), { hint: say('image.stack.noServices.hint') });
  return found;
}
