// Streams each layer once, bottom to top, keeping only the files some analyzer wants; applies whiteouts and
// opaque directories so that what upper layers deleted is gone. Memory grows with wanted files, not the image,
// and a whole walk holds at most `maxTotalBytes` of file content.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar, { type ExtractEvents, type Header } from 'tar-stream';
import { Decompress } from 'fzstd';
import { UserError, messageOf } from '../core/errors.js';
import type { Message, MessageValue } from '../core/message.js';
import type { Reduced } from '../packages/keeper.js';
import type { InventoryWarning } from '../packages/types.js';
import type { LayerCache, LayerEvent, LayerRecord, LiveEvent } from './layer-cache.js';
import { say } from './messages.js';
import { normalizeImagePath, whiteoutOf } from './paths.js';

export interface KeptFile {
  content: Buffer;
  layer: string;
  layerIndex: number;
}

/** Metadata (no content) of an entry some check tracks: mode bits, type, size. */
export interface TrackedEntry {
  mode: number;
  type: string;
  size: number;
  layer: string;
  layerIndex: number;
}

/** A layer to read: its diff ID, and its bytes (a file, or a stream opened on demand; gzip/zstd/plain). */
export interface LayerSource {
  diffId: string;
  file?: string;
  open?: () => Promise<Readable> | Readable;
  /** Already read and verified (one pass over a stream). */
  read?: LayerRead;
}

export interface WalkLimits {
  /** Largest wanted file read into memory. */
  maxFileBytes?: number;
  /** Uncompressed bytes one layer may expand to (a gzip bomb stops here). */
  maxLayerBytes?: number;
  /** File content the whole walk may hold in memory. */
  maxTotalBytes?: number;
  /** Tar entries one layer may have (headers alone can be a bomb). */
  maxLayerEntries?: number;
  /** Uncompressed bytes all layers of the image may expand to together. */
  maxImageBytes?: number;
}

export interface WalkOptions extends WalkLimits {
  /** `mode` is the entry's permission bits (tar header), for analyzers that want executables. */
  wants(path: string, mode: number): boolean;
  /**
   * Shrinks a wanted file as soon as it is read (a binary to its build info); undefined keeps nothing. A file it
   * could not read costs a warning, and its layer is not cached (the next scan tries again).
   */
  reduce?(path: string, mode: number, content: Buffer): Reduced | Promise<Reduced>;
  /** Entries whose metadata to keep in the merged view (e.g. setuid files, shells). */
  tracks?(path: string, mode: number, type: string): boolean;
  onLayer?: (index: number, total: number) => void;
  /** Replays or records each layer's effect by diff ID (not with `tracks`: metadata is not cached). */
  cache?: LayerCache;
  /** Cache records already looked up (so that a lookup is made, and counted, once). */
  cached?: ReadonlyMap<string, LayerRecord | undefined>;
  /** Shares a budget with reads made before the walk. */
  budget?: ByteBudget;
  /** Stops the walk (the scan's deadline): streams are destroyed, nothing more is read; the walk rejects with the reason. */
  signal?: AbortSignal;
}

export interface WalkResult {
  files: Map<string, KeptFile>;
  tracked: Map<string, TrackedEntry>;
  warnings: InventoryWarning[];
}

export const DEFAULT_LIMITS: Required<WalkLimits> = {
  maxFileBytes: 64 * 1024 * 1024,
  maxLayerBytes: 64 * 1024 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxImageBytes: 32 * 1024 * 1024 * 1024,
  maxLayerEntries: 300_000,
};

/** A layer's effect in read order, with file content held as buffers (the cache serialises it). */

export interface LayerRead {
  /** sha256 of the uncompressed tar: the diff ID the layer really has. */
  digest: string;
  /** Bytes of the uncompressed tar. */
  size: number;
  events: LiveEvent[];
  warnings: InventoryWarning[];
  /** Wanted paths that are hard links to files this read did not keep (their target was not wanted). */
  unresolvedLinks: HardLink[];
  /** Only hashed, not parsed: the cache already has this layer (its record stands in for it). */
  hashedOnly?: boolean;
  /** A wanted file could not be read (a reducer's time budget, a stopped scan): not cached. */
  incomplete?: boolean;
}

