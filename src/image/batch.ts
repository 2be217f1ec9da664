// Many images at once (`image scan a b c`, `--stack`, `--services`, and `audit`): every image is inspected,
// images that share layers are exported together in one `docker save` (a shared layer is in it, and read,
// once), layers already in the cache are not read at all, and exports run with bounded concurrency.
import type { Readable } from 'node:stream';
import { UserError, errorMessage } from '../core/errors.js';
import type { Inventory } from '../packages/types.js';
import { SizeCollision, cachedSizes, nothingToClean, readImagesStream } from './archive.js';
import { defaultLayerCache, inventoryArchive, keeperFor, parseEngineImage, wantsAny, type EngineImage } from './inventory.js';
import type { LayerCache, LayerRecord } from './layer-cache.js';
import { ByteBudget, DEFAULT_LIMITS } from './walker.js';
import type { Progress } from '../core/progress.js';
import type { Severity } from '../core/severity.js';
import type { Styler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import type { ScanReport } from '../scan/scan.js';
import { renderScanTable } from '../scan/table.js';

/** The engine calls a batch needs (dockerode provides them; tests may hand in the same shape). */
export interface BatchEngine {
  inspect(ref: string): Promise<unknown>;
  /** `docker save` of several images in one stream. */
  save(refs: string[]): Promise<Readable>;
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
  const { connectEngine } = await import('../engine/connection.js');
  const conn = await connectEngine();
  return {
    inspect: (ref) => conn.docker.getImage(ref).inspect(),
    save: (refs) =>
      new Promise<Readable>((resolve, reject) => {
        // GET /images/get?names=a&names=b: one tar for several images, each shared layer in it once.
        conn.docker.modem.dial(
          {
            path: '/images/get?',
            method: 'GET',
            options: { names: refs },
            isStream: true,
            statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
          },
          (err, data) => {
            if (err) reject(err instanceof Error ? err : new Error(String(err)));
            else resolve(data as Readable);
          },
        );
      }),
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
      const img = parseEngineImage(await engine.inspect(ref), ref);
      const seen = byId.get(img.id);
      if (seen) seen.refs.push(ref);
      else {
        const entry = { ...img, refs: [ref] };
        byId.set(img.id, entry);
        found.push(entry);
      }
    } catch (e) {
      const missing = (e as { statusCode?: unknown }).statusCode === 404;
      finish({
        ref,
        error: e instanceof UserError ? e.message : missing ? 'not on this engine: pull or build it first' : `cannot inspect it (${errorMessage(e)})`,
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
        const archive = {
          configDigest: img.id,
          config: { ...(img.architecture ? { architecture: img.architecture } : {}), rootfs: { type: 'layers', diff_ids: img.diffIds } },
          repoTags: img.repoTags,
          layers: img.diffIds.map((diffId) => ({ diffId, size: 0 })),
          cleanup: nothingToClean,
        };
        try {
          report(img, await inventoryArchive(archive, img.refs[0]!, undefined, cache, { cached }));
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
      // Cached layers are only hashed as the export streams by (read again in full if one is not what its size says).
      const streamed = await readImagesStream(await engine.save(ids), what, { wants: wantsAny, reduce }, budget, cachedSizes(cached)).catch(
        async (e: unknown) => {
          if (!(e instanceof SizeCollision)) throw e;
          exports += 1;
          budget = new ByteBudget(DEFAULT_LIMITS.maxTotalBytes);
          return readImagesStream(await engine.save(ids), what, { wants: wantsAny, reduce }, budget);
        },
      );
      for (const d of streamed.layersRead) if (cached.get(d) === undefined) layerReads.set(d, (layerReads.get(d) ?? 0) + 1);
      for (const img of toExport) {
        const archive = streamed.images.get(img.id);
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
    }
  });

  return { items: refs.map((ref) => byRef.get(ref) ?? { ref, error: 'not read' }), layerReads, exports, cacheHits: cache?.hits ?? 0 };
}

/** A service of the swarm and the image it runs, as its spec names it. */
export interface ServiceImage {
  service: string;
  image: string;
}

/** Parses the engine's service list at the edge: name and ContainerSpec.Image of each service. */
export function parseServiceImages(raw: unknown): ServiceImage[] {
  if (!Array.isArray(raw)) return [];
  const out: ServiceImage[] = [];
  for (const s of raw as ({ Spec?: { Name?: unknown; TaskTemplate?: { ContainerSpec?: { Image?: unknown } } } } | null)[]) {
    const name = s?.Spec?.Name;
    const image = s?.Spec?.TaskTemplate?.ContainerSpec?.Image;
    if (typeof name === 'string' && typeof image === 'string' && image !== '') out.push({ service: name, image });
  }
  return out.sort((a, b) => a.service.localeCompare(b.service));
}

/** The images the swarm runs: every service's, or a stack's (by its namespace label). */
export async function swarmServiceImages(stack?: string): Promise<ServiceImage[]> {
  const { connectEngine } = await import('../engine/connection.js');
  const conn = await connectEngine();
  const raw = await conn.docker.listServices(stack ? { filters: { label: [`com.docker.stack.namespace=${stack}`] } } : {});
  const found = parseServiceImages(raw);
  if (stack && found.length === 0) throw new UserError(`stack ${stack} has no services on this swarm`, { hint: 'list stacks with `docker stack ls`' });
  return found;
}

/** How `image scan` reads several images and scans each: the CLI gives the filters, this does the rest. */
export interface ScanManyOptions {
  refs: string[];
  stack?: string;
  services?: boolean;
  concurrency?: number;
  /** Scans one inventory (the vulnerability store is opened once by the caller). */
  scan: (inventory: Inventory) => ScanReport;
  format: 'table' | 'json';
  styler: Styler;
  severities: readonly Severity[];
  progress?: Progress;
}

export interface ScanManyResult {
  text: string;
  /** Findings over every image (after filters): the caller's --exit-code applies to them. */
  findings: number;
  /** Images that could not be read or scanned. */
  failed: number;
}

/** Which images to scan: the references given, a stack's services' images, or every service's image. */
export async function scanTargets(o: Pick<ScanManyOptions, 'refs' | 'stack' | 'services'>): Promise<{ ref: string; services: string[] }[]> {
  const targets = new Map<string, string[]>();
  for (const r of o.refs) targets.set(r, []);
  if (o.stack !== undefined || o.services) {
    for (const s of await swarmServiceImages(o.stack)) targets.set(s.image, [...(targets.get(s.image) ?? []), s.service]);
  }
  if (targets.size === 0) throw new UserError('no image to scan', { hint: 'name images, or use --stack NAME or --services' });
  return [...targets].map(([ref, services]) => ({ ref, services }));
}

/** Scans several images: a report per image, then one summary table (or all of it as JSON). */
export async function scanMany(o: ScanManyOptions): Promise<ScanManyResult> {
  const targets = await scanTargets(o);
  o.progress?.total(targets.length);
  const batch = await inventoryImages(
    targets.map((t) => t.ref),
    { ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}), onProgress: (_done, _total, ref) => o.progress?.tick(1, ref) },
  );
  o.progress?.done();
  const rows: { ref: string; services: string[]; report?: ScanReport; error?: string }[] = batch.items.map((item, k) => {
    const services = targets[k]!.services;
    if (!item.inventory) return { ref: item.ref, services, error: item.error ?? 'not read' };
    try {
      return { ref: item.ref, services, report: o.scan(item.inventory) };
    } catch (e) {
      return { ref: item.ref, services, error: errorMessage(e) };
    }
  });
  const count = (r: ScanReport, sev: Severity): number => r.findings.filter((f) => f.severity === sev).length;
  const findings = rows.reduce((n, r) => n + (r.report?.findings.length ?? 0), 0);
  const failed = rows.filter((r) => r.error !== undefined).length;
  // Labels of the targets no advisory was checked for: their counts are "not covered", never a clean 0.
  const uncovered = (r: ScanReport): string[] => r.targets.filter((t) => !t.covered).map((t) => t.label);
  const nothingCovered = (r: ScanReport): boolean => r.targets.length > 0 && uncovered(r).length === r.targets.length;
  const notCovered = rows.filter((r) => r.report && uncovered(r.report).length > 0).length;
  const layers = {
    read: batch.layerReads.size,
    readMoreThanOnce: [...batch.layerReads.values()].filter((n) => n > 1).length,
    fromCache: batch.cacheHits,
    exports: batch.exports,
  };
  if (o.format === 'json') {
    const images = rows.map((r) => ({
      ref: r.ref,
      services: r.services,
      ...(r.report
        ? {
            imageId: r.report.inventory.imageId,
            os: r.report.inventory.os,
            packages: r.report.inventory.packages.length,
            counts: Object.fromEntries(o.severities.map((s) => [s, count(r.report!, s)])),
            covered: uncovered(r.report).length === 0,
            ...(uncovered(r.report).length > 0 ? { uncovered: uncovered(r.report) } : {}),
            findings: r.report.findings,
            notes: r.report.notes,
          }
        : { error: r.error }),
    }));
    return { text: `${JSON.stringify({ images, summary: { images: rows.length, failed, notCovered, findings }, layers }, null, 2)}\n`, findings, failed };
  }
  const s = o.styler;
  const out: string[] = [];
  for (const r of rows) {
    if (r.report) {
      out.push(renderScanTable(r.report, s, o.severities).trimEnd());
      for (const n of r.report.notes) out.push(s.dim(`note: ${n}`));
    } else out.push(`${s.bold(r.ref)}\n\n${s.red(`error: ${r.error}`)}`);
    out.push('');
  }
  const header = ['IMAGE', 'SERVICES', 'OS', 'PACKAGES', ...o.severities, 'TOTAL'];
  const table = rows.map((r) => {
    const svc = r.services.join(', ') || '-';
    if (!r.report) return [r.ref, svc, s.red('error'), '-', ...o.severities.map(() => '-'), '-'];
    const inv = r.report.inventory;
    return [
      r.ref,
      svc,
      inv.os ? `${inv.os.family} ${inv.os.version}` : '-',
      String(inv.packages.length),
      ...o.severities.map((sev) => (count(r.report!, sev) > 0 ? s.severity(sev, String(count(r.report!, sev))) : '0')),
      nothingCovered(r.report) ? s.yellow('not covered') : String(r.report.findings.length),
    ];
  });
  out.push(s.bold('Summary'));
  out.push(renderTable(header, table, { align: ['left', 'left', 'left', 'right', ...o.severities.map(() => 'right' as const), 'right'] }).trimEnd());
  out.push('');
  out.push(
    `${rows.length} image(s), ${findings} vulnerabilit${findings === 1 ? 'y' : 'ies'}${failed ? `, ${s.red(`${failed} not scanned`)}` : ''}${notCovered ? `, ${s.yellow(`${notCovered} not covered`)}` : ''}; ${layers.read} layer(s) read, ${layers.fromCache} from the cache, ${layers.exports} export(s)`,
  );
  return { text: `${out.join('\n')}\n`, findings, failed };
}
