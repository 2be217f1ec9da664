// Opens an image exported by `docker save` (the engine's stream or a tar file) or an OCI layout directory.
// - A tar file is indexed by its headers and each layer read in place: nothing is copied, and a layer the
//   cache knows is never read.
// - The engine's stream is read once: each layer is hashed and parsed as it passes (`readImageStream`).
// - An OCI layout directory is read without following symlinks: only regular files inside it count.
import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream, promises as fs, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { z } from 'zod';
import { InputError, UserError, messageOf } from '../core/errors.js';
import { listMessage, type MessageValue } from '../core/message.js';
import { platformName, type ImageIdKind } from '../engine/models.js';
import { pickImage } from './archive-names.js';
import { say } from './messages.js';
import { normalizeImagePath } from './paths.js';
import {
  ByteBudget,
  DEFAULT_LIMITS,
  completeLinks,
  layerDigestMismatch,
  readLayer,
  stopReason,
  type LayerRead,
  type LayerSource,
  type ReadOptions,
} from './walker.js';

export interface ImageConfig {
  architecture?: string;
  os?: string;
  config?: { User?: string; Env?: string[]; Labels?: Record<string, string>; Healthcheck?: { Test?: string[] } };
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: { created_by?: string; empty_layer?: boolean }[];
}

export interface ArchiveLayer extends LayerSource {
  /** Bytes of the layer as stored (compressed or not). */
  size: number;
}

/**
 * Which image an archive holds, each digest kept apart: the config digest (the image ID of Engine 20.10 and of the
 * overlay2 store), the manifest digest and, for a multi-platform image, the index digest (what the containerd image
 * store calls the image ID) and the platform read from it.
 */
export interface ImageIdentity {
  configDigest: string;
  /** The manifest read, when the archive names one (an OCI layout, Engine 25+'s `docker save`, a registry). */
  manifestDigest?: string;
  /** The index the manifest was picked from (a multi-platform image). */
  indexDigest?: string;
  /** The platform picked from the index (`linux/arm64/v8`). */
  platform?: string;
}

export interface ImageArchive extends ImageIdentity {
  config: ImageConfig;
  repoTags: string[];
  layers: ArchiveLayer[];
  cleanup(): Promise<void>;
}

/**
 * True when `archive` is the image the engine named `id`: the ID is compared with the archive's digest of the same
 * kind. An index ID also matches an archive that holds one of the index's platform manifests (`platformManifests`, as
 * the engine lists them), since an export for one platform carries that manifest and not the index. When the engine
 * does not say what its ID is (the containerd store before API 1.48), any of the archive's digests may match: each is
 * a hash over content that includes the config.
 */
export function sameImage(archive: ImageIdentity, id: string, kind: ImageIdKind, platformManifests: readonly string[] = []): boolean {
  switch (kind) {
    case 'config':
      return archive.configDigest === id;
    case 'manifest':
      return archive.manifestDigest === id;
    case 'index':
      return archive.indexDigest === id || (archive.manifestDigest !== undefined && platformManifests.includes(archive.manifestDigest));
    case 'unknown':
      return archive.configDigest === id || archive.manifestDigest === id || archive.indexDigest === id;
  }
}

/** The digest of `archive` that is of the kind of the engine's ID, for messages ("sha256:abc… became sha256:def…"). */
export function digestOfKind(archive: ImageIdentity, kind: ImageIdKind): string {
  if (kind === 'manifest') return archive.manifestDigest ?? archive.configDigest;
  if (kind === 'index') return archive.indexDigest ?? archive.manifestDigest ?? archive.configDigest;
  return archive.configDigest;
}

