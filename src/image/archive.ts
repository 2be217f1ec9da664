// Opens an image exported by `docker save` (the engine's stream or a tar file) or an OCI layout directory:
// the archive is spooled to a temporary directory (disk, not memory), then read by its manifest.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { InputError, UserError, errorMessage } from '../core/errors.js';
import { normalizeImagePath } from './paths.js';

export interface ImageConfig {
  architecture?: string;
  os?: string;
  config?: { User?: string; Env?: string[]; Labels?: Record<string, string>; Healthcheck?: { Test?: string[] } };
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: { created_by?: string; empty_layer?: boolean }[];
}

export interface ImageArchive {
  dir: string;
  configDigest: string;
  config: ImageConfig;
  repoTags: string[];
  layers: { file: string; diffId: string }[];
  /** The manifest digest, when the image came from a registry. */
  manifestDigest?: string;
  cleanup(): Promise<void>;
}

export async function tempDir(prefix: string): Promise<string> {
  const base = process.env.SWARMGUARD_TMPDIR ?? os.tmpdir();
  const dir = path.join(base, `${prefix}${randomBytes(6).toString('hex')}`);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Extracts the outer tar into `dir`: regular files only, names confined to `dir`. */
async function spool(stream: Readable, dir: string, label: string): Promise<void> {
  const extract = tar.extract();
  extract.on('entry', (header, entry, next) => {
    const name = normalizeImagePath(header.name);
    if (header.type !== 'file' || name === undefined || name === '') {
      entry.resume();
      entry.on('end', next);
      return;
    }
    const target = path.join(dir, name);
    fs.mkdir(path.dirname(target), { recursive: true })
      .then(() => pipeline(entry, createWriteStream(target, { mode: 0o600 })))
      .then(() => next(), (e: unknown) => next(e as Error));
  });
  try {
    await pipeline(stream, extract);
  } catch (e) {
    throw new UserError(`${label}: not a readable image archive (${errorMessage(e)})`, { hint: 'give a `docker save` tar, an OCI layout, or an image the engine has' });
  }
}

async function readJson(file: string, label: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new UserError(`${label}: ${path.basename(file)} is missing: not a docker save archive or OCI layout`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UserError(`${label}: ${path.basename(file)} is corrupt (${errorMessage(e)})`);
  }
}

const blob = (dir: string, digest: string, label: string): string => {
  const m = /^sha256:([a-f0-9]{64})$/.exec(digest);
  if (!m) throw new UserError(`${label}: bad digest "${digest}" in the manifest`);
  return path.join(dir, 'blobs', 'sha256', m[1]!);
};

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return `sha256:${h.digest('hex')}`;
}

/** Reads manifest.json (docker save, legacy and newer) or index.json (OCI layout) in an extracted archive. */
export async function readLayout(dir: string, label: string, cleanup: () => Promise<void>): Promise<ImageArchive> {
  let configFile: string;
  let layerFiles: string[];
  let repoTags: string[] = [];
  const hasManifest = await fs.stat(path.join(dir, 'manifest.json')).then(() => true, () => false);
  if (hasManifest) {
    const m = (await readJson(path.join(dir, 'manifest.json'), label)) as { Config?: string; RepoTags?: string[]; Layers?: string[] }[];
    const first = Array.isArray(m) ? m[0] : undefined;
    if (!first?.Config || !Array.isArray(first.Layers)) throw new UserError(`${label}: manifest.json has no image (Config/Layers)`);
    const conf = normalizeImagePath(first.Config);
    if (!conf) throw new UserError(`${label}: manifest.json points outside the archive`);
    configFile = path.join(dir, conf);
    layerFiles = first.Layers.map((l) => {
      const n = normalizeImagePath(l);
      if (!n) throw new UserError(`${label}: manifest.json points outside the archive`);
      return path.join(dir, n);
    });
    repoTags = first.RepoTags ?? [];
  } else {
    const index = (await readJson(path.join(dir, 'index.json'), label)) as { manifests?: { digest: string; mediaType?: string; annotations?: Record<string, string> }[] };
    const entry = index.manifests?.find((x) => !x.mediaType || /manifest/.test(x.mediaType)) ?? index.manifests?.[0];
    if (!entry) throw new UserError(`${label}: index.json lists no manifest`);
    let manifest = (await readJson(blob(dir, entry.digest, label), label)) as { manifests?: { digest: string; platform?: { architecture?: string; os?: string } }[]; config?: { digest: string }; layers?: { digest: string }[] };
    if (manifest.manifests) {
      const arch = process.arch === 'x64' ? 'amd64' : process.arch;
      const pick = manifest.manifests.find((x) => x.platform?.architecture === arch && x.platform.os === 'linux') ?? manifest.manifests[0];
      if (!pick) throw new UserError(`${label}: the image index has no manifest for linux/${arch}`);
      manifest = (await readJson(blob(dir, pick.digest, label), label)) as typeof manifest;
    }
    if (!manifest.config || !manifest.layers) throw new UserError(`${label}: the OCI manifest has no config or layers`);
    configFile = blob(dir, manifest.config.digest, label);
    layerFiles = manifest.layers.map((l) => blob(dir, l.digest, label));
    const name = entry.annotations?.['org.opencontainers.image.ref.name'];
    if (name) repoTags = [name];
  }
  const config = (await readJson(configFile, label)) as ImageConfig;
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== layerFiles.length) throw new UserError(`${label}: the config lists ${diffIds.length} layers, the manifest ${layerFiles.length}`);
  for (const f of layerFiles) {
    await fs.stat(f).catch(() => {
      throw new UserError(`${label}: layer ${path.relative(dir, f)} is missing from the archive (truncated?)`);
    });
  }
  return {
    dir,
    configDigest: await sha256File(configFile),
    config,
    repoTags,
    layers: layerFiles.map((file, i) => ({ file, diffId: diffIds[i]! })),
    cleanup,
  };
}

export async function openArchiveStream(stream: Readable, label: string): Promise<ImageArchive> {
  const dir = await tempDir('swarmguard-image-');
  const cleanup = () => fs.rm(dir, { recursive: true, force: true });
  try {
    await spool(stream, dir, label);
    return await readLayout(dir, label, cleanup);
  } catch (e) {
    await cleanup();
    throw e;
  }
}

export async function openArchiveFile(file: string): Promise<ImageArchive> {
  const st = await fs.stat(file).catch((e: unknown) => {
    throw new InputError(file, `cannot read: ${errorMessage(e)}`, { hint: 'give the path of a `docker save` tar or an OCI layout directory' });
  });
  if (st.isDirectory()) return readLayout(file, file, async () => undefined);
  return openArchiveStream(createReadStream(file), file);
}