interface HardLink {
  path: string;
  target: string;
  mode: number;
}

/** What reading a layer needs of the walk's options. */
export type ReadOptions = Pick<WalkOptions, 'wants' | 'tracks' | 'reduce' | 'signal'> & WalkLimits;

/** Counts the file content a walk holds, across layers; refuses what would exceed the budget. */
export class ByteBudget {
  used = 0;
  /** Uncompressed layer bytes read so far, against `maxExpanded`: one cap for the whole image, not only per layer. */
  expanded = 0;
  constructor(
    readonly max: number,
    readonly maxExpanded: number = DEFAULT_LIMITS.maxImageBytes,
  ) {}
  /** Counts `n` more expanded bytes; false once the image is past its cap. */
  expand(n: number): boolean {
    this.expanded += n;
    return this.expanded <= this.maxExpanded;
  }
  take(n: number, what: MessageValue): void {
    if (this.used + n > this.max) {
      throw new UserError(say('image.layer.wantedTooLarge', { what, mib: Math.round(this.max / 1024 / 1024) }), {
        hint: say('image.layer.wantedTooLarge.hint'),
      });
    }
    this.used += n;
  }
  give(n: number): void {
    this.used = Math.max(0, this.used - n);
  }
}

/** A streaming zstd decoder (Node 20's zlib has none). */
function zstdStream(): Transform {
  let decoder: Decompress;
  const t = new Transform({
    transform(chunk: Buffer, _e, cb) {
      try {
        decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
        cb();
      } catch (e) {
        cb(new UserError(say('image.layer.zstdCorrupt', { error: messageOf(e) })));
      }
    },
    flush(cb) {
      try {
        decoder.push(new Uint8Array(0), true);
        cb();
      } catch (e) {
        cb(new UserError(say('image.layer.zstdCorrupt', { error: messageOf(e) })));
      }
    },
  });
  decoder = new Decompress((data) => {
    t.push(Buffer.from(data.buffer, data.byteOffset, data.length));
  });
  return t;
}

/** Decompresses by the first bytes of the stream (gzip, zstd, or a plain tar). */
export function decompressing(first: Buffer): Transform | undefined {
  if (first[0] === 0x1f && first[1] === 0x8b) return createGunzip();
  if (first[0] === 0x28 && first[1] === 0xb5 && first[2] === 0x2f && first[3] === 0xfd) return zstdStream();
  return undefined;
}

/** The first bytes of a stream, put back so that the stream still starts with them. */
function peek(raw: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      cleanup();
      const c = raw.read() as Buffer | null;
      if (c) raw.unshift(c);
      resolve(c ?? Buffer.alloc(0));
    };
    const failed = (e: Error): void => {
      cleanup();
      reject(e);
    };
    const cleanup = (): void => {
      raw.off('readable', done);
      raw.off('end', done);
      raw.off('error', failed);
    };
    raw.once('readable', done);
    raw.once('end', done);
    raw.once('error', failed);
  });
}

const label = (i: number, diffId: string | undefined): Message =>
  diffId ? say('image.layer.atId', { n: i + 1, id: diffId.slice(0, 19) }) : say('image.layer.at', { n: i + 1 });

/** What one read of a layer gathers as its entries pass. */
interface LayerParse {
  readonly i: number;
  readonly diffId: string | undefined;
  readonly limits: Required<WalkLimits>;
  readonly options: ReadOptions;
  readonly budget: ByteBudget;
  readonly events: LiveEvent[];
  readonly warnings: InventoryWarning[];
  /** The files this layer kept, by path: a hard link to one of them shares its buffer. */
  readonly readHere: Map<string, Buffer>;
  readonly links: HardLink[];
  entries: number;
  incomplete: boolean;
}

/** Counts and hashes the uncompressed tar as it passes; refuses a layer, or an image, that expands past its cap. */
function layerCounter(s: LayerParse, hash: Hash): { counter: Transform; total: () => number } {
  let total = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      total += chunk.length;
      if (total > s.limits.maxLayerBytes) return cb(new UserError(say('image.layer.bomb', { layer: label(s.i, s.diffId), max: s.limits.maxLayerBytes })));
      if (!s.budget.expand(chunk.length)) return cb(new UserError(say('image.layer.imageBomb', { layer: label(s.i, s.diffId), max: s.budget.maxExpanded })));
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  return { counter, total: () => total };
}

