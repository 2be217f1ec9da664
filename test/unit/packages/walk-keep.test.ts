// The walker and the analyzers together: files wanted by path and mode, reduced while the layer streams,
// replayed from the layer cache the same.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { walkLayers } from '../../../src/image/walker.js';
import { LayerCache } from '../../../src/image/layer-cache.js';
import { analyzers } from '../../../src/packages/analyzers/index.js';
import { runAnalyzers } from '../../../src/packages/run.js';
import { createKeeper } from '../../../src/packages/keeper.js';
import { notScannedWarnings } from '../../../src/packages/incomplete.js';
import { english } from '../../../src/core/message.js';
import { pathToFileURL } from 'node:url';
import { WORKER_SOURCE, bundle } from './bundle.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-walk-keep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function layerOf(entries: { name: string; data: Buffer; mode: number }[]): Promise<{ file: string; diffId: string }> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name, mode: e.mode, size: e.data.length }, e.data);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  const buf = Buffer.concat(chunks);
  const file = path.join(dir, `${createHash('sha256').update(buf).digest('hex').slice(0, 12)}.tar`);
  writeFileSync(file, buf);
  return { file, diffId: `sha256:${createHash('sha256').update(buf).digest('hex')}` };
}

describe('walking layers for the analyzers', () => {
  it('keeps a Go binary’s build info only when it is executable, a jar’s findings, and replays both from the cache', async () => {
    const go = readFileSync('test/fixtures/packages/go/sg-hello');
    const l = await layerOf([
      { name: 'usr/local/bin/sg-hello', data: go, mode: 0o755 },
      { name: 'opt/copy/sg-hello', data: go, mode: 0o644 },
      { name: 'usr/local/bin/start.sh', data: Buffer.from('#!/bin/sh\nexec sg-hello\n'), mode: 0o755 },
      { name: 'app/app.jar', data: readFileSync('test/fixtures/packages/java/fat.jar'), mode: 0o644 },
    ]);
    const inventory = async (cache?: LayerCache) => {
      const keeper = createKeeper(1 << 20);
      const walk = await walkLayers([l], {
        wants: (p, mode) => analyzers.all().some((a) => a.wants(p, mode)),
        reduce: keeper.keep,
        ...(cache ? { cache } : {}),
      });
      const out = await runAnalyzers(
        [...walk.files].map(([p, f]) => ({ path: p, content: f.content, layer: f.layer })),
        { workerUrl: null },
      );
      return { walk, out };
    };
    const cache = new LayerCache(path.join(dir, 'cache'), 'test');
    const cold = await inventory(cache);
    expect([...cold.walk.files.keys()].sort()).toEqual(['app/app.jar', 'usr/local/bin/sg-hello']);
    expect(Math.max(...[...cold.walk.files.values()].map((f) => f.content.length))).toBeLessThan(2048);
    expect(cold.out.packages.map((p) => `${p.type} ${p.name} ${p.layer === l.diffId}`).sort()).toEqual([
      'golang example.com/greet true',
      'golang gopkg.in/yaml.v3 true',
      'golang stdlib true',
      'maven com.fasterxml.jackson.core:jackson-annotations true',
      'maven commons-cli:commons-cli true',
    ]);
    const warm = await inventory(cache);
    expect(cache.hits).toBe(1);
    expect(warm.out).toEqual(cold.out);
  });
});

/**
 * An ELF file without a section table, packed with the Go build-info magic at offsets the format never uses: the
 * Go reducer searches it match by match (about a second for 60 MiB on one core), so 60 of them held the main
 * thread for a minute before the reducers ran in the worker.
 */
function craftedGoBinary(size: number): Buffer {
  const magic = Buffer.from('\xff Go buildinf:', 'latin1');
  const buf = Buffer.alloc(size);
  buf.write('\x7fELF', 0, 'latin1');
  buf[4] = 2; // 64-bit
  buf[5] = 1; // little-endian
  for (let at = 65; at + magic.length <= size; at += magic.length) magic.copy(buf, at);
  return buf;
}

describe('reducers run in the analyzer worker, under its time budget', () => {
  const worker = bundle(WORKER_SOURCE, 'reduce-worker');
  afterAll(() => rmSync(worker, { force: true }));

  it('keeps the same build info as a reduction in this thread', async () => {
    const go = readFileSync('test/fixtures/packages/go/sg-hello');
    const inWorker = createKeeper(1 << 20, undefined, { workerUrl: pathToFileURL(worker) });
    const here = createKeeper(1 << 20, undefined, { workerUrl: null });
    try {
      const a = await inWorker.keep('usr/local/bin/sg-hello', 0o755, go);
      expect(Buffer.isBuffer(a) && a.length < 2048).toBe(true);
      expect(a).toEqual(await here.keep('usr/local/bin/sg-hello', 0o755, go));
    } finally {
      await inWorker.close();
    }
  });

  it('a crafted binary that holds the Go reducer ends "not scanned"; the rest of the layer is read, and it is not cached', async () => {
    const l = await layerOf([
      { name: 'usr/local/bin/crafted', data: craftedGoBinary(60 * 1024 * 1024), mode: 0o755 },
      { name: 'usr/local/bin/sg-hello', data: readFileSync('test/fixtures/packages/go/sg-hello'), mode: 0o755 },
    ]);
    const keeper = createKeeper(1 << 20, undefined, { workerUrl: pathToFileURL(worker), fileTimeoutMs: 200 });
    const cache = new LayerCache(path.join(dir, 'cache-crafted'), 'test');
    const started = Date.now();
    const walk = await walkLayers([l], { wants: (p, mode) => analyzers.all().some((a) => a.wants(p, mode)), reduce: keeper.keep, cache }).finally(() =>
      keeper.close(),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    const cut = notScannedWarnings(walk.warnings);
    expect(cut.map((w) => english(w))).toEqual([
      'usr/local/bin/crafted: not scanned: reading it took longer than 200 ms: stopped and skipped (a crafted file?)',
    ]);
    expect(cut.map((w) => w.cut)).toEqual([true]);
    expect([...walk.files.keys()]).toEqual(['usr/local/bin/sg-hello']);
    expect(await cache.get(l.diffId)).toBeUndefined();
  }, 30_000);
});
