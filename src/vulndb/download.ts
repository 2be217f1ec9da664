// Downloads one source to a file: mirrors in order, fallback on 429/5xx/network errors, conditional GET with ETag/Last-Modified.
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ExitCode, UserError } from '../core/errors.js';
import type { Progress } from '../core/progress.js';

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type DownloadResult =
  | { status: 'not-modified'; url: string }
  | { status: 'downloaded'; url: string; bytes: number; etag?: string; lastModified?: string };

export interface DownloadOptions {
  validators?: Validators;
  progress?: Progress;
  /** Time to wait for response headers from one mirror. */
  headerTimeoutMs?: number;
  userAgent?: string;
}

/** Statuses after which the next mirror is tried; anything else non-2xx is tried on the next mirror too, but reported. */
function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

export async function downloadSource(urls: readonly string[], dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const attempts: string[] = [];
  for (const url of urls) {
    const headers: Record<string, string> = { 'user-agent': options.userAgent ?? 'swarmguard' };
    if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
    if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.headerTimeoutMs ?? 30_000);
    let res: Response;
    try {
      res = await fetch(url, { headers, signal: controller.signal, redirect: 'follow' });
    } catch (e) {
      clearTimeout(timer);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      attempts.push(`${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
      continue;
    }
    clearTimeout(timer);
    if (res.status === 304) {
      await res.body?.cancel();
      return { status: 'not-modified', url };
    }
    if (!res.ok || res.body === null) {
      await res.body?.cancel();
      attempts.push(`${url}: HTTP ${res.status}${retryable(res.status) ? '' : ' (not retryable, trying the next mirror anyway)'}`);
      continue;
    }
    const total = Number(res.headers.get('content-length') ?? '0');
    if (total > 0) options.progress?.total(total);
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        options.progress?.tick(chunk.length);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>), counter, createWriteStream(dest));
    } catch (e) {
      attempts.push(`${url}: transfer failed after ${bytes} bytes (${(e as Error).message})`);
      continue;
    }
    if (total > 0 && bytes !== total) {
      attempts.push(`${url}: got ${bytes} of ${total} bytes`);
      continue;
    }
    const etag = res.headers.get('etag') ?? undefined;
    const lastModified = res.headers.get('last-modified') ?? undefined;
    return { status: 'downloaded', url, bytes, ...(etag !== undefined ? { etag } : {}), ...(lastModified !== undefined ? { lastModified } : {}) };
  }
  throw new UserError(`could not download ${urls[0] ?? 'source'}: ${attempts.join('; ')}`, {
    hint: 'check the network or the mirror list; on a host without internet use `swarmguard db import`',
    exitCode: ExitCode.FAILED,
  });
}
