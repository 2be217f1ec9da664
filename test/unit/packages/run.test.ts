import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { openSqlite } from '../../../src/core/sqlite.js';
import os from 'node:os';
import path from 'node:path';
import { dedupePackages, runAnalyzers } from '../../../src/packages/run.js';
import { analyzeKept, keepFor, packParts, unpackParts } from '../../../src/packages/wanted.js';
import { createKeeper } from '../../../src/packages/keeper.js';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { pythonAnalyzer } from '../../../src/packages/analyzers/python.js';
import type { InventoryWarning, Package } from '../../../src/packages/types.js';
import { MiB, type Analyzer } from '../../../src/packages/analyzer.js';
import { WORKER_SOURCE, bundle } from './bundle.js';
import { tempDir } from '../../helpers/tmp.js';

const made: string[] = [];
afterAll(() => made.forEach((f) => rmSync(f, { force: true })));

/** A worker script that stands in for the analyzer worker in one test, as the URL runAnalyzers loads. */
function standInWorker(name: string, source: string): URL {
  const f = path.join(tempDir('sg-worker-'), `${name}.mjs`);
  writeFileSync(f, source);
  return pathToFileURL(f);
}

/** A kept file whose one part is for the npm analyzer. */
const npmFile = (p: string) => ({ path: p, content: packParts([{ analyzer: 'npm', content: Buffer.from('{}') }]), layer: 'l' });

const meta = (name: string, version: string): Buffer => Buffer.from(`Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`);
const kept = (p: string, content: Buffer) => ({ path: p, content: keepFor(p, 0o644, content)!, layer: 'sha256:l' });

/** Warnings in English, as the JSON and the English printers say them. */
const inEnglish = (ws: readonly InventoryWarning[]): string[] => ws.map((w) => english(w));

describe('kept files', () => {
  it('round-trips parts and ignores a malformed bundle', () => {
    const b = packParts([
      { analyzer: 'a', content: Buffer.from('xy') },
      { analyzer: 'go', content: Buffer.alloc(0) },
    ]);
    expect(unpackParts(b).map((p) => [p.analyzer, p.content.toString()])).toEqual([
      ['a', 'xy'],
      ['go', ''],
    ]);
    expect(unpackParts(b.subarray(0, b.length - 1))).toHaveLength(1);
    expect(unpackParts(Buffer.from('random'))).toEqual([]);
  });

  it('keeps what the analyzers want within one budget for the whole image, and says what it skipped', async () => {
    const keeper = createKeeper(3000);
    const pj = (n: number) => Buffer.from(JSON.stringify({ name: `p${n}`, version: '1.0.0', description: 'x'.repeat(900) }));
    const kept = await Promise.all([1, 2, 3, 4, 5].map((n) => keeper.keep(`app/node_modules/p${n}/package.json`, 0o644, pj(n))));
    expect(kept.map((k) => k !== undefined)).toEqual([true, true, true, false, false]);
    expect(inEnglish(keeper.warnings)).toEqual([
      "not scanned: the analyzers' budget of 3000 bytes for one image is spent: 2 file(s) not read, the first app/node_modules/p4/package.json",
    ]);
    expect(keeper.warnings[0]!.cut).toBe(true);
  });

  it('keeps nothing of a file no analyzer found anything in', () => {
    expect(keepFor('usr/bin/sh', 0o755, Buffer.from('#!/bin/sh\necho hi\n'))).toBeUndefined();
    expect(keepFor('etc/motd', 0o644, Buffer.from('hi'))).toBeUndefined();
  });
});

