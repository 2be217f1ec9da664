// Image-derived parses stay bounded in memory and CPU: each hostile file below grew the scanner by tens of
// megabytes per row, or cost seconds per file, before. Each runs in a child process under a 10 s limit with its
// peak memory reported, and must end with a clear refusal ("not scanned: refused …") and under 512 MiB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { english, rawMessage } from '../../../src/core/message.js';
import { openSqlite } from '../../../src/core/sqlite.js';
import { parseElf } from '../../../src/packages/elf.js';
import { cutShort, notScannedWarnings } from '../../../src/packages/incomplete.js';
import { readBdbBlobs } from '../../../src/packages/rpmdb/bdb.js';
import { readSqliteBlobs } from '../../../src/packages/rpmdb/sqlite.js';
import { describeEachSqliteEngine } from '../../helpers/sqlite-engines.js';
import { bundle } from './bundle.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-bounded-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `analyze(path)` of the rpm analyzer in a child process: its warnings in English, those that cut the scan short, and peak RSS. */
function inChild(file: string, dbPath: string, env: NodeJS.ProcessEnv = {}): { warnings: string[]; cut: string[]; rssKiB: number } {
  const child = bundle(
    `import { readFileSync } from 'node:fs';
     import { english } from './src/core/message.ts';
     import { rpmAnalyzer } from './src/packages/analyzers/rpm.ts';
     const out = rpmAnalyzer.analyze({ path: process.argv[3], content: readFileSync(process.argv[2]), layer: 'l' });
     const cut = out.warnings.filter((w) => w.cut === true);
     console.log(JSON.stringify({ warnings: out.warnings.map((w) => english(w)), cut: cut.map((w) => english(w)), rssKiB: process.resourceUsage().maxRSS }));`,
    'rpm-bounded',
  );
  const r = spawnSync(process.execPath, ['--max-old-space-size=512', child, file, dbPath], {
    encoding: 'utf8',
    timeout: 10_000,
    env: { ...process.env, ...env },
  });
  rmSync(child, { force: true });
  expect(r.signal, r.stderr).toBeNull();
  return JSON.parse(r.stdout) as { warnings: string[]; cut: string[]; rssKiB: number };
}

describeEachSqliteEngine('rpm SQLite: only real columns, one byte budget', (engine) => {
  const make = (name: string, sql: string): string => {
    const f = path.join(tmp, `${engine.replace(':', '-')}-${name}`);
    const db = openSqlite(f);
    db.exec(sql);
    db.close();
    return f;
  };

  it('refuses a Packages table with a generated column (an 8 KiB file that made 60 MB a row)', () => {
    const f = make(
      'generated.sqlite',
      'CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB GENERATED ALWAYS AS (zeroblob(60000000)) VIRTUAL); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) INSERT INTO Packages (hnum) SELECT i FROM n;',
    );
    expect(readFileSync(f).length).toBeLessThan(64 * 1024);
    const out = inChild(f, 'var/lib/rpm/rpmdb.sqlite', { SWARMGUARD_SQLITE: engine });
    expect(out.warnings.join()).toMatch(/not scanned: refused: the Packages table has 1 generated or hidden column/);
    expect(out.cut.join()).toMatch(/^var\/lib\/rpm\/rpmdb\.sqlite \(SQLite rpmdb\): not scanned: refused: the Packages table/);
    expect(out.rssKiB).toBeLessThan(512 * 1024);
  }, 30_000);

  it('refuses a generated column beside a real blob column too', () => {
    const f = make('generated2.sqlite', 'CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB, big BLOB AS (zeroblob(1000)) STORED);');
    expect(readSqliteBlobs(readFileSync(f)).warnings.map(english).join()).toMatch(/refused: .*generated or hidden/);
  });

  it('keeps one byte budget over all blobs of the database', () => {
    const f = make(
      'budget.sqlite',
      'CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20) INSERT INTO Packages SELECT i, zeroblob(100) FROM n;',
    );
    const r = readSqliteBlobs(readFileSync(f), { maxBlobs: 1000, maxBlobBytes: 1000, maxTotalBytes: 1500 });
    expect(r.blobs).toEqual([]);
    expect(notScannedWarnings(r.warnings).map(english).join()).toMatch(/refused: the package headers add up to more than 1500 bytes/);
    expect(readSqliteBlobs(readFileSync(f), { maxBlobs: 1000, maxBlobBytes: 1000, maxTotalBytes: 2000 }).blobs).toHaveLength(20);
  });
});

/** A Berkeley DB hash file: one hash page whose values all point at the same overflow chain of `chainPages` pages. */
function sharedOverflowBdb(values: number, chainPages: number): Buffer {
  const PAGE = 4096;
  const buf = Buffer.alloc(PAGE * (2 + chainPages));
  buf.writeUInt32LE(0x00061561, 12); // magic
  buf.writeUInt32LE(PAGE, 20);
  buf.writeUInt8(8, 25); // P_HASHMETA
  buf.writeUInt32LE(1 + chainPages, 32); // last page
  const hash = PAGE;
  buf.writeUInt8(13, hash + 25); // P_HASH
  const entries = values * 2;
  buf.writeUInt16LE(entries, hash + 20);
  const item = PAGE - 12;
  for (let i = 0; i < entries; i++) buf.writeUInt16LE(item, hash + 26 + i * 2);
  buf.writeUInt8(3, hash + item); // H_OFFPAGE
  buf.writeUInt32LE(2, hash + item + 4);
  buf.writeUInt32LE(chainPages * (PAGE - 26), hash + item + 8);
  for (let p = 0; p < chainPages; p++) {
    const at = (2 + p) * PAGE;
    buf.writeUInt8(7, at + 25); // P_OVERFLOW
    const last = p === chainPages - 1;
    buf.writeUInt32LE(last ? 0 : 3 + p, at + 16);
    if (last) buf.writeUInt16LE(PAGE - 26, at + 22);
  }
  return buf;
}