/**
 * What an entry's header alone decides: a path outside the root, a whiteout, tracked metadata, a hard link, a file
 * too large or not a file. True when the entry was dealt with (its body is skipped); false when its body is wanted.
 */
function headerOnly(s: LayerParse, header: Header, p: string | undefined): boolean {
  if (p === undefined) {
    s.warnings.push(say('image.walk.entryOutside', { n: s.i + 1, name: header.name.slice(0, 120) }));
    return true;
  }
  if (p === '') return true;
  const wh = whiteoutOf(p);
  if (wh) {
    s.events.push(wh.kind === 'file' ? { t: 'wh', target: wh.target } : { t: 'opq', dir: wh.dir });
    return true;
  }
  const type = header.type ?? 'file';
  const size = header.size ?? 0;
  const mode = header.mode ?? 0;
  // With tracking on, every entry replaces the tracked metadata lower layers had at its path.
  if (s.options.tracks) s.events.push({ t: 'meta', path: p, entry: s.options.tracks(p, mode, type) ? { mode, type, size } : null });
  if (!s.options.wants(p, mode)) return true;
  if (type === 'link' && header.linkname) {
    const target = normalizeImagePath(header.linkname);
    if (target === undefined) {
      s.warnings.push(say('image.walk.linkOutside', { n: s.i + 1, path: p }));
      s.events.push({ t: 'put', path: p, content: null });
    } else s.links.push({ path: p, target, mode });
    return true;
  }
  if (type !== 'file' || size > s.limits.maxFileBytes) {
    // Whatever this layer puts at p replaces what lower layers had there.
    if (type === 'file') s.warnings.push(say('image.walk.overLimit', { n: s.i + 1, path: p, size, max: s.limits.maxFileBytes }));
    s.events.push({ t: 'put', path: p, content: null });
    return true;
  }
  return false;
}

/** Reads a wanted file's body (counted against the budget), reduces it, and keeps what the reducer keeps. */
function keepBody(s: LayerParse, p: string, mode: number, size: number, entry: ExtractEvents['entry'][1], next: (e?: Error | null) => void): void {
  try {
    s.budget.take(size, label(s.i, s.diffId));
  } catch (e) {
    entry.resume();
    return next(e as Error);
  }
  const content = Buffer.allocUnsafe(size);
  let got = 0;
  entry.on('data', (chunk: unknown) => {
    const c = chunk as Buffer;
    const n = Math.min(c.length, size - got);
    c.copy(content, got, 0, n);
    got += n;
  });
  entry.on('end', () => {
    const body = got === size ? content : content.subarray(0, got);
    const done = (reduced: Reduced): void => {
      let kept: Buffer | undefined;
      if (reduced !== undefined && !Buffer.isBuffer(reduced)) {
        s.warnings.push(reduced.notScanned);
        s.incomplete = true;
      } else kept = reduced;
      if (s.options.reduce) {
        s.budget.give(size);
        try {
          s.budget.take(kept?.length ?? 0, label(s.i, s.diffId));
        } catch (e) {
          return next(e as Error);
        }
      }
      if (kept) s.readHere.set(p, kept);
      s.events.push({ t: 'put', path: p, content: kept ?? null });
      next();
    };
    if (!s.options.reduce) return done(body);
    Promise.resolve(s.options.reduce(p, mode, body)).then(done, (e: unknown) => next(e instanceof Error ? e : new Error(String(e))));
  });
  entry.on('error', (e) => next(e));
}

/** A tar hard link names an earlier entry of the same layer: share its buffer. The links whose target was not kept are returned. */
function resolveLinks(s: LayerParse): HardLink[] {
  const unresolved: HardLink[] = [];
  for (const l of s.links) {
    const body = s.readHere.get(l.target);
    if (body) s.events.push({ t: 'put', path: l.path, content: body });
    else if (s.options.wants(l.target, l.mode)) s.events.push({ t: 'link', path: l.path, target: l.target });
    else unresolved.push(l);
  }
  return unresolved;
}

/**
 * Reads one layer in a single pass: decompresses, hashes the tar (the diff ID) and parses it, keeping the
 * wanted files. Bodies of other files are skipped without copying. Nothing is applied to a merged view.
 */
