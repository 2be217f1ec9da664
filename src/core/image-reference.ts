// The one image reference type: registry, repository, tag and digest, parsed by the grammar of
// distribution/reference (the docker CLI's), with Docker Hub's implicit docker.io and library/.
import { UserError } from './errors.js';
import { visible } from './sanitize.js';

/** A parsed, normalised image reference. `nginx:1.27` is registry docker.io, repository library/nginx, tag 1.27. */
export interface ImageReference {
  /** The registry's host[:port], normalised: Docker Hub is `docker.io`. */
  readonly registry: string;
  /** The path inside the registry, lower case: `library/nginx`, `team/web`. */
  readonly repository: string;
  readonly tag?: string;
  /** `algorithm:hex`, e.g. `sha256:` and 64 lower-case hex digits. */
  readonly digest?: string;
}

export const DOCKER_HUB = 'docker.io';
/** Where Docker Hub's registry API actually answers. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
const HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io', DOCKER_HUB_API_HOST]);
const MAX_NAME_LENGTH = 255;
/** Longer input is refused before any regex sees it. */
const MAX_REFERENCE_LENGTH = 1024;

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;

/** An image reference that does not parse; says which part is wrong. */
export class InvalidImageReference extends UserError {
  constructor(text: string, problem: string) {
    super(`"${printable(text)}" is not a valid image reference: ${problem}`, {
      hint: 'write it as [registry[:port]/]repository[:tag][@sha256:digest], e.g. nginx:1.27 or localhost:5000/team/web@sha256:…',
    });
    this.name = 'InvalidImageReference';
  }
}

/** Control characters and overlong text are never echoed back verbatim (terminal and log injection). */
export function printable(text: string): string {
  return visible(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}

/** True when `algorithm:hex` is a digest we can verify. */
export function isValidDigest(digest: string): boolean {
  const colon = digest.indexOf(':');
  if (colon < 0) return false;
  const length = DIGEST_HEX_LENGTH[digest.slice(0, colon)];
  const hex = digest.slice(colon + 1);
  return length !== undefined && hex.length === length && /^[a-f0-9]+$/.test(hex);
}

export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

/**
 * Parses a reference the way `docker pull` does: `nginx`, `nginx:1.27`, `team/web@sha256:…`,
 * `localhost:5000/x:1@sha256:…`, `docker.io/library/nginx`. Throws InvalidImageReference.
 */
export function parseImageReference(text: string): ImageReference {
  if (typeof text !== 'string' || text === '') throw new InvalidImageReference(String(text), 'it is empty');
  if (text.length > MAX_REFERENCE_LENGTH) throw new InvalidImageReference(text, `it is longer than ${MAX_REFERENCE_LENGTH} characters`);
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isValidDigest(digest)) throw new InvalidImageReference(text, `"${printable(digest)}" is not a digest (sha256: and 64 lower-case hex digits)`);
  }
  // A tag follows the last colon after the last slash; a colon before it belongs to a registry port.
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag))
      throw new InvalidImageReference(text, `"${printable(tag)}" is not a tag (letters, digits, _ . -, at most 128, not starting with . or -)`);
  }
  if (rest === '') throw new InvalidImageReference(text, 'the repository name is missing');
  let registry = DOCKER_HUB;
  let repository = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    // docker's rule: the first component is a registry when it has a dot or a port, or is localhost.
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      if (!DOMAIN_RE.test(first)) throw new InvalidImageReference(text, `"${printable(first)}" is not a registry host[:port]`);
      registry = HUB_ALIASES.has(first) ? DOCKER_HUB : first;
      repository = rest.slice(slash + 1);
    }
  }
  if (repository === '') throw new InvalidImageReference(text, 'the repository name is missing');
  for (const component of repository.split('/')) {
    if (component !== component.toLowerCase()) throw new InvalidImageReference(text, 'repository names must be lower case');
    if (!PATH_COMPONENT_RE.test(component)) throw new InvalidImageReference(text, `"${printable(component)}" is not a valid repository path component`);
  }
  if (registry === DOCKER_HUB && !repository.includes('/')) {
    if (IDENTIFIER_RE.test(repository)) throw new InvalidImageReference(text, 'a bare 64-digit hex string is an image id, not a name');
    repository = `library/${repository}`;
  }
  const name = `${registry}/${repository}`;
  if (name.length > MAX_NAME_LENGTH) throw new InvalidImageReference(text, `the name is longer than ${MAX_NAME_LENGTH} characters`);
  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** parseImageReference that answers undefined instead of throwing. */
export function tryParseImageReference(text: string): ImageReference | undefined {
  try {
    return parseImageReference(text);
  } catch (e) {
    if (e instanceof InvalidImageReference) return undefined;
    throw e;
  }
}

/** `docker.io/library/nginx`: the fully qualified name, without tag or digest. */
export function normalizedName(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}`;
}

/** `nginx`, `bitnami/redis`, `ghcr.io/org/app`: the name as people write it. */
export function familiarName(ref: ImageReference): string {
  if (ref.registry !== DOCKER_HUB) return normalizedName(ref);
  const short = ref.repository.startsWith('library/') ? ref.repository.slice('library/'.length) : '';
  if (short !== '' && !short.includes('/')) return short;
  // `docker.io/a.b/c` without its registry would read as registry a.b: keep it (docker's own familiar form loses it).
  const first = ref.repository.split('/')[0]!;
  return ref.repository.includes('/') && (first.includes('.') || first === 'localhost') ? normalizedName(ref) : ref.repository;
}

function withSuffix(name: string, ref: ImageReference): string {
  return `${name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** `docker.io/library/nginx:1.27@sha256:…`: unambiguous, for keys, logs and the engine. */
export function formatNormalized(ref: ImageReference): string {
  return withSuffix(normalizedName(ref), ref);
}

/** `nginx:1.27@sha256:…`: for people. */
export function formatFamiliar(ref: ImageReference): string {
  return withSuffix(familiarName(ref), ref);
}

/** The tag or digest a registry is asked for: the digest when pinned, else the tag, else `latest`. */
export function manifestReference(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

/** The reference with its tag dropped and this digest pinned: `repo@sha256:…`, the image that is exactly D. */
export function pinned(ref: ImageReference, digest: string): ImageReference {
  if (!isValidDigest(digest)) throw new InvalidImageReference(`${normalizedName(ref)}@${digest}`, `"${printable(digest)}" is not a digest`);
  return { registry: ref.registry, repository: ref.repository, digest };
}

/** The host the registry API answers on (Docker Hub's is not docker.io). */
export function registryApiHost(ref: ImageReference): string {
  return ref.registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : ref.registry;
}

/** True when the two references name the same repository in the same registry. */
export function sameRepository(a: ImageReference, b: ImageReference): boolean {
  return a.registry === b.registry && a.repository === b.repository;
}