describe('rpm Berkeley DB: no page read by two chains', () => {
  it('refuses values that share one overflow chain (each copied the chain before: ~1 GB from 1 MB)', () => {
    const f = path.join(tmp, 'shared.Packages');
    writeFileSync(f, sharedOverflowBdb(1000, 256));
    const out = inChild(f, 'var/lib/rpm/Packages');
    expect(out.warnings.join()).toMatch(/not scanned: refused: 999 overflow chain\(s\) run into pages another chain already read/);
    expect(out.cut.join()).toMatch(/^var\/lib\/rpm\/Packages \(Berkeley DB rpmdb\): not scanned: refused: 999 overflow chain/);
    expect(out.rssKiB).toBeLessThan(512 * 1024);
  }, 30_000);

  it('reads the chain once for the first value', () => {
    const r = readBdbBlobs(sharedOverflowBdb(3, 2));
    expect(r.blobs).toHaveLength(1);
    expect(r.blobs[0]!.length).toBe(2 * (4096 - 26));
  });
});

/** A 64-bit little-endian ELF with `sections` section headers whose names all point into one NUL-free string table of `tableBytes`. */
function elfWithoutNuls(sections: number, tableBytes: number): Buffer {
  const shoff = 64;
  const buf = Buffer.alloc(shoff + sections * 64 + tableBytes, 0x41);
  buf.fill(0, 0, shoff + sections * 64);
  buf.write('\x7fELF', 0, 'latin1');
  buf[4] = 2;
  buf[5] = 1;
  buf.writeBigUInt64LE(BigInt(shoff), 40);
  buf.writeUInt16LE(64, 58); // shentsize
  buf.writeUInt16LE(sections, 60);
  buf.writeUInt16LE(0, 62); // shstrndx
  const table = shoff + sections * 64;
  for (let i = 0; i < sections; i++) {
    const at = shoff + i * 64;
    buf.writeUInt32LE(i, at); // name offset
    buf.writeBigUInt64LE(BigInt(table), at + 24);
    buf.writeBigUInt64LE(BigInt(tableBytes), at + 32);
  }
  return buf;
}

describe('ELF: the section-name search stays within the string table and a name’s length', () => {
  it('names sections from a table with NULs as before', () => {
    const b = elfWithoutNuls(3, 64);
    b.write('.go.buildinfo\0', 64 + 3 * 64 + 1, 'latin1');
    const elf = parseElf(b)!;
    expect(elf.sections.map((s) => s.name)).toEqual(['A.go.buildinfo', '.go.buildinfo', 'go.buildinfo']);
  });

  it('a 32 MiB string table without NULs, parsed 8 times, ends well inside 10 s (each parse scanned to the end of the file 4,096 times)', () => {
    const child = bundle(
      `import { parseElf } from './src/packages/elf.ts';
       const shoff = 64, n = 4096, table = shoff + n * 64, size = 32 * 1024 * 1024;
       const buf = Buffer.alloc(table + size, 0x41);
       buf.fill(0, 0, table);
       buf.write('\\x7fELF', 0, 'latin1'); buf[4] = 2; buf[5] = 1;
       buf.writeBigUInt64LE(BigInt(shoff), 40); buf.writeUInt16LE(64, 58); buf.writeUInt16LE(n, 60);
       for (let i = 0; i < n; i++) { buf.writeUInt32LE(i, shoff + i * 64); buf.writeBigUInt64LE(BigInt(table), shoff + i * 64 + 24); buf.writeBigUInt64LE(BigInt(size), shoff + i * 64 + 32); }
       let named = 0;
       for (let k = 0; k < 8; k++) named += parseElf(buf).sections.filter((s) => s.name).length;
       console.log(JSON.stringify({ named, rssKiB: process.resourceUsage().maxRSS }));`,
      'elf-bounded',
    );
    const r = spawnSync(process.execPath, [child], { encoding: 'utf8', timeout: 10_000 });
    rmSync(child, { force: true });
    expect(r.signal, 'the child ran past 10 s').toBeNull();
    const out = JSON.parse(r.stdout) as { named: number; rssKiB: number };
    expect(out.named).toBe(0);
    expect(out.rssKiB).toBeLessThan(512 * 1024);
  }, 30_000);
});

describe('a scan cut short is not scanned', () => {
  it('tells a cut-short warning from a note, and fails the scan for it', async () => {
    const { assertScanned, withScanDeadline } = await import('../../../src/packages/incomplete.js');
    expect(() => assertScanned('app@sha256:1', [cutShort(rawMessage('usr/bin/x: reading it took longer than 60 s'))])).toThrow(/was not scanned completely/);
    expect(() => assertScanned('app@sha256:1', [rawMessage('an ordinary note')])).not.toThrow();
    // The flag decides, never the words.
    expect(() => assertScanned('app@sha256:1', [rawMessage('x: not scanned: a note that only says so')])).not.toThrow();
    await expect(withScanDeadline('app', () => new Promise(() => undefined), 5)).rejects.toThrow(/not scanned: app: the scan ran past its deadline/);
    await expect(withScanDeadline('app', () => Promise.resolve(1), 60_000)).resolves.toBe(1);
  });
});