export async function readLayer(raw: Readable, i: number, diffId: string | undefined, options: ReadOptions, budget: ByteBudget): Promise<LayerRead> {
  const s: LayerParse = {
    i,
    diffId,
    limits: { ...DEFAULT_LIMITS, ...definedOnly(options) },
    options,
    budget,
    events: [],
    warnings: [],
    readHere: new Map(),
    links: [],
    entries: 0,
    incomplete: false,
  };
  const hash = createHash('sha256');
  const { counter, total } = layerCounter(s, hash);
  const extract = tar.extract();
  extract.on('entry', (header, entry, next) => {
    // A refused layer destroys its entries with the refusal; the pipeline reports it once.
    entry.on('error', () => undefined);
    if (++s.entries > s.limits.maxLayerEntries) {
      entry.resume();
      return next(new UserError(say('image.layer.tooManyEntries', { layer: label(i, diffId), max: s.limits.maxLayerEntries })));
    }
    const p = normalizeImagePath(header.name);
    if (headerOnly(s, header, p) || p === undefined) {
      entry.on('end', next);
      entry.resume();
      return;
    }
    keepBody(s, p, header.mode ?? 0, header.size ?? 0, entry, next);
  });
  const signal = options.signal;
  try {
    signal?.throwIfAborted();
    const inflate = decompressing(await peek(raw));
    await (inflate ? pipeline(raw, inflate, counter, extract, { signal }) : pipeline(raw, counter, extract, { signal }));
  } catch (e) {
    raw.destroy();
    if (signal?.aborted) throw stopReason(signal);
    if (e instanceof UserError) throw e;
    throw new UserError(say('image.layer.corrupt', { layer: label(i, diffId), error: messageOf(e) }));
  }
  const unresolvedLinks = resolveLinks(s);
  return {
    digest: `sha256:${hash.digest('hex')}`,
    size: total(),
    events: s.events,
    warnings: s.warnings,
    unresolvedLinks,
    ...(s.incomplete ? { incomplete: true } : {}),
  };
}

/** Why a walk was stopped: the signal's reason when it is an error (the scan's deadline), else a plain one. */
export function stopReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
}

/** Reads only the named files of a layer (the targets of hard links that a first read skipped). */
async function readTargets(
  raw: Readable,
  i: number,
  targets: Set<string>,
  options: WalkLimits & Pick<WalkOptions, 'signal'>,
  budget: ByteBudget,
): Promise<Map<string, Buffer>> {
  const r = await readLayer(raw, i, undefined, { ...options, wants: (p) => targets.has(p) }, budget);
  const out = new Map<string, Buffer>();
  for (const e of r.events) if (e.t === 'put' && e.content) out.set(e.path, e.content);
  return out;
}

function definedOnly(o: WalkLimits): WalkLimits {
  const r: WalkLimits = {};
  if (o.maxFileBytes !== undefined) r.maxFileBytes = o.maxFileBytes;
  if (o.maxLayerBytes !== undefined) r.maxLayerBytes = o.maxLayerBytes;
  if (o.maxTotalBytes !== undefined) r.maxTotalBytes = o.maxTotalBytes;
  if (o.maxImageBytes !== undefined) r.maxImageBytes = o.maxImageBytes;
  if (o.maxLayerEntries !== undefined) r.maxLayerEntries = o.maxLayerEntries;
  return r;
}

async function openLayer(l: LayerSource): Promise<Readable> {
  if (l.open) return l.open();
  if (l.file) return createReadStream(l.file, { highWaterMark: 1024 * 1024 });
  throw new UserError(say('image.layer.noContent', { id: l.diffId.slice(0, 19) }));
}

/** A node of the merged view: whiteouts and opaque directories remove a whole subtree in one step. */
interface Node {
  children?: Map<string, Node>;
  file?: KeptFile;
  meta?: TrackedEntry;
}

/** The merged filesystem view, layer by layer. Whiteouts cost O(depth), however many files they remove. */
export class MergedView {
  private readonly root: Node = {};
  /** Hard links share one buffer: it goes back to the budget when its last path is gone. */
  private readonly refs = new Map<Buffer, number>();
  constructor(private readonly budget: ByteBudget) {}

