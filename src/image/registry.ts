// An image straight from a registry (Registry HTTP API v2): credentials from ~/.docker/config.json,
// bearer tokens from the WWW-Authenticate challenge, manifest lists by platform, every blob verified.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EngineError, UserError, messageOf } from '../core/errors.js';
import { listMessage, type MessageValue } from '../core/message.js';
import { webChunks, webToNodeReadable } from '../engine/streams.js';
import { tempDir, type ImageArchive, type ImageConfig } from './archive.js';
import { manifestReference, parseImageReference, registryApiHost } from '../core/image-reference.js';
import { say } from './messages.js';

export interface ImageRef {
  registry: string;
  repository: string;
  /** A tag or a digest. */
  reference: string;
}

/** docker.io conventions: "nginx" → registry-1.docker.io/library/nginx:latest; `name:tag@digest` fetches the digest. */
export function parseImageRef(ref: string): ImageRef {
  const parsed = parseImageReference(ref);
  return { registry: registryApiHost(parsed), repository: parsed.repository, reference: manifestReference(parsed) };
}

type Auth = { basic?: string; bearer?: string };

/** Asks a docker credential helper (`docker-credential-NAME get`, the server on stdin) for a login. */
function credentialHelper(name: string, server: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile(`docker-credential-${name}`, ['get'], { env, timeout: 10_000 }, (err, stdout) => {
      if (err) return resolve(undefined);
      try {
        const c = JSON.parse(stdout) as { Username?: string; Secret?: string };
        resolve(c.Username && c.Secret ? Buffer.from(`${c.Username}:${c.Secret}`).toString('base64') : undefined);
      } catch {
        resolve(undefined);
      }
    }).stdin?.end(server);
  });
}

/** Credentials for a registry from the docker client's config ($DOCKER_CONFIG/config.json): credHelpers, credsStore, auths. */
export async function dockerConfigAuth(registry: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const file = path.join(env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker'), 'config.json');
  let cfg: { auths?: Record<string, { auth?: string; username?: string; password?: string }>; credHelpers?: Record<string, string>; credsStore?: string };
  try {
    cfg = JSON.parse(await fs.readFile(file, 'utf8')) as typeof cfg;
  } catch {
    return undefined;
  }
  const keys =
    registry === 'registry-1.docker.io'
      ? ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io']
      : [registry, `https://${registry}`, `http://${registry}`];
  for (const k of keys) {
    const helper = cfg.credHelpers?.[k];
    if (helper) return credentialHelper(helper, k, env);
  }
  if (cfg.credsStore) {
    const fromStore = await credentialHelper(cfg.credsStore, keys[0]!, env);
    if (fromStore) return fromStore;
  }
  for (const k of keys) {
    const a = cfg.auths?.[k];
    if (a?.auth) return a.auth;
    if (a?.username && a.password) return Buffer.from(`${a.username}:${a.password}`).toString('base64');
  }
  return undefined;
}

/** Parses `Bearer realm="…",service="…",scope="…"`. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const m = /^(\w+)\s*(.*)$/.exec(header.trim());
  const params: Record<string, string> = {};
  for (const p of (m?.[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) params[p[1]!.toLowerCase()] = p[2]!;
  return { scheme: (m?.[1] ?? '').toLowerCase(), params };
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface RegistryOptions {
  platform?: string;
  /** http for loopback registries unless told otherwise. */
  insecure?: boolean;
  env?: NodeJS.ProcessEnv;
  /** A transfer with no data for this long is abandoned (default 60 s); a slow but moving one goes on. */
  idleTimeoutMs?: number;
  /** Largest layer blob accepted (default 16 GiB). */
  maxBlobBytes?: number;
  /** Most bytes downloaded for all layers of one image together (default 16 GiB). */
  maxImageBytes?: number;
  /** Stops every download (the scan's deadline); what was downloaded is removed. */
  signal?: AbortSignal;
}