describe('runAnalyzers', () => {
  it('lists a package found through .dist-info and .egg-info once (one installation), twice for two', async () => {
    const out = await runAnalyzers(
      [
        kept('usr/lib/python3/site-packages/six-1.16.0.dist-info/METADATA', meta('six', '1.16.0')),
        kept('usr/lib/python3/site-packages/six-1.16.0.egg-info/PKG-INFO', meta('six', '1.16.0')),
        kept('opt/venv/lib/python3/site-packages/six-1.16.0.dist-info/METADATA', meta('six', '1.16.0')),
      ],
      { workerUrl: null },
    );
    expect(out.packages.map((p) => p.path)).toEqual([
      'opt/venv/lib/python3/site-packages/six-1.16.0.dist-info/METADATA',
      'usr/lib/python3/site-packages/six-1.16.0.dist-info/METADATA',
    ]);
  });

  it('dedupePackages leaves packages of analyzers without a key alone', () => {
    const p: Package = { type: 'npm', name: 'a', version: '1', path: 'x', purl: 'pkg:npm/a@1' };
    expect(dedupePackages([p, p], [pythonAnalyzer])).toHaveLength(2);
  });

  it('applies each analyzer’s file count cap with one warning', async () => {
    const tiny: Analyzer = { ...pythonAnalyzer, limits: { maxFileBytes: MiB, maxFiles: 2 } };
    const files = ['a', 'b', 'c', 'd'].map((n) => ({
      path: `s/site-packages/${n}.dist-info/METADATA`,
      content: keepFor(`s/site-packages/${n}.dist-info/METADATA`, 0o644, meta(n, '1'), [tiny])!,
      layer: 'l',
    }));
    const out = await runAnalyzers(files, { workerUrl: null }, [tiny]);
    expect(out.packages.map((p) => p.name)).toEqual(['a', 'b']);
    expect(inEnglish(out.warnings)).toEqual(['not scanned: 2 more file(s) for the python analyzer beyond its cap of 2: not read']);
    expect(out.warnings.map((w) => w.cut)).toEqual([true]);
  });

  it('runs the real analyzers in a worker thread', async () => {
    const worker = bundle(WORKER_SOURCE, 'analyze-worker');
    made.push(worker);
    const out = await runAnalyzers([kept('usr/lib/python3/dist-packages/PyYAML-6.0.1.dist-info/METADATA', meta('PyYAML', '6.0.1'))], {
      workerUrl: pathToFileURL(worker),
    });
    expect(out).toEqual({ packages: [expect.objectContaining({ name: 'pyyaml', purl: 'pkg:pypi/pyyaml@6.0.1' })], warnings: [] });
  });

  it('a recursive rpmdb view in the worker ends with a warning', async () => {
    const worker = bundle(WORKER_SOURCE, 'analyze-worker');
    made.push(worker);
    const f = path.join(os.tmpdir(), `sg-run-${process.pid}.sqlite`);
    made.push(f);
    const db = openSqlite(f);
    db.exec("CREATE VIEW Packages AS WITH RECURSIVE r(hnum, blob) AS (SELECT 1, x'00' UNION ALL SELECT hnum + 1, blob FROM r) SELECT hnum, blob FROM r;");
    db.close();
    const out = await runAnalyzers([kept('var/lib/rpm/rpmdb.sqlite', readFileSync(f))], { workerUrl: pathToFileURL(worker) });
    expect(inEnglish(out.warnings).join()).toMatch(/refused: the database defines a view "Packages"/);
  });

  it('stops a file that never finishes, says so, and goes on with a fresh worker', async () => {
    // A worker that hangs on one path, as a parser caught in a crafted loop would.
    const hang = standInWorker(
      'hang',
      `import { parentPort } from 'node:worker_threads';
       parentPort.postMessage('ready');
       parentPort.on('message', (r) => {
         if (r.path === 'hang') for (;;) {}
         parentPort.postMessage({ seq: r.seq, out: { packages: [{ type: 'npm', name: r.path, version: '1', path: r.path, purl: 'pkg:npm/' + r.path + '@1' }], warnings: [] } });
       });`,
    );
    const out = await runAnalyzers([npmFile('a'), npmFile('hang'), npmFile('z')], { workerUrl: hang, fileTimeoutMs: 1500 });
    expect(out.packages.map((p) => p.name)).toEqual(['a', 'z']);
    expect(inEnglish(out.warnings)).toEqual(['hang: not scanned: reading it took longer than 2 s: stopped and skipped (a crafted file?)']);
    expect(out.warnings[0]!.cut).toBe(true);
  }, 30_000);

  it('a worker that dies costs its file only', async () => {
    const die = standInWorker(
      'die',
      `import { parentPort } from 'node:worker_threads';
       parentPort.postMessage('ready'); parentPort.on('message', (r) => { if (r.path === 'die') process.exit(3); parentPort.postMessage({ seq: r.seq, out: { packages: [], warnings: [{ id: '', en: r.path, data: {} }] } }); });`,
    );
    const out = await runAnalyzers([npmFile('a'), npmFile('die'), npmFile('z')], { workerUrl: die });
    expect(inEnglish(out.warnings)).toEqual(['a', 'die: not scanned: reading it failed (worker exited with code 3): skipped', 'z']);
    expect(out.warnings.map((w) => w.cut)).toEqual([undefined, true, undefined]);
  }, 30_000);
});

describe('warnings by id', () => {
  it('says a cut-short file in Japanese, and keeps the cut flag through JSON', async () => {
    const tiny: Analyzer = { ...pythonAnalyzer, limits: { maxFileBytes: MiB, maxFiles: 1 } };
    const files = ['a', 'b'].map((n) => ({
      path: `s/site-packages/${n}.dist-info/METADATA`,
      content: keepFor(`s/site-packages/${n}.dist-info/METADATA`, 0o644, meta(n, '1'), [tiny])!,
      layer: 'l',
    }));
    const [w] = (await runAnalyzers(files, { workerUrl: null }, [tiny])).warnings;
    expect(w).toMatchObject({ id: 'packages.run.overCap', cut: true });
    expect(localizeMessage(w!, 'ja')).toBe('スキャンしていません: python アナライザーのファイル数の上限 1 個を超える 1 個のファイルは読んでいません');
    const back = JSON.parse(JSON.stringify(w)) as InventoryWarning;
    expect(back.cut).toBe(true);
    expect(english(back)).toBe('not scanned: 1 more file(s) for the python analyzer beyond its cap of 1: not read');
  });

  it('an analyzer that throws costs a warning said with its error, not cut', () => {
    const throws: Analyzer = {
      ...pythonAnalyzer,
      analyze: () => {
        throw new Error('boom');
      },
    };
    const p = 's/site-packages/a.dist-info/METADATA';
    const out = analyzeKept(p, keepFor(p, 0o644, meta('a', '1'), [throws])!, 'l', undefined, undefined, [throws]);
    expect(inEnglish(out.warnings)).toEqual([`${p}: the python analyzer could not read it (boom)`]);
    expect(out.warnings[0]!.cut).toBeUndefined();
  });
});