  private hold(n: Node, file: KeptFile): void {
    if (n.file?.content === file.content) {
      n.file = file;
      return;
    }
    if (n.file) this.drop(n.file);
    this.refs.set(file.content, (this.refs.get(file.content) ?? 0) + 1);
    n.file = file;
  }

  private drop(file: KeptFile): void {
    const left = (this.refs.get(file.content) ?? 1) - 1;
    if (left > 0) this.refs.set(file.content, left);
    else {
      this.refs.delete(file.content);
      this.budget.give(file.content.length);
    }
  }

  private node(p: string, create: boolean): Node | undefined {
    let n = this.root;
    for (const part of p.split('/')) {
      let c = n.children?.get(part);
      if (!c) {
        if (!create) return undefined;
        c = {};
        (n.children ??= new Map()).set(part, c);
      }
      n = c;
    }
    return n;
  }

  private release(n: Node): void {
    const stack = [n];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (x.file) this.drop(x.file);
      if (x.children) for (const c of x.children.values()) stack.push(c);
    }
  }

  /** Applies one layer's events: its whiteouts first (they only hide lower layers), then what it puts. */
  apply(events: readonly LiveEvent[], i: number, diffId: string): void {
    for (const e of events) {
      if (e.t === 'wh') {
        const slash = e.target.lastIndexOf('/');
        const parent = slash < 0 ? this.root : this.node(e.target.slice(0, slash), false);
        const name = slash < 0 ? e.target : e.target.slice(slash + 1);
        const gone = parent?.children?.get(name);
        if (gone) {
          this.release(gone);
          parent!.children!.delete(name);
        }
      } else if (e.t === 'opq') {
        const dir = e.dir === '' ? this.root : this.node(e.dir, false);
        if (dir?.children) {
          for (const c of dir.children.values()) this.release(c);
          dir.children = undefined;
        }
      }
    }
    for (const e of events) {
      if (e.t === 'put') {
        const n = e.content === null ? this.node(e.path, false) : this.node(e.path, true)!;
        if (!n) continue;
        if (e.content !== null) this.hold(n, { content: e.content, layer: diffId, layerIndex: i });
        else if (n.file && n.file.layerIndex !== i) {
          this.drop(n.file);
          n.file = undefined;
        }
        if (n.meta && n.meta.layerIndex !== i) n.meta = undefined;
      } else if (e.t === 'link') {
        const target = this.node(e.target, false)?.file;
        if (target) this.hold(this.node(e.path, true)!, { ...target, layerIndex: i });
      } else if (e.t === 'meta') {
        if (e.entry) this.node(e.path, true)!.meta = { ...e.entry, layer: diffId, layerIndex: i };
        else {
          const n = this.node(e.path, false);
          if (n?.meta && n.meta.layerIndex !== i) n.meta = undefined;
        }
      }
    }
  }

  result(warnings: InventoryWarning[]): WalkResult {
    const files = new Map<string, KeptFile>();
    const tracked = new Map<string, TrackedEntry>();
    const stack: [string, Node][] = [['', this.root]];
    while (stack.length > 0) {
      const [p, n] = stack.pop()!;
      if (n.file) files.set(p, n.file);
      if (n.meta) tracked.set(p, n.meta);
      if (n.children) for (const [name, c] of n.children) stack.push([p ? `${p}/${name}` : name, c]);
    }
    return { files, tracked, warnings };
  }
}

/** Turns a cached record back into live events (content decoded once, counted against the budget). */
export function eventsFromCache(events: readonly LayerEvent[], budget: ByteBudget, what: MessageValue): LiveEvent[] {
  return events.map((e): LiveEvent => {
    if (e.t !== 'put') return e;
    if (e.content === null) return { t: 'put', path: e.path, content: null };
    const content = Buffer.from(e.content, 'base64');
    budget.take(content.length, what);
    return { t: 'put', path: e.path, content };
  });
}

/** The error of layer `i` whose content digest is not the diff ID the image config gives it. */
export function layerDigestMismatch(i: number, digest: string, diffId: string): UserError {
  return new UserError(say('image.layer.digestMismatch', { n: i + 1, digest, diffId }), { hint: say('image.archive.tampered.hint') });
}

/**
 * Reads a layer and makes it whole: checks its diff ID, and fetches the hard-link targets a first read skipped
 * when the layer can be opened again (otherwise says which files are left out).
 */
