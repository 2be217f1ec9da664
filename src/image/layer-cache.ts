// What a layer contributes to an inventory, cached by its diff ID: the wanted files it puts, the whiteouts and
// opaque directories it applies. A second image sharing base layers replays them instead of reading the layers.
// Records are private to the user (directory 0700, files 0600) and carry an HMAC under a per-user key, so a
// record someone else wrote into a shared cache directory is detected and ignored.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseInventoryWarning } from '../packages/incomplete.js';
import type { InventoryWarning } from '../packages/types.js';

/** What one layer does to the merged filesystem, in order, as the walker reads it (and the cache replays it). */
export type LiveEvent =
  | { t: 'wh'; target: string }
  | { t: 'opq'; dir: string }
  | { t: 'put'; path: string; content: Buffer | null }
  | { t: 'link'; path: string; target: string }
  | { t: 'meta'; path: string; entry: { mode: number; type: string; size: number } | null };

export type LayerEvent =
  { t: 'wh'; target: string } | { t: 'opq'; dir: string } | { t: 'put'; path: string; content: string | null } | { t: 'link'; path: string; target: string };

export interface LayerRecord {
  /** 3: warnings are messages by id (a record of version 2, with English warnings, is read again from the layer). */
  v: 3;
  events: LayerEvent[];
  warnings: InventoryWarning[];
  /** Size in bytes of the layer's uncompressed tar, when known: lets a stream skip parsing a likely hit. */
  size?: number;
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SWARMGUARD_CACHE_DIR) return path.join(env.SWARMGUARD_CACHE_DIR, 'layers');
  return path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'swarmguard', 'layers');
}

/** The per-user MAC key lives with the user's configuration, never in the (possibly shared) cache directory. */
export function defaultKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SWARMGUARD_CACHE_KEY) return path.resolve(env.SWARMGUARD_CACHE_KEY);
  const base = env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config');
  return path.join(base, 'swarmguard', 'layer-cache.key');
}

export interface LayerCacheOptions {
  /** Total size of the cache directory. */
  maxBytes?: number;
  /** File content one record may hold; a layer with more is read again next time instead. */
  maxRecordBytes?: number;
  keyFile?: string;
}

/** Reads (or creates, 0600) the user's key; refuses one that others can read or write, or that is not the user's. */
async function loadKey(file: string): Promise<Buffer | string> {
  try {
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const fresh = randomBytes(32).toString('hex');
    await fs.writeFile(file, fresh, { flag: 'wx', mode: 0o600 }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
    const h = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const st = await h.stat();
      if (!st.isFile()) return `${file} is not a regular file`;
      if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return `${file} belongs to another user`;
      if ((st.mode & 0o077) !== 0) return `${file} is readable or writable by others (chmod 600 it)`;
      const key = Buffer.from((await h.readFile('utf8')).trim(), 'hex');
      return key.length >= 32 ? key : `${file} is not a key`;
    } finally {
      await h.close();
    }
  } catch (e) {
    return `cannot use ${file}: ${(e as Error).message}`;
  }
}

export class LayerCache {
  hits = 0;
  misses = 0;
  /** Records found but rejected: bad MAC (written by someone else, or altered), or unreadable. */
  rejected = 0;
  /** Why the cache is off, when it is (a key that is not safe to use). */
  disabled: string | undefined;
  private key: Promise<Buffer | string> | undefined;
  private readonly maxBytes: number;
  private readonly maxRecordBytes: number;
  private readonly keyFile: string;

  constructor(
    readonly dir: string,
    /** Identifies what was recorded (the analyzers and their versions): another salt, another entry. */
    private readonly salt: string,
    options: LayerCacheOptions | number = {},
  ) {
    const o = typeof options === 'number' ? { maxBytes: options } : options;
    this.maxBytes = o.maxBytes ?? 512 * 1024 * 1024;
    this.maxRecordBytes = o.maxRecordBytes ?? 16 * 1024 * 1024;
    this.keyFile = o.keyFile ?? defaultKeyFile();
  }

  private name(diffId: string): string {
    return `${createHash('sha256').update(`${diffId}\n${this.salt}`).digest('hex')}.json`;
  }