/** Manifests and token responses are small documents; a larger one is refused, not buffered. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
export const MAX_TOKEN_BYTES = 1024 * 1024;
const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

const isLoopbackHost = (host: string): boolean => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(host);

/** An abort signal that fires after `ms` without progress; `touch` marks progress. */
function idleWatch(ms: number, what: MessageValue, stop?: AbortSignal): { signal: AbortSignal; touch: () => void; done: () => void } {
  const ac = new AbortController();
  const onStop = (): void => {
    clearTimeout(t);
    ac.abort(stop!.reason);
  };
  if (stop?.aborted) queueMicrotask(onStop);
  else stop?.addEventListener('abort', onStop, { once: true });
  const arm = () =>
    setTimeout(
      () => ac.abort(new EngineError(say('image.registry.idle', { what, seconds: Math.round(ms / 1000) }), { hint: say('image.registry.idle.hint') })),
      ms,
    );
  let t = arm();
  return {
    signal: ac.signal,
    touch: () => {
      clearTimeout(t);
      t = arm();
    },
    done: () => {
      clearTimeout(t);
      stop?.removeEventListener('abort', onStop);
    },
  };
}

/** Reads a response body up to `max` bytes; refuses a larger one without reading it all. */
async function readCapped(res: Response, max: number, what: MessageValue, touch?: () => void): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw new EngineError(say('image.registry.sizeOver', { what, size: declared, max }));
  }
  const chunks: Buffer[] = [];
  let got = 0;
  if (res.body) {
    for await (const c of webChunks(res.body)) {
      got += c.length;
      touch?.();
      // Leaving the loop cancels the body: the rest is never read.
      if (got > max) throw new EngineError(say('image.registry.over', { what, max }));
      chunks.push(Buffer.from(c));
    }
  }
  return Buffer.concat(chunks);
}

class RegistryClient {
  private auth: Auth = {};
  constructor(
    private readonly ref: ImageRef,
    private readonly base: string,
    private readonly creds: string | undefined,
    readonly idleMs: number,
    private readonly stop?: AbortSignal,
  ) {}

  /**
   * GET with auth, following redirects by hand so that credentials never go to another host. The returned
   * watch must be touched as the body is read, and ended when it is.
   */
  async get(urlPath: string, accept?: string): Promise<{ res: Response; watch: ReturnType<typeof idleWatch> }> {
    let url = `${this.base}${urlPath}`;
    const origin = new URL(this.base).origin;
    for (let attempt = 0; attempt < 2; attempt++) {
      const watch = idleWatch(this.idleMs, `${this.ref.registry}${urlPath.slice(0, 80)}`, this.stop);
      let res: Response;
      try {
        res = await this.fetch(url, accept, true, watch.signal);
        for (let hops = 0; res.status >= 300 && res.status < 400 && res.headers.get('location') && hops < 5; hops++) {
          const next = new URL(res.headers.get('location')!, url);
          url = next.href;
          await res.body?.cancel().catch(() => undefined);
          res = await this.fetch(url, accept, next.origin === origin, watch.signal);
        }
      } catch (e) {
        watch.done();
        throw e;
      }
      if (res.status === 401 && new URL(url).origin !== origin) {
        watch.done();
        throw new EngineError(say('image.registry.redirectAuth', { registry: this.ref.registry, host: new URL(url).host }), {
          hint: say('image.registry.redirectAuth.hint'),
        });
      }
      if (res.status === 401 && attempt === 0) {
        watch.done();
        await res.body?.cancel().catch(() => undefined);
        await this.authenticate(res.headers.get('www-authenticate') ?? '');
        url = `${this.base}${urlPath}`;
        continue;
      }
      if (res.status === 429 || !res.ok) watch.done();
      if (res.status === 429) {
        const limit = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after']
          .map((h) => (res.headers.get(h) ? `${h}: ${res.headers.get(h)}` : ''))
          .filter(Boolean);
        const registry = this.ref.registry;
        throw new EngineError(
          limit.length ? say('image.registry.tooManyLimit', { registry, limit: listMessage(limit) }) : say('image.registry.tooMany', { registry }),
          { hint: say('image.registry.tooMany.hint') },
        );
      }
      if (!res.ok)
        throw new EngineError(say('image.registry.answered', { registry: this.ref.registry, status: res.status, path: urlPath }), {
          hint: res.status === 401 || res.status === 403 ? say('image.registry.login.hint') : say('image.registry.checkName.hint'),
        });
      return { res, watch };
    }
    throw new EngineError(say('image.registry.authFailed', { registry: this.ref.registry }), { hint: say('image.registry.authFailed.hint') });
  }