export async function readVerifiedLayer(l: LayerSource, i: number, options: ReadOptions, budget: ByteBudget): Promise<LayerRead> {
  const r = await readLayer(await openLayer(l), i, l.diffId, options, budget);
  if (r.digest !== l.diffId) throw layerDigestMismatch(i, r.digest, l.diffId);
  return completeLinks(r, i, options, budget, l.file || l.open ? async () => openLayer(l) : undefined);
}

/** Resolves hard links to unwanted targets by a second, targeted read, or warns that they are left out. */
export async function completeLinks(
  r: LayerRead,
  i: number,
  options: WalkLimits & Pick<WalkOptions, 'reduce' | 'signal'>,
  budget: ByteBudget,
  reopen: (() => Promise<Readable>) | undefined,
): Promise<LayerRead> {
  if (r.unresolvedLinks.length === 0) return r;
  const targets = new Set(r.unresolvedLinks.map((l) => l.target));
  const found = reopen
    ? await readTargets(await reopen(), i, targets, { ...definedOnly(options), ...(options.signal ? { signal: options.signal } : {}) }, budget)
    : new Map<string, Buffer>();
  for (const l of r.unresolvedLinks) {
    const raw = found.get(l.target);
    const reduced = raw && options.reduce ? await options.reduce(l.path, l.mode, raw) : raw;
    if (reduced !== undefined && !Buffer.isBuffer(reduced)) {
      r.warnings.push(reduced.notScanned);
      r.incomplete = true;
      r.events.push({ t: 'put', path: l.path, content: null });
      continue;
    }
    const body = reduced;
    if (body) r.events.push({ t: 'put', path: l.path, content: body });
    else {
      r.events.push({ t: 'put', path: l.path, content: null });
      r.warnings.push(say(reopen ? 'image.walk.linkNotInLayer' : 'image.walk.linkNotReread', { n: i + 1, path: l.path, target: l.target }));
    }
  }
  return { ...r, unresolvedLinks: [] };
}

export async function walkLayers(layers: readonly LayerSource[], options: WalkOptions): Promise<WalkResult> {
  const budget = options.budget ?? new ByteBudget(options.maxTotalBytes ?? DEFAULT_LIMITS.maxTotalBytes, options.maxImageBytes ?? DEFAULT_LIMITS.maxImageBytes);
  const view = new MergedView(budget);
  const warnings: InventoryWarning[] = [];
  const useCache = options.cache !== undefined && options.tracks === undefined;
  const records: (LayerRecord | undefined)[] = [];
  for (const l of layers)
    records.push(useCache ? (options.cached?.has(l.diffId) ? options.cached.get(l.diffId) : await options.cache!.get(l.diffId)) : undefined);
  // Layers to read are read one ahead of the one being applied: reading (I/O, inflate, hash) overlaps.
  const pending = new Map<number, Promise<LayerRead>>();
  const start = (k: number): void => {
    const l = layers[k];
    if (!l || records[k] || l.read || pending.has(k)) return;
    const p = readVerifiedLayer(l, k, options, budget);
    p.catch(() => undefined); // awaited in order below; a failure ahead must not go unhandled
    pending.set(k, p);
  };
  try {
    for (let i = 0; i < layers.length; i++) {
      if (options.signal?.aborted) throw stopReason(options.signal);
      const l = layers[i]!;
      options.onLayer?.(i, layers.length);
      start(i);
      let ahead = i + 1;
      while (ahead < layers.length && (records[ahead] || layers[ahead]!.read)) ahead++;
      start(ahead);
      const rec = records[i];
      if (rec) {
        view.apply(eventsFromCache(rec.events, budget, label(i, l.diffId)), i, l.diffId);
        warnings.push(...rec.warnings);
        continue;
      }
      const r = l.read ?? (await pending.get(i)!);
      pending.delete(i);
      view.apply(r.events, i, l.diffId);
      warnings.push(...r.warnings);
      // Only a verified layer read whole is cached.
      if (useCache && !r.incomplete) await options.cache!.put(l.diffId, r.events, r.warnings, r.size);
    }
  } finally {
    await Promise.allSettled(pending.values());
  }
  return view.result(warnings);
}
