// Follows the engine's event stream; reconnects with back-off and resumes from the last event seen,
// so that an engine restart loses no event.
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { errorMessage } from '../core/errors.js';
import { engineEvents } from '../engine/api.js';

export interface EngineEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number;
  timeNano: number;
  /** timeNano exactly as sent: it has more digits than a double holds. */
  timeNanoText: string;
}

export function parseEngineEvent(line: string): EngineEvent | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const actor = (typeof o.Actor === 'object' && o.Actor !== null ? o.Actor : {}) as Record<string, unknown>;
  if (typeof o.Type !== 'string' || typeof o.Action !== 'string' || typeof o.timeNano !== 'number' || typeof actor.ID !== 'string') return undefined;
  const attrs: Record<string, string> = {};
  if (typeof actor.Attributes === 'object' && actor.Attributes !== null) {
    for (const [k, val] of Object.entries(actor.Attributes)) if (typeof val === 'string') attrs[k] = val;
  }
  const exact = /"timeNano"\s*:\s*(\d{1,30})/.exec(line)?.[1] ?? String(o.timeNano);
  return {
    Type: o.Type,
    Action: o.Action,
    Actor: { ID: actor.ID, Attributes: attrs },
    time: typeof o.time === 'number' ? o.time : Math.floor(o.timeNano / 1e9),
    timeNano: o.timeNano,
    timeNanoText: exact,
  };
}

/** Splits a byte stream into lines, whatever the chunking. */
export class LineSplitter {
  private rest = '';
  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    // A line longer than 1 MiB is not an event: drop it rather than grow without bound.
    if (this.rest.length > 1024 * 1024) this.rest = '';
    return lines.filter((l) => l.trim() !== '');
  }
}

export interface FollowOptions {
  filters: Record<string, string[]>;
  /** Unix seconds (may be fractional) to start from; default now. */
  since?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** "1700000000.123456789" from a decimal nanosecond count, the form `since` accepts with full precision. */
export function sinceFromNano(timeNano: string): string {
  const digits = timeNano.replace(/^0+(?=\d)/, '').padStart(10, '0');
  return `${digits.slice(0, -9)}.${digits.slice(-9)}`;
}

/**
 * Calls `onEvent` for every matching event, in order, exactly once, across reconnects.
 * Returns when the signal aborts.
 */
export async function followEvents(docker: Docker, onEvent: (e: EngineEvent) => Promise<void> | void, options: FollowOptions): Promise<void> {
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const seen = new Set<string>();
  const seenOrder: string[] = [];
  let since: string = options.since !== undefined ? String(options.since) : String(Math.floor(Date.now() / 1000));
  let lastNano = 0n;
  let backoff = options.minBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const remember = (key: string): boolean => {
    if (seen.has(key)) return false;
    seen.add(key);
    seenOrder.push(key);
    if (seenOrder.length > 5000) seen.delete(seenOrder.shift()!);
    return true;
  };
  while (!options.signal?.aborted) {
    let stream: Readable | undefined;
    try {
      stream = await engineEvents(docker, { since, filters: options.filters });
      backoff = options.minBackoffMs ?? 500;
      const splitter = new LineSplitter();
      const onAbort = (): void => void stream?.destroy();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        for await (const chunk of stream) {
          for (const line of splitter.push(typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8'))) {
            const ev = parseEngineEvent(line);
            if (!ev) continue;
            // The resumed stream repeats events at the `since` boundary: each is handled once.
            if (!remember(`${ev.timeNanoText}|${ev.Type}|${ev.Action}|${ev.Actor.ID}`)) continue;
            const nano = BigInt(ev.timeNanoText);
            if (nano > lastNano) lastNano = nano;
            await onEvent(ev);
          }
        }
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
      }
      if (options.signal?.aborted) return;
      log('engine event stream ended; reconnecting');
    } catch (e) {
      if (options.signal?.aborted) return;
      log(`engine event stream failed: ${errorMessage(e)}; retrying in ${Math.round(backoff / 100) / 10}s`);
    }
    if (lastNano > 0n) since = sinceFromNano(lastNano.toString());
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, backoff);
      options.signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          resolve();
        },
        { once: true },
      );
    });
    backoff = Math.min(maxBackoff, backoff * 2);
  }
}
