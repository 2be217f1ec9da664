// The per-scan deadline stops the work, not only the wait: once it passes, the layer walk stops reading, the
// registry download is cut, and the analyzer worker is ended, so the scan's slot is free with nothing left running.
import { createHash } from 'node:crypto';
import { writeFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { inventoryArchive } from '../../../src/image/inventory.js';
import { nothingToClean, type ImageArchive } from '../../../src/image/archive.js';
import { openRegistryImage } from '../../../src/image/registry.js';
import { withScanDeadline } from '../../../src/packages/incomplete.js';
import { runAnalyzers } from '../../../src/packages/run.js';
import { packParts } from '../../../src/packages/wanted.js';

const made: string[] = [];
afterAll(() => made.forEach((f) => rmSync(f, { force: true })));
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
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

  it('cuts a registry download: the server sees the transfer closed, and nothing more is sent', async () => {
    const layer = Buffer.alloc(1024);
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha(layer)] } }));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: 'sha256:' + '2'.repeat(64), size: 1024 * 1024 * 1024 }],
      }),
    );
    let sent = 0;
    let closed = false;
    const s = http.createServer((req, res) => {
      if (req.url?.includes('/manifests/')) {
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
        return res.end(manifest);
      }
      if (req.url?.endsWith(sha(config))) return res.end(config);
      res.writeHead(200, { 'content-length': String(1024 * 1024 * 1024) });
      const t = setInterval(() => {
        sent += 1;
        res.write(Buffer.alloc(16 * 1024));
      }, 3);
      res.on('close', () => {
        clearInterval(t);
        closed = true;
      });
    });
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as AddressInfo).port;
    const started = Date.now();
    await expect(withScanDeadline('slow', (signal) => openRegistryImage(`127.0.0.1:${port}/slow/app:1`, { signal }), 400)).rejects.toThrow(DEADLINE);
    expect(Date.now() - started).toBeLessThan(5_000);
    await sleep(100);
    expect(sent).toBeGreaterThan(0);
    expect(closed).toBe(true);
    const after = sent;
    await sleep(200);
    expect(sent).toBe(after);
  });

  it('ends the analyzer worker: a file that never finishes is stopped, and the files after it are not read', async () => {
    const hang = path.join(os.tmpdir(), `sg-deadline-worker-${process.pid}.mjs`);
    made.push(hang);
    writeFileSync(
      hang,
      `import { parentPort } from 'node:worker_threads';
       parentPort.postMessage('ready');
       parentPort.on('message', (r) => { for (;;) {} });`,
    );
    const file = (p: string) => ({ path: p, content: packParts([{ analyzer: 'npm', content: Buffer.from('{}') }]), layer: 'l' });
    const started = Date.now();
    await expect(
      withScanDeadline('slow', (signal) => runAnalyzers([file('a'), file('b')], { workerUrl: pathToFileURL(hang), fileTimeoutMs: 60_000, signal }), 300),
    ).rejects.toThrow(DEADLINE);
    expect(Date.now() - started).toBeLessThan(5_000);
    const ac = new AbortController();
    const out = runAnalyzers([file('a'), file('b')], { workerUrl: pathToFileURL(hang), fileTimeoutMs: 60_000, signal: ac.signal });
    setTimeout(() => ac.abort(new Error('stop')), 200);
    expect((await out).warnings).toEqual(['not scanned: 2 file(s) not read: the scan was stopped']);
  });
});
