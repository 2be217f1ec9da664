// Streams each layer once, bottom to top, keeping only the files some analyzer wants; applies whiteouts and
// opaque directories so that what upper layers deleted is gone. Memory grows with wanted files, not the image.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { Decompress } from 'fzstd';
import { UserError, errorMessage } from '../core/errors.js';
import type { LayerCache, LayerEvent } from './layer-cache.js';
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

export interface WalkOptions {
  /** `mode` is the entry's permission bits (tar header), for analyzers that want executables. */
  wants(path: string, mode: number): boolean;
  /** Shrinks a wanted file as soon as it is read (a binary to its build info); undefined keeps nothing. */
  reduce?(path: string, mode: number, content: Buffer): Buffer | undefined;
  /** Entries whose metadata to keep in the merged view (e.g. setuid files, shells). */
  tracks?(path: string, mode: number, type: string): boolean;
  /** Largest wanted file read into memory. */
  maxFileBytes?: number;
  /** Uncompressed bytes one layer may expand to (a gzip bomb stops here). */
  maxLayerBytes?: number;
  onLayer?: (index: number, total: number) => void;
  /** Replays or records each layer's effect by diff ID (not with `tracks`: metadata is not cached). */
  cache?: LayerCache;
}

export interface WalkResult {
  files: Map<string, KeptFile>;
  tracked: Map<string, TrackedEntry>;
  /** Paths that exist in the merged view, for checks that need the listing (kept small: wanted or marked). */
  warnings: string[];
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
        cb(new UserError(`corrupt zstd layer: ${errorMessage(e)}`));
      }
    },
    flush(cb) {
      try {
        decoder.push(new Uint8Array(0), true);
        cb();
      } catch (e) {
        cb(new UserError(`corrupt zstd layer: ${errorMessage(e)}`));
      }
    },
  });
  decoder = new Decompress((data) => {
    t.push(Buffer.from(data));
  });
  return t;
}

/** First bytes of a layer decide its compression. */
async function layerStream(file: string): Promise<Readable> {
  const head = await new Promise<Buffer>((resolve, reject) => {
    const s = createReadStream(file, { start: 0, end: 3 });
    const chunks: Buffer[] = [];
    s.on('data', (c) => chunks.push(c as Buffer));
    s.on('end', () => resolve(Buffer.concat(chunks)));
    s.on('error', reject);
  });
  const raw = createReadStream(file);
  if (head[0] === 0x1f && head[1] === 0x8b) return raw.pipe(createGunzip());
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return raw.pipe(zstdStream());
  return raw;
}

