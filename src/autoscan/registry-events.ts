// Parses the Docker registry's notification envelopes (distribution `notifications: endpoints:`) into scan jobs.
import { UserError } from '../core/errors.js';
import { DOCKER_HUB, familiarName, formatFamiliar, pinned, tryParseImageReference } from '../core/image-reference.js';
import { autoscanMessages } from './messages.js';
import type { ScanJob } from './queue.js';

/** Manifest media types: only manifest pushes are images; blob pushes are parts of one. */
const MANIFEST_TYPES = new Set([
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
]);

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export interface ParsedNotification {
  jobs: ScanJob[];
  /** Events that were not image pushes (pulls, blob pushes, deletes). */
  ignored: number;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** The registry host as clients name it, from the event's target URL or request host. */
function registryHost(target: Record<string, unknown>, request: Record<string, unknown> | undefined): string | undefined {
  const url = str(target.url);
  if (url) {
    try {
      return new URL(url).host;
    } catch {
      // fall through to the request host
    }
  }
  return str(request?.host);
}

export function parseRegistryNotification(body: unknown): ParsedNotification {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { events?: unknown }).events)) {
    throw new UserError(autoscanMessages.say('autoscan.registry.notEnvelope', { expected: '{"events": [...]}' }));
  }
  const jobs: ScanJob[] = [];
  let ignored = 0;
  for (const raw of (body as { events: unknown[] }).events) {
    if (typeof raw !== 'object' || raw === null) {
      ignored += 1;
      continue;
    }
    const e = raw as Record<string, unknown>;
    const target = (typeof e.target === 'object' && e.target !== null ? e.target : {}) as Record<string, unknown>;
    const request = (typeof e.request === 'object' && e.request !== null ? e.request : undefined) as Record<string, unknown> | undefined;
    const digest = str(target.digest);
    const repository = str(target.repository);
    const mediaType = str(target.mediaType);
    if (e.action !== 'push' || !digest || !repository || !mediaType || !MANIFEST_TYPES.has(mediaType) || !DIGEST.test(digest) || !REPOSITORY.test(repository)) {
      ignored += 1;
      continue;
    }
    const host = registryHost(target, request);
    if (!host || !/^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9a-fA-F:]+\](:\d+)?$/.test(host)) {
      ignored += 1;
      continue;
    }
    // The tag goes into logs and the history: one that no registry would accept marks a forged event.
    const tag = str(target.tag) ?? null;
    const ref = tryParseImageReference(`${host}/${repository}${tag !== null ? `:${tag}` : ''}@${digest}`);
    if (!ref || (ref.registry !== host && !(ref.registry === DOCKER_HUB && /(^|\.)docker\.io$/.test(host)))) {
      ignored += 1;
      continue;
    }
    const scanRef = formatFamiliar(pinned(ref, digest));
    jobs.push({ digest, repository: familiarName(ref), tag, trigger: 'push', origin: `ref:${scanRef}`, ref: scanRef });
  }
  return { jobs, ignored };
}
