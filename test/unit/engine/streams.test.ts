import { describe, expect, it } from 'vitest';
import { webChunks, webToNodeReadable } from '../../../src/engine/streams.js';

const enc = new TextEncoder();

function source(parts: string[], onCancel?: () => void): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      const p = parts[i++];
      if (p === undefined) c.close();
      else c.enqueue(enc.encode(p));
    },
    cancel() {
      onCancel?.();
    },
  });
}

async function text(r: AsyncIterable<unknown>): Promise<string> {
  const bufs: Buffer[] = [];
  for await (const c of r) bufs.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(bufs).toString('utf8');
}

describe('webChunks', () => {
  it('yields every chunk in order', async () => {
    expect(await text(webChunks(source(['a', 'bc', '', 'def'])))).toBe('abcdef');
  });

  it('cancels the stream when the reader leaves early', async () => {
    let cancelled = false;
    const body = source(['a', 'b', 'c'], () => (cancelled = true));
    for await (const c of webChunks(body)) {
      expect(Buffer.from(c).toString()).toBe('a');
      break;
    }
    expect(cancelled).toBe(true);
    expect(body.locked).toBe(false);
  });

  it('passes a stream error on to the reader', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(enc.encode('x'));
        c.error(new Error('connection reset'));
      },
    });
    await expect(text(webChunks(body))).rejects.toThrow('connection reset');
  });
});

describe('webToNodeReadable', () => {
  it('reads the whole body as bytes', async () => {
    expect(await text(webToNodeReadable(source(['hello ', 'world'])))).toBe('hello world');
  });

  it('stops a body that never sends again when destroyed mid-read', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(enc.encode('first'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const r = webToNodeReadable(body);
    const got = text(r);
    await new Promise<void>((resolve) => r.once('data', () => resolve()));
    r.destroy(new Error('no data for 1 s'));
    await expect(got).rejects.toThrow('no data for 1 s');
    expect(cancelled).toBe(true);
  });

  it('passes a stream error on as an error event', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.error(new Error('reset by peer'));
      },
    });
    await expect(text(webToNodeReadable(body))).rejects.toThrow('reset by peer');
  });

  it('reads a missing body as empty', async () => {
    expect(await text(webToNodeReadable(null))).toBe('');
  });

  it('cancels the web stream when the Node stream is destroyed', async () => {
    let cancelled = false;
    const r = webToNodeReadable(source(['a', 'b', 'c', 'd'], () => (cancelled = true)));
    await new Promise<void>((resolve) => r.once('data', () => resolve()));
    r.destroy();
    await new Promise<void>((resolve) => r.once('close', () => resolve()));
    await expect.poll(() => cancelled).toBe(true);
  });
});
