// The per-scan deadline stops the work, not only the wait: once it passes, the layer walk stops reading, the
// analyzer worker is ended (and the registry download is cut: registry-client.test.ts), so the scan's slot is
// free with nothing left running.
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { inventoryArchive } from '../../../src/image/inventory.js';
import { nothingToClean, type ImageArchive } from '../../../src/image/archive.js';
import { withScanDeadline } from '../../../src/packages/incomplete.js';
import { runAnalyzers } from '../../../src/packages/run.js';
import { packParts } from '../../../src/packages/wanted.js';
import { analyzerWorker } from '../../helpers/analyzer-worker.js';
import { english } from '../../../src/core/message.js';

const DEADLINE = /not scanned: slow: the scan ran past its deadline/;

/** The header of a 2 GiB tar entry: what follows is its body, which the source trickles for as long as it is read. */
async function bigEntryHeader(): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: 'big.bin', size: 2 * 1024 * 1024 * 1024 });
  for await (const c of pack) return (c as Buffer).subarray(0, 512);
  throw new Error('no header');
}

/** A source that never ends on its own: 64 KiB every few milliseconds, counting what it was asked for. */
function trickle(header: Buffer): { stream: Readable; reads: () => number; ended: () => boolean } {
  let reads = 0;
  let ended = false;
  const chunk = Buffer.alloc(64 * 1024);
  async function* body(): AsyncGenerator<Buffer> {
    try {
      yield header;
      for (;;) {
        await sleep(3);
        reads += 1;
        yield chunk;
      }
    } finally {
      ended = true;
    }
  }
  return { stream: Readable.from(body()), reads: () => reads, ended: () => ended };
}

describe('the scan deadline stops the work', () => {
  it('stops reading the layers: the source is closed, and nothing more is read after the deadline', async () => {
    const source = trickle(await bigEntryHeader());
    const archive: ImageArchive = {
      configDigest: 'sha256:' + '0'.repeat(64),
      config: { rootfs: { type: 'layers', diff_ids: ['sha256:' + '1'.repeat(64)] } },
      repoTags: ['slow'],
      layers: [{ diffId: 'sha256:' + '1'.repeat(64), size: 0, open: () => source.stream }],
      cleanup: nothingToClean,
    };
    const started = Date.now();
    await expect(withScanDeadline('slow', (signal) => inventoryArchive(archive, 'slow', undefined, undefined, { signal }), 300)).rejects.toThrow(DEADLINE);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(source.reads()).toBeGreaterThan(0);
    await sleep(50);
    expect(source.ended()).toBe(true);
    const after = source.reads();
    await sleep(200);
    expect(source.reads()).toBe(after);
  });

  it('ends the analyzer worker: a file that never finishes is stopped, and the files after it are not read', async () => {
    const hang = analyzerWorker('hang', 'for (;;) {}');
    const file = (p: string) => ({ path: p, content: packParts([{ analyzer: 'npm', content: Buffer.from('{}') }]), layer: 'l' });
    const started = Date.now();
    await expect(
      withScanDeadline('slow', (signal) => runAnalyzers([file('a'), file('b')], { workerUrl: hang, fileTimeoutMs: 60_000, signal }), 300),
    ).rejects.toThrow(DEADLINE);
    expect(Date.now() - started).toBeLessThan(5_000);
    const ac = new AbortController();
    const out = runAnalyzers([file('a'), file('b')], { workerUrl: hang, fileTimeoutMs: 60_000, signal: ac.signal });
    setTimeout(() => ac.abort(new Error('stop')), 200);
    const { warnings } = await out;
    expect(warnings.map((w) => english(w))).toEqual(['not scanned: 2 file(s) not read: the scan was stopped']);
    expect(warnings[0]?.cut).toBe(true);
  });
});