  private async macKey(): Promise<Buffer | undefined> {
    this.key ??= loadKey(this.keyFile);
    const k = await this.key;
    if (typeof k === 'string') {
      this.disabled = k;
      return undefined;
    }
    return k;
  }

  private mac(key: Buffer, name: string, body: string): Buffer {
    return createHmac('sha256', key).update(name).update('\n').update(body).digest();
  }

  async get(diffId: string): Promise<LayerRecord | undefined> {
    const key = await this.macKey();
    const name = this.name(diffId);
    const f = path.join(this.dir, name);
    let text: string;
    try {
      const h = await fs.open(f, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        const st = await h.stat();
        if (!st.isFile() || st.size > this.maxRecordBytes * 2 + 4096) throw new Error('not a record');
        text = await h.readFile('utf8');
      } finally {
        await h.close();
      }
    } catch {
      this.misses += 1;
      return undefined;
    }
    try {
      if (!key) throw new Error('no key');
      const nl = text.indexOf('\n');
      const given = Buffer.from(text.slice(0, nl), 'hex');
      const body = text.slice(nl + 1);
      const want = this.mac(key, name, body);
      if (nl < 0 || given.length !== want.length || !timingSafeEqual(given, want)) throw new Error('bad MAC');
      const rec = JSON.parse(body) as LayerRecord;
      if (rec.v !== 3 || !Array.isArray(rec.events) || !Array.isArray(rec.warnings)) throw new Error('unknown record');
      const warnings = rec.warnings.map((w) => parseInventoryWarning(w)).filter((w) => w !== undefined);
      if (warnings.length !== rec.warnings.length) throw new Error('unknown record');
      rec.warnings = warnings;
      const now = new Date();
      await fs.utimes(f, now, now).catch(() => undefined); // least recently used goes first
      this.hits += 1;
      return rec;
    } catch {
      this.rejected += 1;
      this.misses += 1;
      return undefined;
    }
  }

  /**
   * Records a verified layer's events, atomically (temp file + rename): two runs at once never see half a
   * record. A layer whose kept files exceed the record limit is not cached (no copy of huge files).
   */
  async put(diffId: string, events: readonly LiveEvent[], warnings: readonly InventoryWarning[], size?: number): Promise<boolean> {
    const key = await this.macKey();
    if (!key) return false;
    let bytes = 0;
    for (const e of events) if (e.t === 'put' && e.content) bytes += e.content.length;
    if (bytes > this.maxRecordBytes) return false;
    const rec: LayerRecord = {
      v: 3,
      events: events.flatMap((e): LayerEvent[] =>
        e.t === 'meta' ? [] : e.t === 'put' ? [{ t: 'put', path: e.path, content: e.content ? e.content.toString('base64') : null }] : [e],
      ),
      warnings: [...warnings],
      ...(size !== undefined ? { size } : {}),
    };
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await fs.chmod(this.dir, 0o700).catch(() => undefined);
    const name = this.name(diffId);
    const f = path.join(this.dir, name);
    const body = JSON.stringify(rec);
    const tmp = `${f}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(tmp, `${this.mac(key, name, body).toString('hex')}\n${body}`, { flag: 'wx', mode: 0o600 });
    await fs.rename(tmp, f);
    await this.prune();
    return true;
  }

  /** Keeps the cache under its size: removes the least recently used records. */
  async prune(): Promise<void> {
    let entries: { f: string; size: number; mtime: number }[];
    try {
      entries = await Promise.all(
        (await fs.readdir(this.dir))
          .filter((n) => n.endsWith('.json'))
          .map(async (n) => {
            const st = await fs.lstat(path.join(this.dir, n));
            return { f: path.join(this.dir, n), size: st.size, mtime: st.mtimeMs };
          }),
      );
    } catch {
      return;
    }
    let total = entries.reduce((s, e) => s + e.size, 0);
    for (const e of entries.sort((a, b) => a.mtime - b.mtime)) {
      if (total <= this.maxBytes) break;
      await fs.rm(e.f, { force: true });
      total -= e.size;
    }
  }
}