/** This host's platform as OCI names it (`linux/amd64`, `linux/arm64`). */
export function hostPlatform(): string {
  const arch = ({ x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[
    process.arch
  ];
  return `linux/${arch ?? process.arch}`;
}

/** The cleanup of an archive that holds no temporary files. */
export const nothingToClean = (): Promise<void> => Promise.resolve();

/** JSON documents of an archive (manifests, configs) are small; a larger one is refused, not read. */
const MAX_JSON_BYTES = 8 * 1024 * 1024;

export async function tempDir(prefix: string): Promise<string> {
  const base = process.env.SWARMGUARD_TMPDIR ?? os.tmpdir();
  const dir = path.join(base, `${prefix}${randomBytes(6).toString('hex')}`);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Where an archive's named files are: a directory (the user's OCI layout, or our spool) or an indexed tar. */
interface Store {
  has(name: string): Promise<boolean>;
  bytes(name: string, max: number): Promise<Buffer>;
  layer(name: string): Promise<{ size: number; file?: string; open: () => Promise<Readable> }>;
}

/** Opens `rel` under `root` without following any symlink: every component must be a real directory or file. */
async function openInside(root: string, rel: string, label: MessageValue): Promise<{ handle: FileHandle; stat: Stats }> {
  const parts = rel.split('/');
  let cur = root;
  let last: Stats | undefined;
  for (let k = 0; k < parts.length; k++) {
    cur = path.join(cur, parts[k]!);
    last = await fs.lstat(cur);
    if (k < parts.length - 1 && !last.isDirectory())
      throw new UserError(say(last.isSymbolicLink() ? 'image.layout.symlink' : 'image.layout.notDirectory', { label, path: parts.slice(0, k + 1).join('/') }));
  }
  if (!last!.isFile()) throw new UserError(say(last!.isSymbolicLink() ? 'image.layout.symlink' : 'image.layout.notFile', { label, path: rel }));
  const handle = await fs.open(cur, constants.O_RDONLY | constants.O_NOFOLLOW);
  const stat = await handle.stat();
  if (stat.ino !== last!.ino || stat.dev !== last!.dev) {
    await handle.close();
    throw new UserError(say('image.layout.changed', { label, path: rel }));
  }
  return { handle, stat };
}

function dirStore(root: string, label: MessageValue): Store {
  const missing = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ENOENT';
  return {
    async has(name) {
      return fs.lstat(path.join(root, name)).then(
        () => true,
        () => false,
      );
    },
    async bytes(name, max) {
      const { handle, stat } = await openInside(root, name, label);
      try {
        if (stat.size > max) throw new UserError(say('image.archive.metadataSize', { label, name, size: stat.size, max }));
        return await handle.readFile();
      } finally {
        await handle.close();
      }
    },
    async layer(name) {
      const { handle, stat } = await openInside(root, name, label).catch((e: unknown) => {
        if (missing(e)) throw new UserError(say('image.archive.layerMissing', { label, name }));
        throw e;
      });
      await handle.close();
      return {
        size: stat.size,
        open: async () => (await openInside(root, name, label)).handle.createReadStream({ highWaterMark: 1024 * 1024 }),
      };
    },
  };
}

export interface TarEntry {
  offset: number;
  size: number;
}

/**
 * `docker save` stores a layer that two images (or two places in one image) share once, and links the other
 * `layer.tar` to it with a relative symlink. Resolves such a link inside the archive, never outside.
 */
function linkTarget(name: string, linkname: string): string | undefined {
  const base = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
  return normalizeImagePath(linkname.startsWith('/') ? linkname : `${base}/${linkname}`);
}

/** Parses an octal or base-256 numeric tar field. */
function tarNumber(b: Buffer, start: number, len: number): number {
  if (b[start]! & 0x80) {
    let n = 0;
    for (let k = start + 1; k < start + len; k++) n = n * 256 + b[k]!;
    return n;
  }
  const s = b
    .toString('latin1', start, start + len)
    .replace(/[\0 ].*$/s, '')
    .trim();
  return s === '' ? 0 : parseInt(s, 8);
}

/** The bytes of one entry of an indexed tar file, read at its offset (the caller bounds its size). */
export async function readTarEntry(file: string, e: TarEntry): Promise<Buffer> {
  const h = await fs.open(file, 'r');
  try {
    const b = Buffer.alloc(e.size);
    await h.read(b, 0, e.size, e.offset);
    return b;
  } finally {
    await h.close();
  }
}

/**
 * Indexes a tar file by reading its headers only (ustar, pax `path`/`size`, GNU long names): the data of each
 * regular file is found by offset, never copied.
 */
export async function indexTar(file: string, label: MessageValue, maxEntries = 100_000): Promise<Map<string, TarEntry>> {
  const h = await fs.open(file, 'r');
  const out = new Map<string, TarEntry>();
  const links = new Map<string, string>();
  try {
    const size = (await h.stat()).size;
    const block = Buffer.alloc(512);
    let offset = 0;
    let longName: string | undefined;
    let pax: Record<string, string> = {};
    for (let n = 0; ; n++) {
      if (n > maxEntries) throw new UserError(say('image.archive.tooManyEntries', { label, max: maxEntries }));
      if (offset + 512 > size) throw new UserError(say('image.archive.truncated', { label }), { hint: say('image.archive.give.hint') });
      await h.read(block, 0, 512, offset);
      if (block.every((b) => b === 0)) break;
      let sum = 0;
      for (let k = 0; k < 512; k++) sum += k >= 148 && k < 156 ? 32 : block[k]!;
      if (sum !== tarNumber(block, 148, 8)) throw new UserError(say('image.archive.badHeader', { label, offset }), { hint: say('image.archive.give.hint') });
      const type = String.fromCharCode(block[156]!);
      let entrySize = tarNumber(block, 124, 12);
      if (pax.size !== undefined && /^\d+$/.test(pax.size)) entrySize = Number(pax.size);
      const data = offset + 512;
      if (data + entrySize > size) throw new UserError(say('image.archive.truncated', { label }));
      const next = data + Math.ceil(entrySize / 512) * 512;
      if (type === 'x' || type === 'g' || type === 'L') {
        if (entrySize > 1024 * 1024) throw new UserError(say('image.archive.bigHeader', { label, size: entrySize }));
        const body = Buffer.alloc(entrySize);
        await h.read(body, 0, entrySize, data);
        if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
        else if (type === 'x') pax = parsePax(body);
        offset = next;
        continue;
      }
      const ustar = block.toString('latin1', 257, 262) === 'ustar';
      const prefix = ustar ? block.toString('utf8', 345, 500).replace(/\0.*$/s, '') : '';
      const short = block.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const name = pax.path ?? longName ?? (prefix ? `${prefix}/${short}` : short);
      const norm = normalizeImagePath(name);
      if ((type === '0' || type === '\0' || type === '7') && norm) out.set(norm, { offset: data, size: entrySize });
      else if ((type === '2' || type === '1') && norm) {
        const target = linkTarget(norm, pax.linkpath ?? block.toString('utf8', 157, 257).replace(/\0.*$/s, ''));
        if (target) links.set(norm, target);
      }
      longName = undefined;
      pax = {};
      offset = next;
    }
  } finally {
    await h.close();
  }
  for (const [name, target] of links) {
    const e = out.get(target);
    if (e && !out.has(name)) out.set(name, e);
  }
  return out;
}

function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < body.length) {
    const sp = body.indexOf(0x20, at);
    if (sp < 0) break;
    const len = parseInt(body.toString('latin1', at, sp), 10);
    if (!(len > 0) || at + len > body.length) break;
    const rec = body.toString('utf8', sp + 1, at + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    at += len;
  }
  return out;
}

function tarStore(file: string, index: Map<string, TarEntry>, label: MessageValue): Store {
  const entry = (name: string): TarEntry | undefined => index.get(name);
  const read = (e: TarEntry): Readable => createReadStream(file, { start: e.offset, end: e.offset + e.size - 1, highWaterMark: 1024 * 1024 });
  return {
    has: (name) => Promise.resolve(index.has(name)),
    async bytes(name, max) {
      const e = entry(name);
      if (!e) throw Object.assign(new Error(`${name} is missing`), { code: 'ENOENT' });
      if (e.size > max) throw new UserError(say('image.archive.metadataSize', { label, name, size: e.size, max }));
      return readTarEntry(file, e);
    },
    layer(name) {
      const e = entry(name);
      if (!e) return Promise.reject(new UserError(say('image.archive.layerMissing', { label, name })));
      return Promise.resolve({ size: e.size, open: () => Promise.resolve(e.size === 0 ? Readable.from([]) : read(e)) });
    },
  };
}

async function readJson(store: Store, name: string, label: MessageValue): Promise<{ value: unknown; bytes: Buffer }> {
  let bytes: Buffer;
  try {
    bytes = await store.bytes(name, MAX_JSON_BYTES);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(say('image.archive.fileMissing', { label, name: path.basename(name) }));
  }
  try {
    return { value: JSON.parse(bytes.toString('utf8')) as unknown, bytes };
  } catch (e) {
    throw new UserError(say('image.archive.corrupt', { label, name: path.basename(name), error: messageOf(e) }));
  }
}

const blobName = (digest: string, label: MessageValue): string => {
  const m = /^sha256:([a-f0-9]{64})$/.exec(digest);
  if (!m) throw new UserError(say('image.archive.badDigest', { label, digest }));
  return `blobs/sha256/${m[1]!}`;
};

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

interface Layout {
  configName: string;
  layerNames: string[];
  repoTags: string[];
  /** What index.json says about the image, when the archive has one. */
  manifestDigest?: string;
  indexDigest?: string;
  platform?: string;
}

const digestString = z.string().regex(/^sha256:[a-f0-9]{64}$/, 'a sha256 digest');
const PlatformSchema = z.looseObject({ os: z.string().default(''), architecture: z.string().default(''), variant: z.string().optional() });
const OciDescriptorSchema = z.looseObject({
  mediaType: z.string().default(''),
  digest: digestString,
  platform: PlatformSchema.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
type OciDescriptor = z.infer<typeof OciDescriptorSchema>;
/** An OCI index (index.json, or a multi-platform image's index) or an image manifest: whichever fields it has. */
const OciDocumentSchema = z.looseObject({
  mediaType: z.string().optional(),
  manifests: z.array(OciDescriptorSchema).max(10_000).optional(),
  config: z.looseObject({ digest: digestString }).optional(),
  layers: z
    .array(z.looseObject({ digest: digestString }))
    .max(10_000)
    .optional(),
});
type OciDocument = z.infer<typeof OciDocumentSchema>;

async function readOci(store: Store, name: string, label: MessageValue): Promise<{ doc: OciDocument; digest: string }> {
  const { value, bytes } = await readJson(store, name, label);
  const r = OciDocumentSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const detail = issue ? say('image.archive.notOci.at', { path: issue.path.join('.'), problem: issue.message }) : say('image.archive.notOci.shape');
    throw new UserError(say('image.archive.notOci', { label, name: path.basename(name), detail }));
  }
  return { doc: r.data, digest: sha256(bytes) };
}

/** Attestations (provenance, SBOMs) sit in an index as manifests of platform unknown/unknown. */
const isAttestation = (d: OciDescriptor): boolean =>
  d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' || d.platform?.os === 'unknown' || d.platform?.architecture === 'unknown';

/**
 * The manifest of `want` (`os/arch[/variant]`) among an index's entries whose blobs the archive has: the exact
 * platform, else the same os/arch when the variant is left open on either side. An export of one platform of a
 * multi-platform image lists every platform but carries the blobs of one.
 */
async function pickPlatform(store: Store, entries: OciDescriptor[], want: string, label: MessageValue): Promise<OciDescriptor> {
  const images = entries.filter((d) => !isAttestation(d));
  const present: OciDescriptor[] = [];
  for (const d of images) if (await store.has(blobName(d.digest, label))) present.push(d);
  const [os, arch, variant] = want.split('/');
  const pick =
    present.find((d) => d.platform && platformName(d.platform) === want) ??
    present.find(
      (d) =>
        d.platform !== undefined && d.platform.os === os && d.platform.architecture === arch && (variant === undefined || d.platform.variant === undefined),
    ) ??
    (present.length === 1 && present[0]!.platform === undefined ? present[0] : undefined);
  if (!pick)
    throw new UserError(say('image.archive.noPlatform', { label, platform: want }), {
      hint: say('image.archive.noPlatform.hint', {
        platforms: present.length
          ? listMessage(present.map((d) => (d.platform ? platformName(d.platform) : 'unknown')))
          : say('image.archive.noPlatformManifest'),
        platform: want,
      }),
    });
  return pick;
}

/** Follows an index.json entry to an image manifest: directly, or through a multi-platform index. */
async function resolveEntry(
  store: Store,
  entry: OciDescriptor,
  want: string,
  label: MessageValue,
  depth = 0,
): Promise<{ manifest: OciDocument; manifestDigest: string; indexDigest?: string; platform?: string }> {
  const read = await readOci(store, blobName(entry.digest, label), label);
  if (read.digest !== entry.digest)
    throw new UserError(say('image.archive.blobDigest', { label, digest: entry.digest, actual: read.digest }), { hint: say('image.archive.tampered.hint') });
  if (read.doc.manifests) {
    if (depth > 2) throw new UserError(say('image.archive.nestedTooDeep', { label }));
    const pick = await pickPlatform(store, read.doc.manifests, want, label);
    const inner = await resolveEntry(store, pick, want, label, depth + 1);
    return { ...inner, indexDigest: read.digest, ...(pick.platform ? { platform: platformName(pick.platform) } : {}) };
  }
  if (!read.doc.config || !read.doc.layers) throw new UserError(say('image.archive.ociNoConfig', { label }));
  return { manifest: read.doc, manifestDigest: read.digest, ...(entry.platform ? { platform: platformName(entry.platform) } : {}) };
}

/** The images index.json lists (an OCI layout; Engine 25+ writes one beside manifest.json), each followed to its manifest. */
async function ociImages(store: Store, want: string, label: MessageValue): Promise<(Layout & { configDigest: string })[]> {
  const index = (await readOci(store, 'index.json', label)).doc;
  const entries = (index.manifests ?? []).filter((d) => !isAttestation(d));
  if (entries.length === 0) throw new UserError(say('image.archive.indexEmpty', { label }));
  const out: (Layout & { configDigest: string })[] = [];
  for (const entry of entries) {
    const r = await resolveEntry(store, entry, want, label);
    const name = entry.annotations?.['io.containerd.image.name'] ?? entry.annotations?.['org.opencontainers.image.ref.name'];
    out.push({
      configDigest: r.manifest.config!.digest,
      configName: blobName(r.manifest.config!.digest, label),
      layerNames: r.manifest.layers!.map((l) => blobName(l.digest, label)),
      repoTags: name ? [name] : [],
      manifestDigest: r.manifestDigest,
      ...(r.indexDigest ? { indexDigest: r.indexDigest } : {}),
      ...(r.platform ? { platform: r.platform } : {}),
    });
  }
  return out;
}

/**
 * Every image of the archive: manifest.json (docker save, legacy and newer, several images) or index.json (an OCI
 * layout; Engine 25+'s `docker save` writes both, and some writers index.json alone). When both are there,
 * index.json gives each image's manifest and index digests (matched by config), which manifest.json does not have.
 */
async function findLayouts(store: Store, label: MessageValue, want = hostPlatform()): Promise<Layout[]> {
  const hasIndex = await store.has('index.json');
  if (await store.has('manifest.json')) {
    const m = (await readJson(store, 'manifest.json', label)).value as { Config?: unknown; RepoTags?: unknown; Layers?: unknown }[];
    if (!Array.isArray(m) || m.length === 0) throw new UserError(say('image.archive.manifestNoImage', { label }));
    const inside = (p: unknown): string => {
      const n = typeof p === 'string' ? normalizeImagePath(p) : undefined;
      if (!n) throw new UserError(say('image.archive.manifestOutside', { label }));
      return n;
    };
    const oci = new Map<string, Layout>();
    if (hasIndex)
      for (const l of await ociImages(store, want, label).catch((e: unknown) => {
        // A manifest.json image is still readable; only its manifest and index digests stay unknown.
        if (e instanceof UserError && (e.text.id === 'image.archive.noPlatform' || e.text.id === 'image.archive.indexEmpty')) return [];
        throw e;
      }))
        oci.set(l.configName, l);
    return m.map((entry) => {
      if (typeof entry?.Config !== 'string' || !Array.isArray(entry.Layers)) throw new UserError(say('image.archive.manifestNoImage', { label }));
      const configName = inside(entry.Config);
      const known = oci.get(configName);
      return {
        configName,
        layerNames: entry.Layers.map(inside),
        repoTags: Array.isArray(entry.RepoTags) ? entry.RepoTags.filter((t): t is string => typeof t === 'string') : [],
        ...(known?.manifestDigest ? { manifestDigest: known.manifestDigest } : {}),
        ...(known?.indexDigest ? { indexDigest: known.indexDigest } : {}),
        ...(known?.platform ? { platform: known.platform } : {}),
      };
    });
  }
  if (!hasIndex) throw new UserError(say('image.archive.notArchive', { label }));
  return ociImages(store, want, label);
}

async function readConfig(store: Store, layout: Layout, label: MessageValue): Promise<{ config: ImageConfig; configDigest: string; diffIds: string[] }> {
  const { value, bytes } = await readJson(store, layout.configName, label);
  const config = value as ImageConfig;
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== layout.layerNames.length)
    throw new UserError(say('image.layerCount', { label, config: diffIds.length, manifest: layout.layerNames.length }));
  for (const d of diffIds) if (typeof d !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(d)) throw new UserError(say('image.archive.badDiffId', { label }));
  return { config, configDigest: sha256(bytes), diffIds };
}

/** The identity fields of a layout, for an ImageArchive. */
const identityOf = (layout: Layout): Omit<ImageIdentity, 'configDigest'> => ({
  ...(layout.manifestDigest ? { manifestDigest: layout.manifestDigest } : {}),
  ...(layout.indexDigest ? { indexDigest: layout.indexDigest } : {}),
  ...(layout.platform ? { platform: layout.platform } : {}),
});

async function readStore(store: Store, label: MessageValue, cleanup: () => Promise<void>, want?: string, name?: string): Promise<ImageArchive> {
  const layouts = await findLayouts(store, label, want);
  const layout = layouts[pickImage(layouts, name, label)]!;
  const { config, configDigest, diffIds } = await readConfig(store, layout, label);
  const layers: ArchiveLayer[] = [];
  for (let i = 0; i < diffIds.length; i++) {
    const l = await store.layer(layout.layerNames[i]!);
    layers.push({ diffId: diffIds[i]!, size: l.size, open: l.open, ...(l.file ? { file: l.file } : {}) });
  }
  return { configDigest, ...identityOf(layout), config, repoTags: layout.repoTags, layers, cleanup };
}

/** Reads an extracted archive or an OCI layout directory (no symlinks followed inside it). */
export async function readLayout(dir: string, label: MessageValue, cleanup: () => Promise<void>, want?: string, name?: string): Promise<ImageArchive> {
  return readStore(dirStore(dir, label), label, cleanup, want, name);
}

/** Extracts the outer tar into `dir`: regular files only, names confined to `dir`. */
async function spool(stream: Readable, dir: string, label: MessageValue): Promise<void> {
  const extract = tar.extract();
  const links = new Map<string, string>();
  extract.on('entry', (header, entry, next) => {
    const name = normalizeImagePath(header.name);
    if ((header.type === 'symlink' || header.type === 'link') && name && header.linkname) {
      const target = linkTarget(name, header.linkname);
      if (target) links.set(name, target);
    }
    if (header.type !== 'file' || name === undefined || name === '') {
      entry.resume();
      entry.on('end', next);
      return;
    }
    const target = path.join(dir, name);
    fs.mkdir(path.dirname(target), { recursive: true })
      .then(() => pipeline(entry, createWriteStream(target, { mode: 0o600 })))
      .then(
        () => next(),
        (e: unknown) => next(e as Error),
      );
  });
  try {
    await pipeline(stream, extract);
  } catch (e) {
    throw new UserError(say('image.archive.unreadable', { label, error: messageOf(e) }), { hint: say('image.archive.give.hint') });
  }
  for (const [name, target] of links) {
    const to = path.join(dir, name);
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.link(path.join(dir, target), to).catch(() => undefined);
  }
}

/** Spools a `docker save` stream to a private temp directory (for callers that read layers more than once). */
export async function openArchiveStream(stream: Readable, label: MessageValue, want?: string): Promise<ImageArchive> {
  const dir = await tempDir('swarmguard-image-');
  const cleanup = () => fs.rm(dir, { recursive: true, force: true });
  try {
    await spool(stream, dir, label);
    return await readLayout(dir, label, cleanup, want);
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** A `docker save` tar (indexed in place) or an OCI layout directory; `name` picks one of several images. */
export async function openArchiveFile(file: string, name?: string, label: MessageValue = file): Promise<ImageArchive> {
  const st = await fs.stat(file).catch((e: unknown) => {
    throw new InputError(file, say('image.input.cannotRead', { error: messageOf(e) }), { hint: say('image.input.archivePath.hint') });
  });
  if (st.isDirectory()) return readLayout(file, label, nothingToClean, undefined, name);
  return readStore(tarStore(file, await indexTar(file, label), label), label, nothingToClean, undefined, name);
}

/** What a one-pass read of a stream gives: the images, each layer already read and verified. */
export interface StreamedImages {
  /** By config digest (the image ID), in manifest order. */
  images: Map<string, ImageArchive>;
  /** Diff IDs of the layers parsed, once each. */
  layersRead: string[];
}

/** What one pass over a `docker save` stream keeps: small files (manifests, configs) as bytes, each layer read. */
interface StreamPass {
  small: Map<string, Buffer>;
  reads: Map<string, LayerRead>;
  /** `layer.tar` links to a layer stored once, by name. */
  links: Map<string, string>;
}

/**
 * Reads the stream's entries once: each layer is parsed as it passes (or only hashed when the cache has a layer of
 * its size), small files are kept, links noted. A layer of a cached size but other content stops with SizeCollision.
 */
async function passOver(
  stream: Readable,
  label: MessageValue,
  options: ReadOptions,
  budget: ByteBudget,
  cachedBySize: ReadonlyMap<number, ReadonlySet<string>> | undefined,
): Promise<StreamPass> {
  const pass: StreamPass = { small: new Map(), reads: new Map(), links: new Map() };
  let smallBytes = 0;
  let index = 0;
  const extract = tar.extract();
  extract.on('entry', (header, entry, next) => {
    entry.on('error', () => undefined);
    const name = normalizeImagePath(header.name);
    const size = header.size ?? 0;
    const skip = (): void => {
      entry.on('end', next);
      entry.resume();
    };
    if ((header.type === 'symlink' || header.type === 'link') && name && header.linkname) {
      const target = linkTarget(name, header.linkname);
      if (target) pass.links.set(name, target);
      return skip();
    }
    if (header.type !== 'file' || !name) return skip();
    const isLayer = name.endsWith('/layer.tar') || (name.startsWith('blobs/sha256/') && size > MAX_JSON_BYTES);
    const known = cachedBySize?.get(size);
    if (isLayer && known) {
      // Hash only; a digest the cache does not know means a layer of the same size that must be read after all.
      const hash = createHash('sha256');
      entry.on('data', (c: unknown) => hash.update(c as Buffer));
      entry.on('end', () => {
        const digest = `sha256:${hash.digest('hex')}`;
        if (!known.has(digest)) return next(new SizeCollision());
        pass.reads.set(name, { digest, size, events: [], warnings: [], unresolvedLinks: [], hashedOnly: true });
        next();
      });
      return;
    }
    if (isLayer) {
      readLayer(Readable.from(entry), index++, undefined, options, budget).then(
        (r) => {
          pass.reads.set(name, r);
          next();
        },
        (e: unknown) => next(e as Error),
      );
      return;
    }
    if (size > MAX_JSON_BYTES || smallBytes + size > 8 * MAX_JSON_BYTES) return skip();
    smallBytes += size;
    const chunks: Buffer[] = [];
    entry.on('data', (c: unknown) => chunks.push(c as Buffer));
    entry.on('end', () => {
      pass.small.set(name, Buffer.concat(chunks));
      next();
    });
  });
  try {
    options.signal?.throwIfAborted();
    await pipeline(stream, extract, options.signal ? { signal: options.signal } : {});
  } catch (e) {
    stream.destroy();
    if (options.signal?.aborted) throw stopReason(options.signal);
    if (e instanceof UserError || e instanceof SizeCollision) throw e;
    throw new UserError(say('image.archive.unreadable', { label, error: messageOf(e) }), { hint: say('image.archive.give.hint') });
  }
  return pass;
}

/** A pass's files as a store: names resolved through the links; layers are not there to be read again. */
function passStore(pass: StreamPass, label: MessageValue): { store: Store; resolve: (name: string) => string } {
  const resolve = (name: string): string => (pass.reads.has(name) || pass.small.has(name) ? name : (pass.links.get(name) ?? name));
  const store: Store = {
    has(name) {
      const n = resolve(name);
      return Promise.resolve(pass.small.has(n) || pass.reads.has(n));
    },
    bytes(name, max) {
      const b = pass.small.get(resolve(name));
      if (!b) return Promise.reject(Object.assign(new Error(`${name} is missing`), { code: 'ENOENT' }));
      if (b.length > max) return Promise.reject(new UserError(say('image.archive.metadataOver', { label, name, max })));
      return Promise.resolve(b);
    },
    layer: (name) => Promise.reject(new UserError(say('image.archive.streamOnce', { label, name }))),
  };
  return { store, resolve };
}

/**
 * Reads a `docker save` stream once, without spooling: every layer is hashed and parsed as it passes (its
 * position in an image is only known from manifest.json, which comes last), then matched to the configs' diff
 * IDs. A layer whose digest does not match is refused, as when reading from a file. The stream may hold
 * several images (`docker save a b`): a layer they share is in it, and read, once.
 */
export async function readImagesStream(
  stream: Readable,
  label: MessageValue,
  options: ReadOptions,
  budget = new ByteBudget(options.maxTotalBytes ?? DEFAULT_LIMITS.maxTotalBytes),
  /** Layers the cache has, by their tar size: a layer of such a size is only hashed, and parsed only if it is not one of them. */
  cachedBySize?: ReadonlyMap<number, ReadonlySet<string>>,
  /** The platform to read from a multi-platform image (default: this host's). */
  want?: string,
): Promise<StreamedImages> {
  const pass = await passOver(stream, label, options, budget, cachedBySize);
  const { store, resolve } = passStore(pass, label);
  const images = new Map<string, ImageArchive>();
  const byName = new Map<string, LayerRead>();
  for (const layout of await findLayouts(store, label, want)) {
    const { config, configDigest, diffIds } = await readConfig(store, layout, label);
    const layers: ArchiveLayer[] = [];
    for (let i = 0; i < diffIds.length; i++) {
      const name = resolve(layout.layerNames[i]!);
      const diffId = diffIds[i]!;
      let r = byName.get(name);
      if (!r) {
        // A small layer blob was kept as bytes: read it now.
        const small = pass.small.get(name);
        r = pass.reads.get(name) ?? (small ? await readLayer(Readable.from([small]), i, diffId, options, budget) : undefined);
        if (!r) throw new UserError(say('image.archive.layerMissing', { label, name: layout.layerNames[i]! }));
        if (r.digest !== diffId) throw layerDigestMismatch(i, r.digest, diffId);
        r = await completeLinks(r, i, options, budget, undefined);
        byName.set(name, r);
      } else if (r.digest !== diffId) throw layerDigestMismatch(i, r.digest, diffId);
      layers.push({ diffId, size: r.size, read: r });
    }
    images.set(configDigest, { configDigest, ...identityOf(layout), config, repoTags: layout.repoTags, layers, cleanup: nothingToClean });
  }
  return { images, layersRead: [...new Set([...byName.values()].filter((r) => !r.hashedOnly).map((r) => r.digest))] };
}

/** A layer had the size of a cached one but other content: the stream must be read again, parsing every layer. */
export class SizeCollision extends Error {
  constructor() {
    super('a layer has the size of a cached layer but not its content');
  }
}

/** The cached layers by tar size, from their records. */
export function cachedSizes(records: ReadonlyMap<string, { size?: number } | undefined>): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const [d, rec] of records) if (rec?.size !== undefined) out.set(rec.size, (out.get(rec.size) ?? new Set()).add(d));
  return out;
}

/** One image from a `docker save` stream, read in one pass (see `readImagesStream`). */
export async function readImageStream(
  stream: Readable,
  label: MessageValue,
  options: ReadOptions,
  budget?: ByteBudget,
  cachedBySize?: ReadonlyMap<number, ReadonlySet<string>>,
  want?: string,
): Promise<{ archive: ImageArchive }> {
  const { images } = await readImagesStream(stream, label, options, budget, cachedBySize, want);
  return { archive: [...images.values()][0]! };
}