  private async fetch(url: string, accept: string | undefined, withAuth: boolean, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { 'User-Agent': 'swarmguard' };
    if (accept) headers.Accept = accept;
    if (withAuth && this.auth.bearer) headers.Authorization = `Bearer ${this.auth.bearer}`;
    else if (withAuth && this.auth.basic) headers.Authorization = `Basic ${this.auth.basic}`;
    try {
      return await fetch(url, { headers, redirect: 'manual', signal });
    } catch (e) {
      if (signal.aborted && signal.reason instanceof Error) throw signal.reason;
      throw new EngineError(say('image.registry.unreachable', { registry: this.ref.registry, error: messageOf(e) }));
    }
  }

  private async authenticate(header: string): Promise<void> {
    const c = parseChallenge(header);
    if (c.scheme === 'basic') {
      if (!this.creds)
        throw new EngineError(say('image.registry.needsCredentials', { registry: this.ref.registry }), { hint: say('image.registry.needsCredentials.hint') });
      this.auth = { basic: this.creds };
      return;
    }
    if (c.scheme !== 'bearer' || !c.params.realm)
      throw new EngineError(say('image.registry.unsupportedAuth', { registry: this.ref.registry, value: header.slice(0, 80) }));
    let u: URL;
    try {
      u = new URL(c.params.realm);
    } catch {
      throw new EngineError(say('image.registry.realmNotUrl', { registry: this.ref.registry, value: c.params.realm.slice(0, 80) }));
    }
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHost(u.hostname))) {
      throw new EngineError(say('image.registry.realmNotHttps', { registry: this.ref.registry, origin: u.origin }), {
        hint: say('image.registry.realmNotHttps.hint'),
      });
    }
    if (c.params.service) u.searchParams.set('service', c.params.service);
    u.searchParams.set('scope', c.params.scope ?? `repository:${this.ref.repository}:pull`);
    const watch = idleWatch(this.idleMs, say('image.registry.tokenRequest', { host: u.host }), this.stop);
    let body: { token?: string; access_token?: string };
    try {
      const res = await fetch(u, { headers: this.creds ? { Authorization: `Basic ${this.creds}` } : {}, redirect: 'error', signal: watch.signal }).catch(
        (e: unknown) => {
          throw new EngineError(say('image.registry.tokenFailed', { host: u.host, error: messageOf(e) }));
        },
      );
      if (!res.ok)
        throw new EngineError(say('image.registry.tokenAnswered', { host: u.host, status: res.status }), { hint: say('image.registry.tokenAnswered.hint') });
      const raw = await readCapped(res, MAX_TOKEN_BYTES, say('image.registry.tokenResponse', { host: u.host }), watch.touch);
      try {
        body = JSON.parse(raw.toString('utf8')) as typeof body;
      } catch {
        throw new EngineError(say('image.registry.tokenNotJson', { host: u.host }));
      }
    } finally {
      watch.done();
    }
    const token = body.token ?? body.access_token;
    if (!token) throw new EngineError(say('image.registry.noToken', { host: u.host }));
    this.auth = { bearer: token };
  }
}

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** The image's reference and a client of its registry, with the options' credentials, limits and abort signal. */
async function clientFor(refText: string, options: RegistryOptions): Promise<{ ref: ImageRef; client: RegistryClient }> {
  const ref = parseImageRef(refText);
  const loopback = /^(localhost|127\.[0-9.]+|\[::1\])(:\d+)?$/.test(ref.registry);
  const base = `${options.insecure || loopback ? 'http' : 'https'}://${ref.registry === 'registry-1.docker.io' ? 'registry-1.docker.io' : ref.registry}`;
  return { ref, client: new RegistryClient(ref, base, await dockerConfigAuth(ref.registry, options.env), options.idleTimeoutMs ?? 60_000, options.signal) };
}

/**
 * A small JSON document of the image's repository (`/v2/<repository>` + `suffix`: a manifest, an index, the OCI
 * referrers list), read with the same credentials, limits and redirect rules as an image; undefined on 404.
 */
