// Offline bundles: `db export` packs the DB and a manifest (sha256, schema, sources) into a .tar.gz; `db import` verifies and installs it.
import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { resolveOutputTarget } from '../core/atomic-write.js';
import { ExitCode, UserError, messageOf } from '../core/errors.js';
import { toolVersion } from '../core/version.js';
import { removeStaleTemps } from './build.js';
import { readHead } from './importers/index.js';
import { isGzip } from './importers/nvd.js';
import { acquireLock } from './lock.js';
import { SCHEMA_VERSION } from './schema.js';
import { VulnStore, type SourceStatus } from './store.js';
import { say } from './messages.js';
import { coreMessages } from '../core/messages.js';

export const BUNDLE_FORMAT = 'swarmguard-vulndb-bundle';

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: 1;
  schemaVersion: number;
  createdAt: string;
  createdBy: string;
  database: { name: 'vuln.db'; size: number; sha256: string };
  updatedAt?: string;
  sources: SourceStatus[];
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export async function exportBundle(dbPath: string, outFile: string): Promise<BundleManifest> {
  const store = VulnStore.open(dbPath, { readonly: true });
  let manifest: BundleManifest;
  try {
    const st = await fs.stat(dbPath);
    const updatedAt = store.getMeta('updated_at');
    manifest = {
      format: BUNDLE_FORMAT,
      formatVersion: 1,
      schemaVersion: store.schemaVersion(),
      createdAt: new Date().toISOString(),
      createdBy: `swarmguard ${toolVersion()}`,
      database: { name: 'vuln.db', size: st.size, sha256: await sha256File(dbPath) },
      ...(updatedAt !== undefined ? { updatedAt } : {}),
      sources: store.sources(),
    };
  } finally {
    store.close();
  }
  // The same output rules as every -o: links followed as the kernel would, a device or FIFO written
  // through (never replaced), a regular file replaced whole.
  const target = await resolveOutputTarget(outFile);
  if (target.kind !== 'file') {
    const sink = target.kind === 'stdout' ? process.stdout : (await fs.open(target.path, constants.O_WRONLY | constants.O_NOFOLLOW)).createWriteStream();
    const { pack, done } = packBundle(manifest, dbPath, sink);
    try {
      await done;
    } catch (e) {
      pack.destroy();
      throw e;
    }
    return manifest;
  }
  const out = target.path;
  // An unpredictable name, created exclusively: a file or symlink planted in the directory cannot be
  // written through.
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(12).toString('hex')}.tmp`);
  const fh = await fs.open(tmp, 'wx', target.mode ?? 0o644);
  const { pack, done } = packBundle(manifest, dbPath, fh.createWriteStream());
  try {
    await done;
    // On disk before it takes the final name, and the rename durable too.
    const synced = await fs.open(tmp, 'r');
    await synced.sync();
    await synced.close();
    await fs.rename(tmp, out);
    const dh = await fs.open(path.dirname(out), 'r').catch(() => undefined);
    await dh?.sync().catch(() => undefined);
    await dh?.close();
  } catch (e) {
    pack.destroy();
    await fh.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw e;
  }
  return manifest;
}

/** Writes the bundle (manifest, then the DB) gzipped into `sink`; `done` settles when all of it is written. */
function packBundle(manifest: BundleManifest, dbPath: string, sink: NodeJS.WritableStream): { pack: tar.Pack; done: Promise<void> } {
  const pack = tar.pack();
  const written = pipeline(pack, createGzip(), sink);
  written.catch(() => undefined); // awaited below; an early failure must not go unhandled meanwhile
  pack.entry({ name: 'manifest.json' }, `${JSON.stringify(manifest, null, 2)}\n`);
  const entryDone = new Promise<void>((resolve, reject) => {
    const entry = pack.entry({ name: 'vuln.db', size: manifest.database.size }, (err) => (err ? reject(err) : resolve()));
    createReadStream(dbPath).on('error', reject).pipe(entry);
  });
  const done = entryDone.then(async () => {
    pack.finalize();
    await written;
  });
  return { pack, done };
}

export async function isBundle(file: string): Promise<boolean> {
  const st = await fs.stat(file).catch(() => undefined);
  if (!st?.isFile()) return false;
  // A gzip whose content is a tar archive (`ustar` at offset 257): NVD feeds are gzip too.
  const head = await readHead(file, 512).catch(() => Buffer.alloc(0));
  return (await isGzip(file).catch(() => false)) && head.subarray(257, 262).toString('latin1') === 'ustar';
}

function parseManifest(text: string, file: string): BundleManifest {
  let m: Partial<BundleManifest>;
  try {
    m = JSON.parse(text) as Partial<BundleManifest>;
  } catch {
    throw new UserError(say('vulndb.bundle.notJson', { file }));
  }
  if (m.format !== BUNDLE_FORMAT || typeof m.database?.sha256 !== 'string' || typeof m.database.size !== 'number' || typeof m.schemaVersion !== 'number') {
    throw new UserError(say('vulndb.bundle.notBundle', { file }), { hint: say('vulndb.bundle.notBundle.hint') });
  }
  if (m.schemaVersion > SCHEMA_VERSION) {
    throw new UserError(say('vulndb.bundle.newer', { file, version: m.schemaVersion, max: SCHEMA_VERSION }), {
      hint: coreMessages.say('core.upgrade.hint'),
    });
  }
  return m as BundleManifest;
}

/** Verifies a bundle (manifest, size, sha256, schema) and installs its DB atomically. */
export async function importBundle(bundle: string, dbPath: string): Promise<BundleManifest> {
  const dir = path.dirname(dbPath);
  await fs.mkdir(dir, { recursive: true });
  const lock = await acquireLock(`${dbPath}.lock`);
  const tmp = path.join(dir, `.${path.basename(dbPath)}.${process.pid}.new`);
  try {
    await removeStaleTemps(dbPath);
    let manifest: BundleManifest | undefined;
    let gotDb = false;
    const hash = createHash('sha256');
    let size = 0;
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => {
      if (header.name === 'manifest.json') {
        const parts: Buffer[] = [];
        stream.on('data', (c: unknown) => parts.push(c as Buffer));
        stream.on('end', () => {
          try {
            manifest = parseManifest(Buffer.concat(parts).toString('utf8'), bundle);
            next();
          } catch (e) {
            next(e as Error);
          }
        });
      } else if (header.name === 'vuln.db') {
        if (!manifest) {
          stream.resume();
          next(new UserError(say('vulndb.bundle.order', { file: bundle })));
          return;
        }
        gotDb = true;
        const out = createWriteStream(tmp, { flags: 'wx' });
        stream.on('data', (c: unknown) => {
          hash.update(c as Buffer);
          size += (c as Buffer).length;
        });
        pipeline(stream, out).then(
          () => next(),
          (e: Error) => next(e),
        );
      } else {
        stream.resume();
        stream.on('end', () => next());
      }
    });
    try {
      await pipeline(createReadStream(bundle), createGunzip(), extract);
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(say('vulndb.bundle.unreadable', { file: bundle, error: messageOf(e) }), {
        hint: say('vulndb.bundle.unreadable.hint'),
        exitCode: ExitCode.USAGE,
      });
    }
    if (!manifest || !gotDb) throw new UserError(say('vulndb.bundle.incomplete', { file: bundle }));
    const m: BundleManifest = manifest;
    if (size !== m.database.size || hash.digest('hex') !== m.database.sha256) {
      throw new UserError(say('vulndb.bundle.checksum', { file: bundle }), { hint: say('vulndb.bundle.checksum.hint') });
    }
    VulnStore.open(tmp, { readonly: true }).close();
    await fs.rename(tmp, dbPath);
    return m;
  } finally {
    await fs.rm(tmp, { force: true });
    await lock.release();
  }
}