export async function walkLayers(layers: readonly { file: string; diffId: string }[], options: WalkOptions): Promise<WalkResult> {
  const maxFile = options.maxFileBytes ?? 64 * 1024 * 1024;
  const maxLayer = options.maxLayerBytes ?? 64 * 1024 * 1024 * 1024;
  const files = new Map<string, KeptFile>();
  const tracked = new Map<string, TrackedEntry>();
  const warnings: string[] = [];
  /** Removes what lower layers had at `p` (or under it, for a directory) from both views. */
  const drop = (match: (k: string) => boolean, below: number): void => {
    for (const k of [...files.keys()]) if (match(k) && files.get(k)!.layerIndex < below) files.delete(k);
    for (const k of [...tracked.keys()]) if (match(k) && tracked.get(k)!.layerIndex < below) tracked.delete(k);
  };
  const apply = (e: LayerEvent, i: number, diffId: string): void => {
    switch (e.t) {
      case 'wh':
        drop((k) => k === e.target || k.startsWith(`${e.target}/`), i);
        break;
      case 'opq':
        drop((k) => e.dir === '' || k.startsWith(`${e.dir}/`), i);
        break;
      case 'put':
        if (files.get(e.path)?.layerIndex !== i) files.delete(e.path);
        if (e.content !== null) files.set(e.path, { content: Buffer.from(e.content, 'base64'), layer: diffId, layerIndex: i });
        break;
      case 'link': {
        const target = files.get(e.target);
        if (target) files.set(e.path, { ...target, layerIndex: i });
        break;
      }
    }
  };
  const useCache = options.cache !== undefined && options.tracks === undefined;
  for (let i = 0; i < layers.length; i++) {
    const { file, diffId } = layers[i]!;
    options.onLayer?.(i, layers.length);
    if (useCache) {
      const rec = await options.cache!.get(diffId);
      if (rec) {
        for (const e of rec.events) apply(e, i, diffId);
        warnings.push(...rec.warnings);
        continue;
      }
    }
    const events: LayerEvent[] = [];
    const layerWarnings: string[] = [];
    const hash = createHash('sha256');
    let total = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        total += chunk.length;
        if (total > maxLayer) return cb(new UserError(`layer ${i + 1} (${diffId.slice(0, 19)}) expands beyond ${maxLayer} bytes: refusing it (a compression bomb?)`));
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    const extract = tar.extract();
    const hardLinks: { path: string; target: string }[] = [];
    extract.on('entry', (header, entry, next) => {
      const done = (): void => {
        entry.resume();
        entry.on('end', next);
      };
      const p = normalizeImagePath(header.name);
      if (p === undefined) {
        layerWarnings.push(`layer ${i + 1}: entry "${header.name.slice(0, 120)}" points outside the image root: ignored`);
        return done();
      }
      if (p === '') return done();
      const wh = whiteoutOf(p);
      if (wh) {
        const e: LayerEvent = wh.kind === 'file' ? { t: 'wh', target: wh.target } : { t: 'opq', dir: wh.dir };
        events.push(e);
        apply(e, i, diffId);
        return done();
      }
      const mode = header.mode ?? 0;
      const wanted = options.wants(p, mode);
      // Whatever this layer puts at p replaces what lower layers had there.
      if (wanted && !(header.type === 'file' && (header.size ?? 0) <= maxFile)) {
        const e: LayerEvent = { t: 'put', path: p, content: null };
        events.push(e);
        apply(e, i, diffId);
      } else if (files.get(p)?.layerIndex !== i) files.delete(p);
      if (tracked.get(p)?.layerIndex !== i) tracked.delete(p);
      if (options.tracks?.(p, mode, header.type ?? 'file')) tracked.set(p, { mode, type: header.type ?? 'file', size: header.size ?? 0, layer: diffId, layerIndex: i });
      if (header.type === 'link' && header.linkname) {
        const target = normalizeImagePath(header.linkname);
        if (target === undefined) layerWarnings.push(`layer ${i + 1}: hard link ${p} points outside the image root: ignored`);
        else if (wanted) hardLinks.push({ path: p, target });
        return done();
      }
      if (header.type !== 'file' || !wanted) return done();
      const size = header.size ?? 0;
      if (size > maxFile) {
        layerWarnings.push(`layer ${i + 1}: ${p} is ${size} bytes, over the ${maxFile}-byte limit: not read`);
        return done();
      }
      const chunks: Buffer[] = [];
      let got = 0;
      entry.on('data', (chunk: unknown) => {
        const c = chunk as Buffer;
        got += c.length;
        if (got <= maxFile) chunks.push(c);
      });
      entry.on('end', () => {
        const whole = Buffer.concat(chunks);
        const content = options.reduce ? options.reduce(p, mode, whole) : whole;
        if (content === undefined) {
          if (files.get(p)?.layerIndex !== i) files.delete(p);
          if (useCache) events.push({ t: 'put', path: p, content: null });
        } else {
          files.set(p, { content, layer: diffId, layerIndex: i });
          if (useCache) events.push({ t: 'put', path: p, content: content.toString('base64') });
        }
        next();
      });
      entry.on('error', (e) => next(e));
    });
    try {
      await pipeline(await layerStream(file), counter, extract);
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`layer ${i + 1} (${diffId.slice(0, 19)}) is corrupt or truncated: ${errorMessage(e)}`);
    }
    for (const h of hardLinks) {
      const e: LayerEvent = { t: 'link', path: h.path, target: h.target };
      events.push(e);
      apply(e, i, diffId);
    }
    const digest = `sha256:${hash.digest('hex')}`;
    if (digest !== diffId) throw new UserError(`layer ${i + 1}: content digest ${digest} does not match the config's diff ID ${diffId}`, { hint: 'the archive is corrupt or was tampered with' });
    warnings.push(...layerWarnings);
    // Only a verified layer is cached.
    if (useCache) await options.cache!.put(diffId, { v: 1, events, warnings: layerWarnings });
  }
  return { files, tracked, warnings };
}

/** A PassThrough for tests and callers that hand over their own streams. */
export const passThrough = (): PassThrough => new PassThrough();