export async function registryDocument(
  refText: string,
  suffix: string,
  accept: string,
  options: RegistryOptions = {},
): Promise<{ doc: unknown; digest: string; contentType: string } | undefined> {
  const { ref, client } = await clientFor(refText, options);
  let got: Awaited<ReturnType<RegistryClient['get']>>;
  try {
    got = await client.get(`/v2/${ref.repository}${suffix}`, accept);
  } catch (e) {
    if (e instanceof EngineError && e.text.id === 'image.registry.answered' && e.text.data.status === 404) return undefined;
    throw e;
  }
  let body: Buffer;
  try {
    body = await readCapped(got.res, MAX_MANIFEST_BYTES, `${ref.registry}/v2/${ref.repository}${suffix.slice(0, 80)}`, got.watch.touch);
  } finally {
    got.watch.done();
  }
  try {
    return { doc: JSON.parse(body.toString('utf8')) as unknown, digest: sha256(body), contentType: got.res.headers.get('content-type') ?? '' };
  } catch {
    throw new UserError(say('image.registry.manifestNotJson', { ref: refText }));
  }
}

/** Where an image of a registry is read from: its reference (as given and parsed) and a client of its registry. */
interface RegistryImage {
  refText: string;
  ref: ImageRef;
  client: RegistryClient;
}

/** A manifest (or index) by tag or digest: size-capped, its digest checked against the one asked for and the registry's. */
async function manifestAt(at: RegistryImage, reference: string): Promise<{ doc: Record<string, unknown>; digest: string }> {
  const { refText } = at;
  const { res, watch } = await at.client.get(`/v2/${at.ref.repository}/manifests/${reference}`, MANIFEST_TYPES);
  let body: Buffer;
  try {
    body = await readCapped(res, MAX_MANIFEST_BYTES, say('image.registry.manifestOf', { ref: refText }), watch.touch);
  } finally {
    watch.done();
  }
  const digest = sha256(body);
  if (reference.startsWith('sha256:') && digest !== reference) throw new UserError(say('image.registry.digestGot', { ref: refText, digest }));
  const header = res.headers.get('docker-content-digest');
  if (header && header !== digest) throw new UserError(say('image.registry.digestHeader', { ref: refText, header, digest }));
  try {
    return { doc: JSON.parse(body.toString('utf8')) as Record<string, unknown>, digest };
  } catch {
    throw new UserError(say('image.registry.manifestNotJson', { ref: refText }));
  }
}

