// Benchmark harness (not a test): the hostile image-derived inputs of the second security review, timed and
// measured on the built code. Each case runs in a child process so that its time and peak memory are its own.
//   npm run build && node bench/hostile-parses.mjs
// Cases: an ELF with 4,096 sections named from an 8 MiB string table without NULs (the review measured 0.7 s per
// file before), the same 60 times (the review: over 60 s); an rpmdb.sqlite whose Packages has a generated
// `zeroblob(60000000)` column (40 rows); a Berkeley DB whose 1,000 values share one 1 MiB overflow chain; a
// 60 MiB executable packed with misaligned Go build-info magic, 5 files through the keeper, reduced in this thread
// and in the analyzer worker (the longest the main thread was held: the event loop's largest delay).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'sg-hostile-'));

function child(code) {
  const file = path.join(dir, `case-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, code);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8', cwd: root, timeout: 120_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, out: r.stdout.trim(), err: r.stderr.trim().slice(0, 300), signal: r.signal };
}

const elf = (files) => `
  import { parseElf } from '${root}/dist/packages/elf.js';
  const shoff = 64, n = 4096, table = shoff + n * 64, size = 8 * 1024 * 1024;
  const buf = Buffer.alloc(table + size, 0x41); buf.fill(0, 0, table);
  buf.write('\\x7fELF', 0, 'latin1'); buf[4] = 2; buf[5] = 1;
  buf.writeBigUInt64LE(BigInt(shoff), 40); buf.writeUInt16LE(64, 58); buf.writeUInt16LE(n, 60);
  for (let i = 0; i < n; i++) { buf.writeUInt32LE(i, shoff + i * 64); buf.writeBigUInt64LE(BigInt(table), shoff + i * 64 + 24); buf.writeBigUInt64LE(BigInt(size), shoff + i * 64 + 32); }
  const t0 = performance.now();
  for (let k = 0; k < ${files}; k++) parseElf(buf);
  console.log(JSON.stringify({ parseMs: Math.round(performance.now() - t0), rssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));`;

const sqlite = path.join(dir, 'generated.sqlite');
const bdb = path.join(dir, 'shared.Packages');
const prep = child(`
  import { openSqlite } from '${root}/dist/core/sqlite.js';
  import { writeFileSync } from 'node:fs';
  const db = openSqlite('${sqlite}');
  db.exec("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB GENERATED ALWAYS AS (zeroblob(60000000)) VIRTUAL); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) INSERT INTO Packages (hnum) SELECT i FROM n;");
  db.close();
  const PAGE = 4096, values = 1000, chain = 256;
  const buf = Buffer.alloc(PAGE * (2 + chain));
  buf.writeUInt32LE(0x00061561, 12); buf.writeUInt32LE(PAGE, 20); buf.writeUInt8(8, 25); buf.writeUInt32LE(1 + chain, 32);
  buf.writeUInt8(13, PAGE + 25); buf.writeUInt16LE(values * 2, PAGE + 20);
  const item = PAGE - 12;
  for (let i = 0; i < values * 2; i++) buf.writeUInt16LE(item, PAGE + 26 + i * 2);
  buf.writeUInt8(3, PAGE + item); buf.writeUInt32LE(2, PAGE + item + 4); buf.writeUInt32LE(chain * (PAGE - 26), PAGE + item + 8);
  for (let p = 0; p < chain; p++) { const at = (2 + p) * PAGE; buf.writeUInt8(7, at + 25); const last = p === chain - 1; buf.writeUInt32LE(last ? 0 : 3 + p, at + 16); if (last) buf.writeUInt16LE(PAGE - 26, at + 22); }
  writeFileSync('${bdb}', buf);`);
if (prep.err) console.error(prep.err);

const rpm = (file, dbPath) => `
  import { readFileSync } from 'node:fs';
  import { rpmAnalyzer } from '${root}/dist/packages/analyzers/rpm.js';
  const t0 = performance.now();
  const out = rpmAnalyzer.analyze({ path: '${dbPath}', content: readFileSync('${file}'), layer: 'l' });
  console.log(JSON.stringify({ parseMs: Math.round(performance.now() - t0), rssMiB: Math.round(process.resourceUsage().maxRSS / 1024), warning: out.warnings[0]?.slice(0, 120) }));`;

const goReducer = (inWorker, timeoutMs) => `
  import { createKeeper } from '${root}/dist/packages/keeper.js';
  const magic = Buffer.from('\\xff Go buildinf:', 'latin1');
  const buf = Buffer.alloc(60 * 1024 * 1024);
  buf.write('\\x7fELF', 0, 'latin1'); buf[4] = 2; buf[5] = 1;
  for (let at = 65; at + magic.length <= buf.length; at += magic.length) magic.copy(buf, at);
  const keeper = createKeeper(1 << 20, undefined, { ${inWorker ? '' : 'workerUrl: null, '}fileTimeoutMs: ${timeoutMs} });
  let last = performance.now(), held = 0;
  const tick = setInterval(() => { const now = performance.now(); held = Math.max(held, now - last); last = now; }, 5);
  const t0 = performance.now();
  const out = [];
  for (let i = 0; i < 5; i++) out.push(await keeper.keep('usr/bin/x' + i, 0o755, buf));
  await new Promise((r) => setTimeout(r, 30)); clearInterval(tick); await keeper.close();
  const cut = out.filter((o) => o && !Buffer.isBuffer(o)).length;
  console.log(JSON.stringify({ totalMs: Math.round(performance.now() - t0), mainThreadHeldMaxMs: Math.round(held), notScanned: cut, rssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));`;

const cases = [
  ['ELF, 8 MiB string table without NULs, 1 file', elf(1)],
  ['ELF, the same, 60 files', elf(60)],
  ['rpmdb.sqlite with a generated zeroblob(60000000) column, 40 rows', rpm(sqlite, 'var/lib/rpm/rpmdb.sqlite')],
  ['Berkeley DB, 1,000 values sharing one 1 MiB overflow chain', rpm(bdb, 'var/lib/rpm/Packages')],
  ['Go reducer, crafted 60 MiB executable, 5 files, in this thread', goReducer(false, 60_000)],
  ['Go reducer, the same, in the analyzer worker (60 s budget)', goReducer(true, 60_000)],
  ['Go reducer, the same, in the analyzer worker (200 ms budget)', goReducer(true, 200)],
];
for (const [name, code] of cases) {
  const r = child(code);
  console.log(
    `${name}: ${r.signal ? `killed (${r.signal}) after ${Math.round(r.ms)} ms` : `${r.out} (child ${Math.round(r.ms)} ms)`}${r.err ? ` stderr: ${r.err}` : ''}`,
  );
}
rmSync(dir, { recursive: true, force: true });
