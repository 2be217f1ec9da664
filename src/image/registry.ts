// An image straight from a registry (Registry HTTP API v2): credentials from ~/.docker/config.json,
// bearer tokens from the WWW-Authenticate challenge, manifest lists by platform, every blob verified.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EngineError, UserError, errorMessage } from '../core/errors.js';
import { tempDir, type ImageArchive, type ImageConfig } from './archive.js';
import { manifestReference, parseImageReference, registryApiHost } from './reference.js';

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
  const keys = registry === 'registry-1.docker.io' ? ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io'] : [registry, `https://${registry}`, `http://${registry}`];
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
}

class RegistryClient {
  private auth: Auth = {};
  constructor(
    private readonly ref: ImageRef,
    private readonly base: string,
    private readonly creds: string | undefined,
  ) {}

  /** GET with auth, following redirects by hand so that credentials never go to another host. */
  async get(urlPath: string, accept?: string): Promise<Response> {
    let url = `${this.base}${urlPath}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      let res = await this.fetch(url, accept, true);
      for (let hops = 0; res.status >= 300 && res.status < 400 && res.headers.get('location') && hops < 5; hops++) {
        const next = new URL(res.headers.get('location')!, url);
        const sameOrigin = next.origin === new URL(this.base).origin;
        url = next.href;
        res = await this.fetch(url, accept, sameOrigin);
      }
      if (res.status === 401 && attempt === 0) {
        await this.authenticate(res.headers.get('www-authenticate') ?? '');
        url = `${this.base}${urlPath}`;
        continue;
      }
      if (res.status === 429) {
        const limit = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after'].map((h) => (res.headers.get(h) ? `${h}: ${res.headers.get(h)}` : '')).filter(Boolean);
        throw new EngineError(`${this.ref.registry} refused: too many requests (429)${limit.length ? ` — ${limit.join(', ')}` : ''}`, { hint: 'wait, or authenticate to get a higher limit' });
      }
      if (!res.ok) throw new EngineError(`${this.ref.registry} answered ${res.status} for ${urlPath}`, { hint: res.status === 401 || res.status === 403 ? 'log in (docker login) or check the credentials in ~/.docker/config.json' : 'check the image name and tag' });
      return res;
    }
    throw new EngineError(`${this.ref.registry}: authentication failed`, { hint: 'log in with docker login' });
  }

  private async fetch(url: string, accept: string | undefined, withAuth: boolean): Promise<Response> {
    const headers: Record<string, string> = { 'User-Agent': 'swarmguard' };
    if (accept) headers.Accept = accept;
    if (withAuth && this.auth.bearer) headers.Authorization = `Bearer ${this.auth.bearer}`;
    else if (withAuth && this.auth.basic) headers.Authorization = `Basic ${this.auth.basic}`;
    try {
      return await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(60_000) });
    } catch (e) {
      throw new EngineError(`cannot reach the registry ${this.ref.registry}: ${errorMessage(e)}`);
    }
  }

  private async authenticate(header: string): Promise<void> {
    const c = parseChallenge(header);
    if (c.scheme === 'basic') {
      if (!this.creds) throw new EngineError(`${this.ref.registry} needs credentials`, { hint: 'docker login to it (credentials are read from ~/.docker/config.json)' });
      this.auth = { basic: this.creds };
      return;
    }
    if (c.scheme !== 'bearer' || !c.params.realm) throw new EngineError(`${this.ref.registry}: unsupported authentication "${header.slice(0, 80)}"`);
    const u = new URL(c.params.realm);
    if (c.params.service) u.searchParams.set('service', c.params.service);
    u.searchParams.set('scope', c.params.scope ?? `repository:${this.ref.repository}:pull`);
    const res = await fetch(u, { headers: this.creds ? { Authorization: `Basic ${this.creds}` } : {}, signal: AbortSignal.timeout(30_000) }).catch((e: unknown) => {
      throw new EngineError(`token request to ${u.host} failed: ${errorMessage(e)}`);
    });
    if (!res.ok) throw new EngineError(`token request to ${u.host} answered ${res.status}`, { hint: 'check the credentials (docker login)' });
    const body = (await res.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new EngineError(`token response from ${u.host} has no token`);
    this.auth = { bearer: token };
  }
}

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Downloads the image's config and layers into a temp dir, verifying each digest, and returns it as an archive. */
export async function openRegistryImage(refText: string, options: RegistryOptions = {}): Promise<ImageArchive> {
  const ref = parseImageRef(refText);
  const loopback = /^(localhost|127\.[0-9.]+|\[::1\])(:\d+)?$/.test(ref.registry);
  const base = `${options.insecure || loopback ? 'http' : 'https'}://${ref.registry === 'registry-1.docker.io' ? 'registry-1.docker.io' : ref.registry}`;
  const client = new RegistryClient(ref, base, await dockerConfigAuth(ref.registry, options.env));
  const [wantOs, wantArch] = (options.platform ?? `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`).split('/');
  const manifestAt = async (reference: string): Promise<{ doc: Record<string, unknown>; digest: string }> => {
    const res = await client.get(`/v2/${ref.repository}/manifests/${reference}`, MANIFEST_TYPES);
    const body = Buffer.from(await res.arrayBuffer());
    const digest = sha256(body);
    if (reference.startsWith('sha256:') && digest !== reference) throw new UserError(`manifest digest mismatch for ${refText}: got ${digest}`);
    const header = res.headers.get('docker-content-digest');
    if (header && header !== digest) throw new UserError(`manifest digest mismatch for ${refText}: the registry says ${header}, the content is ${digest}`);
    try {
      return { doc: JSON.parse(body.toString('utf8')) as Record<string, unknown>, digest };
    } catch {
      throw new UserError(`${refText}: the manifest is not JSON`);
    }
  };
  let { doc, digest } = await manifestAt(ref.reference);
  if (Array.isArray(doc.manifests)) {
    const entries = doc.manifests as { digest: string; platform?: { os?: string; architecture?: string }; annotations?: Record<string, string> }[];
    // Attestation manifests (provenance, SBOMs) are listed with platform unknown/unknown.
    const images = entries.filter((m) => m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' && m.platform?.os !== 'unknown');
    const pick = images.find((m) => m.platform?.os === wantOs && m.platform?.architecture === wantArch);
    if (!pick) throw new UserError(`${refText} has no image for ${wantOs}/${wantArch}`, { hint: `available: ${images.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).join(', ')}; pick one with --platform` });
    ({ doc, digest } = await manifestAt(pick.digest));
  }
  const config = doc.config as { digest?: string } | undefined;
  const layers = doc.layers as { digest: string; mediaType?: string }[] | undefined;
  if (!config?.digest || !Array.isArray(layers)) throw new UserError(`${refText}: unsupported manifest (no config or layers)`);
  const dir = await tempDir('swarmguard-registry-');
  const cleanup = () => fs.rm(dir, { recursive: true, force: true });
  try {
    const blob = async (d: string): Promise<string> => {
      if (!/^sha256:[a-f0-9]{64}$/.test(d)) throw new UserError(`${refText}: bad blob digest ${d}`);
      const res = await client.get(`/v2/${ref.repository}/blobs/${d}`);
      const file = path.join(dir, d.slice(7));
      const hash = createHash('sha256');
      const tap = new Transform({
        transform(chunk: Buffer, _e, cb) {
          hash.update(chunk);
          cb(null, chunk);
        },
      });
      await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), tap, createWriteStream(file, { mode: 0o600 }));
      if (`sha256:${hash.digest('hex')}` !== d) throw new UserError(`${refText}: blob ${d.slice(0, 19)} does not match its digest`, { hint: 'the registry or a proxy altered it' });
      return file;
    };
    const configFile = await blob(config.digest);
    const cfg = JSON.parse(await fs.readFile(configFile, 'utf8')) as ImageConfig;
    const diffIds = cfg.rootfs?.diff_ids ?? [];
    if (diffIds.length !== layers.length) throw new UserError(`${refText}: the config lists ${diffIds.length} layers, the manifest ${layers.length}`);
    const files: string[] = [];
    for (const l of layers) files.push(await blob(l.digest));
    return { dir, configDigest: config.digest, config: cfg, repoTags: [refText], layers: files.map((file, i) => ({ file, diffId: diffIds[i]! })), cleanup, manifestDigest: digest };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