/** The image manifest of the reference: itself, or the one of `platform` (`os/arch`) its manifest list names. */
async function imageManifest(at: RegistryImage, platform: string): Promise<{ doc: Record<string, unknown>; digest: string }> {
  const [wantOs, wantArch] = platform.split('/');
  const top = await manifestAt(at, at.ref.reference);
  if (!Array.isArray(top.doc.manifests)) return top;
  const entries = top.doc.manifests as { digest: string; platform?: { os?: string; architecture?: string }; annotations?: Record<string, string> }[];
  // Attestation manifests (provenance, SBOMs) are listed with platform unknown/unknown.
  const images = entries.filter((m) => m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' && m.platform?.os !== 'unknown');
  const pick = images.find((m) => m.platform?.os === wantOs && m.platform?.architecture === wantArch);
  if (!pick)
    throw new UserError(say('image.registry.noPlatform', { ref: at.refText, os: wantOs ?? '', arch: wantArch ?? '' }), {
      hint: say('image.registry.noPlatform.hint', { platforms: listMessage(images.map((m) => `${m.platform?.os}/${m.platform?.architecture}`)) }),
    });
  return manifestAt(at, pick.digest);
}

/** Downloads a blob into `dir`: no larger than its descriptor says (or `cap`), no idle transfer, digest checked. */
async function downloadBlob(at: RegistryImage, dir: string, d: string, declared: number | undefined, cap: number): Promise<string> {
  const { refText } = at;
  if (!/^sha256:[a-f0-9]{64}$/.test(d)) throw new UserError(say('image.registry.badBlobDigest', { ref: refText, digest: d }));
  const max = typeof declared === 'number' && Number.isSafeInteger(declared) && declared >= 0 ? Math.min(declared, cap) : cap;
  if (typeof declared === 'number' && declared > cap)
    throw new UserError(say('image.registry.blobSize', { ref: refText, digest: d.slice(0, 19), size: declared, max: cap }));
  const { res, watch } = await at.client.get(`/v2/${at.ref.repository}/blobs/${d}`);
  const file = path.join(dir, d.slice(7));
  const hash = createHash('sha256');
  let got = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _e, cb) {
      watch.touch();
      got += chunk.length;
      if (got > max)
        return cb(
          new UserError(
            say(declared !== undefined ? 'image.registry.blobLargerDeclared' : 'image.registry.blobLarger', { ref: refText, digest: d.slice(0, 19), max }),
          ),
        );
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  try {
    if (Number(res.headers.get('content-length') ?? NaN) > max)
      throw new UserError(say('image.registry.blobAnnounced', { ref: refText, digest: d.slice(0, 19), size: res.headers.get('content-length') ?? '', max }));
    await pipeline(webToNodeReadable(res.body), tap, createWriteStream(file, { mode: 0o600 }));
  } catch (e) {
    if (watch.signal.aborted && watch.signal.reason instanceof Error) throw watch.signal.reason;
    throw e;
  } finally {
    watch.done();
  }
  if (`sha256:${hash.digest('hex')}` !== d)
    throw new UserError(say('image.registry.blobMismatch', { ref: refText, digest: d.slice(0, 19) }), { hint: say('image.registry.blobMismatch.hint') });
  return file;
}

/** The image config downloaded (its digest already checked), as JSON: a registry's bytes are said to be bad, not crashed on. */
async function readConfigFile(file: string, refText: string): Promise<ImageConfig> {
  const text = await fs.readFile(file, 'utf8');
  try {
    return JSON.parse(text) as ImageConfig;
  } catch (e) {
    throw new UserError(say('image.registry.configNotJson', { ref: refText, error: messageOf(e) }));
  }
}

/** Downloads the image's config and layers into a temp dir, verifying each digest, and returns it as an archive. */
export async function openRegistryImage(refText: string, options: RegistryOptions = {}): Promise<ImageArchive> {
  const at: RegistryImage = { refText, ...(await clientFor(refText, options)) };
  const maxBlob = options.maxBlobBytes ?? 16 * 1024 * 1024 * 1024;
  const maxImage = options.maxImageBytes ?? 16 * 1024 * 1024 * 1024;
  const { doc, digest } = await imageManifest(at, options.platform ?? `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`);
  const config = doc.config as { digest?: string; size?: number } | undefined;
  const layers = doc.layers as { digest: string; mediaType?: string; size?: number }[] | undefined;
  if (!config?.digest || !Array.isArray(layers)) throw new UserError(say('image.registry.unsupportedManifest', { ref: refText }));
  const dir = await tempDir('swarmguard-registry-');
  const cleanup = () => fs.rm(dir, { recursive: true, force: true });
  try {
    const configFile = await downloadBlob(at, dir, config.digest, config.size, MAX_CONFIG_BYTES);
    const cfg = await readConfigFile(configFile, refText);
    const diffIds = cfg.rootfs?.diff_ids ?? [];
    if (diffIds.length !== layers.length) throw new UserError(say('image.layerCount', { label: refText, config: diffIds.length, manifest: layers.length }));
    // One cap for the whole image, checked on the sizes the manifest announces and again while downloading.
    const announced = layers.reduce((n, l) => n + (typeof l.size === 'number' && Number.isSafeInteger(l.size) && l.size > 0 ? l.size : 0), 0);
    if (announced > maxImage) throw new UserError(say('image.registry.imageTooLarge', { ref: refText, size: announced, max: maxImage }));
    const files: { file: string; size: number }[] = [];
    let downloaded = 0;
    for (const l of layers) {
      const file = await downloadBlob(at, dir, l.digest, l.size, Math.min(maxBlob, maxImage - downloaded));
      const size = (await fs.stat(file)).size;
      downloaded += size;
      files.push({ file, size });
    }
    return {
      configDigest: config.digest,
      config: cfg,
      repoTags: [refText],
      layers: files.map((f, i) => ({ ...f, diffId: diffIds[i]! })),
      cleanup,
      manifestDigest: digest,
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
