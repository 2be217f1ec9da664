// Crafted layers aimed at time and memory, made and walked in a child process so that the walk's time and peak
// memory are its own and the test runner's thread never blocks. `dos.test.ts` bundles this file.
//   driver.cjs gen CASE DIR          → writes the case's layers, prints [{ file, diffId }]
//   driver.cjs walk WANTED F=ID...   → prints { outcome, ms, rssMiB }
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { walkLayers } from '../../../src/image/walker.js';

/** A ustar header for a regular file (type '0') or a hard link ('1'). */
export function tarHeader(name: string, size: number, type = '0', linkname = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write(linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

/** Writes a gzipped tar from a generator of chunks; the diff ID is hashed on the way (unless `fakeId`). */
async function writeLayer(file: string, parts: () => Generator<Buffer>, fakeId?: string, level = 1): Promise<{ file: string; diffId: string }> {
  const hash = createHash('sha256');
  function* tap(): Generator<Buffer> {
    for (const p of parts()) {
      if (!fakeId) hash.update(p);
      yield p;
    }
    const end = Buffer.alloc(1024);
    if (!fakeId) hash.update(end);
    yield end;
  }
  await pipeline(Readable.from(tap()), createGzip({ level }), createWriteStream(file));
  return { file, diffId: fakeId ?? `sha256:${hash.digest('hex')}` };
}

const MiB = 1024 * 1024;

const cases: Record<string, (dir: string) => Promise<{ file: string; diffId: string }[]>> = {
  // Fifty 60 MiB package.json files.
  fat: async (dir) => [
    await writeLayer(
      path.join(dir, 'fat.tar.gz'),
      function* () {
        const body = Buffer.alloc(MiB, 0x20);
        for (let k = 0; k < 50; k++) {
          yield tarHeader(`app/node_modules/m${k}/package.json`, 60 * MiB);
          for (let j = 0; j < 60; j++) yield body;
        }
      },
      `sha256:${'1'.repeat(64)}`,
    ),
  ],
  // A million whiteouts (identical headers compress to about 1 MB).
  whiteouts: async (dir) => [
    await writeLayer(
      path.join(dir, 'wh.tar.gz'),
      function* () {
        const h = tarHeader('d/.wh.f', 0);
        const block = Buffer.concat(Array.from({ length: 2048 }, () => h));
        for (let k = 0; k < 1_000_000 / 2048; k++) yield block;
      },
      `sha256:${'2'.repeat(64)}`,
      9,
    ),
  ],
  // 150,000 whiteouts over 20,000 kept files.
  spread: async (dir) => [
    await writeLayer(path.join(dir, 'lower.tar.gz'), function* () {
      yield Buffer.concat(Array.from({ length: 20_000 }, (_, k) => tarHeader(`d/f${k}/package.json`, 0)));
    }),
    await writeLayer(path.join(dir, 'upper.tar.gz'), function* () {
      for (let j = 0; j < 15; j++) yield Buffer.concat(Array.from({ length: 10_000 }, (_, k) => tarHeader(`d/.wh.g${j * 10_000 + k}`, 0)));
      yield tarHeader('d/.wh.f7', 0);
    }),
  ],
};

async function main(): Promise<void> {
  const [cmd, arg, ...rest] = process.argv.slice(2);
  if (cmd === 'gen') {
    process.stdout.write(`${JSON.stringify(await cases[arg!]!(rest[0]!))}\n`);
    return;
  }
  const t0 = performance.now();
  let outcome: string;
  try {
    const r = await walkLayers(
      rest.map((f) => ({ file: f.slice(0, f.lastIndexOf('=')), diffId: f.slice(f.lastIndexOf('=') + 1) })),
      { wants: (p) => p.endsWith(arg!) },
    );
    outcome = `ok ${r.files.size}`;
  } catch (e) {
    outcome = `error ${(e as Error).message}`;
  }
  process.stdout.write(`${JSON.stringify({ outcome, ms: Math.round(performance.now() - t0), rssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
}
void main();
