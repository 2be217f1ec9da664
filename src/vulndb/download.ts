// Downloads one source to a file: mirrors in order, fallback on 429/5xx/network errors, conditional GET with ETag/Last-Modified.
import { publicUrl } from './config.js';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ExitCode, UserError, messageOf } from '../core/errors.js';
import { joinMessages, rawMessage, type Message } from '../core/message.js';
import { webToNodeReadable } from '../engine/streams.js';
import type { Progress } from '../core/progress.js';
import { say } from './messages.js';

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type DownloadResult =
  { status: 'not-modified'; url: string } | { status: 'downloaded'; url: string; bytes: number; etag?: string; lastModified?: string };

export interface DownloadOptions {
  validators?: Validators;
  progress?: Progress;
  /** Time to wait for response headers from one mirror. */
  headerTimeoutMs?: number;
  /** The longest the body may go without a byte before the transfer is abandoned. */
  bodyIdleTimeoutMs?: number;
  /** The largest body accepted; a larger one (announced or streamed) is refused. */
  maxBytes?: number;
  userAgent?: string;
}

/** Feeds are large (osv.dev npm/all.zip, the Debian tracker) but never this large. */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
export const DEFAULT_BODY_IDLE_MS = 60_000;
const MAX_REDIRECTS = 5;

/**
 * Follows redirects by hand so that each hop can be checked: an https URL never hands the transfer
 * to plain http (the advisories would be open to tampering on the way).
 */
async function fetchFollowing(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<{ res: Response; url: string }> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const res = await fetch(current, { headers, signal, redirect: 'manual' });
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || res.status === 304 || location === null) return { res, url: current };
    await res.body?.cancel();
    if (hop >= MAX_REDIRECTS) throw new RedirectError(say('vulndb.redirect.tooMany', { max: MAX_REDIRECTS }));
    const next = new URL(location, current);
    if (new URL(current).protocol === 'https:' && next.protocol !== 'https:') {
      throw new RedirectError(say('vulndb.redirect.downgrade', { scheme: next.protocol.replace(':', ''), origin: next.origin }));
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new RedirectError(say('vulndb.redirect.scheme', { scheme: next.protocol }));
    current = next.href;
  }
}

/** A redirect refused; said to the user as one mirror's attempt. */
class RedirectError extends UserError {}

/** Statuses after which the next mirror is tried; anything else non-2xx is tried on the next mirror too, but reported. */
function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

export async function downloadSource(urls: readonly string[], dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const attempts: Message[] = [];
  for (const url of urls) {
    const headers: Record<string, string> = { 'user-agent': options.userAgent ?? 'swarmguard' };
    if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
    if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.headerTimeoutMs ?? 30_000);
    let res: Response;
    try {
      res = (await fetchFollowing(url, headers, controller.signal)).res;
    } catch (e) {
      clearTimeout(timer);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const error = e instanceof RedirectError ? e.text : rawMessage(cause?.code ?? cause?.message ?? (e as Error).message);
      attempts.push(say('vulndb.download.attempt', { url: publicUrl(url), error }));
      continue;
    }
    clearTimeout(timer);
    if (res.status === 304) {
      await res.body?.cancel();
      return { status: 'not-modified', url: publicUrl(url) };
    }
    if (!res.ok || res.body === null) {
      await res.body?.cancel();
      attempts.push(say(retryable(res.status) ? 'vulndb.download.http' : 'vulndb.download.httpNotRetryable', { url: publicUrl(url), status: res.status }));
      continue;
    }
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const total = Number(res.headers.get('content-length') ?? '0');
    if (total > maxBytes) {
      await res.body.cancel();
      attempts.push(say('vulndb.download.announcedTooLarge', { url: publicUrl(url), total, max: maxBytes }));
      continue;
    }
    if (total > 0) options.progress?.total(total);
    let bytes = 0;
    const idleMs = options.bodyIdleTimeoutMs ?? DEFAULT_BODY_IDLE_MS;
    let idle: NodeJS.Timeout | undefined;
    const body = webToNodeReadable(res.body);
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => body.destroy(new UserError(say('vulndb.download.idle', { seconds: Math.round(idleMs / 1000) }))), idleMs);
    };
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        armIdle();
        bytes += chunk.length;
        if (bytes > maxBytes) {
          cb(new UserError(say('vulndb.download.overLimit', { max: maxBytes })));
          return;
        }
        options.progress?.tick(chunk.length);
        cb(null, chunk);
      },
    });
    armIdle();
    try {
      await pipeline(body, counter, createWriteStream(dest));
    } catch (e) {
      attempts.push(say('vulndb.download.transfer', { url: publicUrl(url), bytes, error: messageOf(e) }));
      continue;
    } finally {
      clearTimeout(idle);
    }
    if (total > 0 && bytes !== total) {
      attempts.push(say('vulndb.download.short', { url: publicUrl(url), bytes, total }));
      continue;
    }
    const etag = res.headers.get('etag') ?? undefined;
    const lastModified = res.headers.get('last-modified') ?? undefined;
    return {
      status: 'downloaded',
      url: publicUrl(url),
      bytes,
      ...(etag !== undefined ? { etag } : {}),
      ...(lastModified !== undefined ? { lastModified } : {}),
    };
  }
  const tried = joinMessages(attempts, '; ');
  throw new UserError(
    urls[0] !== undefined
      ? say('vulndb.download.failed', { url: publicUrl(urls[0]), attempts: tried })
      : say('vulndb.download.failedNoUrl', { attempts: tried }),
    {
      hint: say('vulndb.download.failed.hint'),
      exitCode: ExitCode.FAILED,
    },
  );
}
