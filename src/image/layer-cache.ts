// What a layer contributes to an inventory, cached by its diff ID: the wanted files it puts, the whiteouts and
// opaque directories it applies. A second image sharing base layers replays them instead of reading the layers.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type LayerEvent =
  | { t: 'wh'; target: string }
  | { t: 'opq'; dir: string }
  | { t: 'put'; path: string; content: string | null }
  | { t: 'link'; path: string; target: string };

export interface LayerRecord {
  v: 1;
  events: LayerEvent[];
  warnings: string[];
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SWARMGUARD_CACHE_DIR) return path.join(env.SWARMGUARD_CACHE_DIR, 'layers');
  return path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'swarmguard', 'layers');
}

export class LayerCache {
  hits = 0;
  misses = 0;

  constructor(
    readonly dir: string,
    /** Identifies what was recorded (the analyzers and their versions): another salt, another entry. */
    private readonly salt: string,
    private readonly maxBytes = 512 * 1024 * 1024,
  ) {}

  private file(diffId: string): string {
    const h = createHash('sha256').update(`${diffId}\n${this.salt}`).digest('hex');
    return path.join(this.dir, `${h}.json`);
  }

  async get(diffId: string): Promise<LayerRecord | undefined> {
    const f = this.file(diffId);
    try {
      const rec = JSON.parse(await fs.readFile(f, 'utf8')) as LayerRecord;
      if (rec.v !== 1 || !Array.isArray(rec.events)) throw new Error('unknown record');
      const now = new Date();
      await fs.utimes(f, now, now).catch(() => undefined); // least recently used goes first
      this.hits += 1;
      return rec;
    } catch {
      this.misses += 1;
      return undefined;
    }
  }

  /** Writes the record atomically (temp file + rename), so two runs at once never see half a record. */
  async put(diffId: string, rec: LayerRecord): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const f = this.file(diffId);
    const tmp = `${f}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(rec));
    await fs.rename(tmp, f);
    await this.prune();
  }

  /** Keeps the cache under its size: removes the least recently used records. */
  async prune(): Promise<void> {
    let entries: { f: string; size: number; mtime: number }[] = [];
    try {
      entries = await Promise.all(
        (await fs.readdir(this.dir))
          .filter((n) => n.endsWith('.json'))
          .map(async (n) => {
            const st = await fs.stat(path.join(this.dir, n));
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
