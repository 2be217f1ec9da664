// Web streams (a fetch Response body) read as Node streams or async iterables, through the stream's own typed
// reader: no call site needs to cast between the web and Node stream types.
import { Readable } from 'node:stream';

/**
 * The chunks of a web ReadableStream, in order. Leaving the loop early (break, throw) cancels the stream, so the
 * connection behind it is released.
 */
export async function* webChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * A web ReadableStream as a Node Readable; destroying the Readable cancels the web stream at once, even while a
 * read is pending (so an idle watchdog can stop a body that stopped sending). A missing body (`null`, as fetch
 * gives for 204 and HEAD) reads as empty.
 */
export function webToNodeReadable(body: ReadableStream<Uint8Array> | null): Readable {
  if (!body) return Readable.from([], { objectMode: false });
  const reader = body.getReader();
  const out: Readable = new Readable({
    read() {
      reader.read().then(
        ({ done, value }) => {
          if (out.destroyed) return;
          out.push(done ? null : value);
        },
        (e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))),
      );
    },
    destroy(err, cb) {
      reader.cancel(err ?? undefined).catch(() => undefined);
      cb(err);
    },
  });
  return out;
}
