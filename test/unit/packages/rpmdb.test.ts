import { describe, expect, it, afterAll } from 'vitest';
import fc from 'fast-check';
import { openSqlite } from '../../../src/core/sqlite.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CAPS, readBdbBlobs } from '../../../src/packages/rpmdb/bdb.js';
import { readNdbBlobs } from '../../../src/packages/rpmdb/ndb.js';
import { readSqliteBlobs } from '../../../src/packages/rpmdb/sqlite.js';
import { rpmAnalyzer } from '../../../src/packages/analyzers/rpm.js';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import type { InventoryWarning } from '../../../src/packages/types.js';
import { bundle } from './bundle.js';
import { describeEachSqliteEngine } from '../../helpers/sqlite-engines.js';

const FIX = 'test/fixtures/packages/rpmdb';
const bdb = readFileSync(`${FIX}/rhel8-bdb/Packages`);
const ndb = readFileSync(`${FIX}/sle15-ndb/Packages.db`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-rpmdb-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** expected.tsv rows as "name epoch:version-release arch source-rpm". */
function expected(file: string): string[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const [name, epoch, version, release, arch, srpm] = l.split('\t');
      return `${name} ${epoch ? `${epoch}:` : ''}${version}-${release} ${arch} ${srpm}`;
    })
    .sort();
}

const rows = (out: ReturnType<typeof rpmAnalyzer.analyze>): string[] =>
  out.packages.map((p) => `${p.name} ${p.version} ${p.arch} ${p.sourceName}-${p.sourceVersion}.src.rpm`).sort();

const PAGE = 4096;

/** Warnings in English, one a line. */
const text = (ws: readonly InventoryWarning[]): string => ws.map((w) => english(w)).join('\n');

/**
 * A little-endian Berkeley DB hash file: one hash page whose values each sit on an overflow page of their own; the
 * last `broken` values point at a page past the end of the file.
 */
function bdbOf(values: readonly Buffer[], broken = 0): Buffer {
  const buf = Buffer.alloc(PAGE * (2 + values.length));
  buf.writeUInt32LE(0x00061561, 12); // magic
  buf.writeUInt32LE(PAGE, 20);
  buf.writeUInt8(8, 25); // P_HASHMETA
  buf.writeUInt32LE(1 + values.length, 32); // last page
  const hash = PAGE;
  buf.writeUInt8(13, hash + 25); // P_HASH
  buf.writeUInt16LE(values.length * 2, hash + 20);
  values.forEach((v, k) => {
    const item = PAGE - 12 * (k + 1);
    buf.writeUInt16LE(item, hash + 26 + (2 * k + 1) * 2); // entries alternate key, value
    buf.writeUInt8(3, hash + item); // H_OFFPAGE
    const pg = 2 + k;
    buf.writeUInt32LE(k >= values.length - broken ? 1000 + k : pg, hash + item + 4);
    buf.writeUInt32LE(v.length, hash + item + 8);
    const at = pg * PAGE;
    buf.writeUInt8(7, at + 25); // P_OVERFLOW
    buf.writeUInt16LE(v.length, at + 22); // the last page: bytes used
    v.copy(buf, at + 26);
  });
  return buf;
}

describe('rpm: Berkeley DB', () => {
  it('lists what `rpm -qa` lists for a real RHEL 8 database, with the source rpm and epoch', () => {
    const out = rpmAnalyzer.analyze({ path: 'var/lib/rpm/Packages', content: bdb, layer: 'l', os: { family: 'rhel', version: '8.8', source: 'x' } });
    expect(out.warnings).toEqual([]);
    expect(rows(out)).toEqual(expected(`${FIX}/rhel8-bdb/expected.tsv`));
    expect(out.packages[0]).toMatchObject({
      name: 'libuuid',
      sourceName: 'util-linux',
      sourceVersion: '2.32.1-42.el8_8',
      purl: 'pkg:rpm/redhat/libuuid@2.32.1-42.el8_8?arch=x86_64&distro=redhat-8.8',
    });
    expect(out.packages[0]!.epoch).toBeUndefined();
  });

  it('survives a truncated page: a warning, no crash', () => {
    for (const len of [PAGE, PAGE * 2 + 100, bdb.length - PAGE - 7]) {
      const out = rpmAnalyzer.analyze({ path: 'var/lib/rpm/Packages', content: bdb.subarray(0, len), layer: 'l' });
      expect(text(out.warnings)).toMatch(/truncated|skipped/);
    }
  });

  it('stops at a page loop in an overflow chain', () => {
    const looped = Buffer.from(bdb);
    for (let pg = 1; pg * PAGE < looped.length; pg++) {
      const at = pg * PAGE;
      if (looped.readUInt8(at + 25) === 7 && looped.readUInt32LE(at + 16) === 0) looped.writeUInt32LE(pg, at + 16);
    }
    const r = readBdbBlobs(looped);
    expect(r.blobs).toEqual([]);
    expect(text(r.warnings)).toMatch(/page loop/);
  });

  it('caps the packages and the bytes of their headers, and says the scan was cut short', () => {
    const five = bdbOf([1, 2, 3, 4, 5].map((n) => Buffer.alloc(100, n)));
    expect(readBdbBlobs(five).blobs).toHaveLength(5);
    const capped = readBdbBlobs(five, { maxBlobs: 3, maxBlobBytes: 1000, maxTotalBytes: 10_000 });
    expect(capped.blobs).toHaveLength(3);
    expect(text(capped.warnings)).toBe('not scanned: more than 3 packages: the rest not read');
    expect(capped.warnings.map((w) => w.cut)).toEqual([true]);
    const over = readBdbBlobs(five, { maxBlobs: 100, maxBlobBytes: 1000, maxTotalBytes: 450 });
    expect(over.blobs).toEqual([]);
    expect(text(over.warnings)).toBe('not scanned: refused: the package headers add up to more than 450 bytes');
    expect(over.warnings.map((w) => w.cut)).toEqual([true]);
  });

  it('says one skipped entry and many skipped entries in plain English, without cutting the scan short', () => {
    const one = readBdbBlobs(bdbOf([Buffer.alloc(100, 1), Buffer.alloc(100, 2)], 1));
    expect(one.blobs).toHaveLength(1);
    expect(text(one.warnings)).toBe('1 entry skipped: page numbers outside the file, a page loop or a broken chain');
    expect(one.warnings[0]!.cut).toBeUndefined();
    const three = readBdbBlobs(
      bdbOf(
        [1, 2, 3, 4].map((n) => Buffer.alloc(100, n)),
        3,
      ),
    );
    expect(three.blobs).toHaveLength(1);
    expect(text(three.warnings)).toBe('3 entries skipped: page numbers outside the file, a page loop or a broken chain');
    expect(three.warnings[0]!.cut).toBeUndefined();
  });

  it('never throws on random or mutated bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bdb.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.nat(bdb.length), (at, v, cut) => {
        const b = Buffer.from(bdb.subarray(0, Math.max(cut, 600)));
        if (at < b.length) b[at] = v;
        readBdbBlobs(b);
        rpmAnalyzer.analyze({ path: 'var/lib/rpm/Packages', content: b, layer: 'l' });
      }),
      { numRuns: 300 },
    );
  });
});

describe('rpm: ndb', () => {
  it('lists the 35 packages of a real SUSE database', () => {
    const out = rpmAnalyzer.analyze({
      path: 'usr/lib/sysimage/rpm/Packages.db',
      content: ndb,
      layer: 'l',
      os: { family: 'sles', version: '15.3', source: 'x' },
    });
    expect(out.warnings).toEqual([]);
    expect(rows(out)).toEqual(expected(`${FIX}/sle15-ndb/expected.tsv`));
  });

  it('stops at its package cap: the rest not read, so the scan is not complete (as bdb and sqlite)', () => {
    const r = readNdbBlobs(ndb, { ...DEFAULT_CAPS, maxBlobs: 3 });
    expect(r.blobs).toHaveLength(3);
    expect(text(r.warnings)).toBe('not scanned: more than 3 packages: the rest not read');
    expect(r.warnings.every((w) => w.cut)).toBe(true);
  });

  it('skips a slot whose blob lies past the end of the file, and keeps the rest', () => {
    const b = Buffer.from(ndb);
    b.writeUInt32LE(0x7fffffff, 32 + 8); // slot 0's block offset
    const r = readNdbBlobs(b);
    expect(r.blobs).toHaveLength(34);
    expect(text(r.warnings)).toBe('1 slot(s) skipped: bad magic, or a blob outside the file');
    expect(text(readNdbBlobs(ndb.subarray(0, 100)).warnings)).toMatch(/truncated/);
  });

  it('never throws on mutated bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8192 }), fc.integer({ min: 0, max: 255 }), (at, v) => {
        const b = Buffer.from(ndb.subarray(0, 16384));
        b[at] = v;
        readNdbBlobs(b);
      }),
      { numRuns: 300 },
    );
  });
});

describeEachSqliteEngine('rpm: SQLite, hostile schemas', (engine) => {
  const dir = mkdtempSync(path.join(tmp, `${engine.replace(':', '-')}-`));
  const make = (name: string, sql: string): Buffer => {
    const f = path.join(dir, name);
    const db = openSqlite(f);
    db.exec(sql);
    db.close();
    return readFileSync(f);
  };

  it('reads a database that rpm left in WAL mode (RHEL 9), which SQLite cannot open from memory as it is (better-sqlite3, Node 24)', () => {
    const f = path.join(dir, 'wal.sqlite');
    const db = openSqlite(f);
    db.pragma('journal_mode = WAL');
    db.exec("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB); INSERT INTO Packages VALUES (1, x'0102'), (2, x'0304');");
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const buf = readFileSync(f);
    expect([buf[18], buf[19]]).toEqual([2, 2]);
    const r = readSqliteBlobs(buf);
    expect(r.warnings).toEqual([]);
    expect(r.blobs.map((b) => b.toString('hex'))).toEqual(['0102', '0304']);
    expect([buf[18], buf[19]]).toEqual([2, 2]); // the caller's bytes are left alone
  });

  /** The SUSE database's 35 real headers in rpm's SQLite layout, as RHEL 9 keeps them (WAL mode). */
  let suse: Buffer | undefined;
  const suseAsSqlite = (): Buffer => {
    if (suse) return suse;
    const f = path.join(dir, 'suse.sqlite');
    const db = openSqlite(f);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
    const add = db.prepare('INSERT INTO Packages (blob) VALUES (?)');
    db.transaction(() => readNdbBlobs(ndb).blobs.forEach((b) => add.run(b)));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    suse = readFileSync(f);
    return suse;
  };

  it('lists the same 35 packages from the SUSE headers kept in SQLite as from the ndb file', () => {
    const sqlite = suseAsSqlite();
    const out = rpmAnalyzer.analyze({ path: 'var/lib/rpm/rpmdb.sqlite', content: sqlite, layer: 'l' });
    expect(out.warnings).toEqual([]);
    expect(rows(out)).toEqual(expected(`${FIX}/sle15-ndb/expected.tsv`));
  });

  it('never throws on mutated or truncated bytes', () => {
    const sqlite = suseAsSqlite();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sqlite.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.boolean(), (at, v, truncate) => {
        const b = truncate ? sqlite.subarray(0, Math.max(at, 100)) : Buffer.from(sqlite);
        if (!truncate) b[at] = v;
        const r = readSqliteBlobs(b);
        expect(r.blobs.length).toBeLessThanOrEqual(35);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a Packages view and triggers, and caps the rows', () => {
    const view = make('view.sqlite', "CREATE VIEW Packages AS SELECT 1 AS hnum, x'00' AS blob;");
    expect(text(readSqliteBlobs(view).warnings)).toBe('not scanned: refused: the database defines a view "Packages"; an rpmdb has only tables');
    const trig = make(
      'trig.sqlite',
      'CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB); CREATE TABLE t(x); CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;',
    );
    expect(text(readSqliteBlobs(trig).warnings)).toBe('not scanned: refused: the database defines a trigger "tr"; an rpmdb has only tables');
    const both = make(
      'both.sqlite',
      "CREATE VIEW Packages AS SELECT 1 AS hnum, x'00' AS blob; CREATE TABLE t(x); CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;",
    );
    const [w] = readSqliteBlobs(both).warnings;
    expect(english(w!)).toBe('not scanned: refused: the database defines a view "Packages", a trigger "tr"; an rpmdb has only tables');
    expect(w!.cut).toBe(true);
    expect(localizeMessage(w!, 'ja')).toBe(
      'スキャンしていません: データベースが view "Packages"、trigger "tr" を定義しているため受け付けません。rpmdb にあるのはテーブルだけです',
    );
    const many = make(
      'many.sqlite',
      "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) INSERT INTO Packages SELECT i, x'00' FROM n;",
    );
    const r = readSqliteBlobs(many, { maxBlobs: 10, maxBlobBytes: 100, maxTotalBytes: 1000 });
    expect(r.blobs).toHaveLength(10);
    expect(text(r.warnings)).toBe('not scanned: more than 10 packages: the rest not read');
    expect(r.warnings.map((w) => w.cut)).toEqual([true]);
  });

  it('refuses generated columns and a byte total past the budget, and says the scan was cut short', () => {
    const gen = make('gen.sqlite', 'CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB, big BLOB AS (zeroblob(1000)) STORED);');
    const g = readSqliteBlobs(gen).warnings;
    expect(text(g)).toBe('not scanned: refused: the Packages table has 1 generated or hidden column(s); an rpmdb stores its headers');
    expect(g.map((w) => w.cut)).toEqual([true]);
    const big = make(
      'big.sqlite',
      'CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20) INSERT INTO Packages SELECT i, zeroblob(100) FROM n;',
    );
    const r = readSqliteBlobs(big, { maxBlobs: 1000, maxBlobBytes: 1000, maxTotalBytes: 1500 });
    expect(r.blobs).toEqual([]);
    expect(text(r.warnings)).toBe('not scanned: refused: the package headers add up to more than 1500 bytes');
    expect(r.warnings.map((w) => w.cut)).toEqual([true]);
  });

  it('a recursive Packages view ends in well under 10 s and 512 MiB (it looped forever before)', () => {
    const f = path.join(dir, 'recursive.sqlite');
    make(
      'recursive.sqlite',
      "CREATE VIEW Packages AS WITH RECURSIVE r(hnum, blob) AS (SELECT 1, x'00' UNION ALL SELECT hnum + 1, blob FROM r) SELECT hnum, blob FROM r;",
    );
    const child = bundle(
      `import { readFileSync } from 'node:fs';
       import { rpmAnalyzer } from './src/packages/analyzers/rpm.ts';
       const out = rpmAnalyzer.analyze({ path: 'var/lib/rpm/rpmdb.sqlite', content: readFileSync(process.argv[2]), layer: 'l' });
       console.log(JSON.stringify({ warnings: out.warnings, rssKiB: process.resourceUsage().maxRSS }));`,
      'rpm-view',
    );
    const r = spawnSync(process.execPath, [child, f], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, SWARMGUARD_SQLITE: engine } });
    rmSync(child, { force: true });
    expect(r.signal).toBeNull();
    const out = JSON.parse(r.stdout) as { warnings: InventoryWarning[]; rssKiB: number };
    expect(text(out.warnings)).toMatch(/refused/);
    expect(out.rssKiB).toBeLessThan(512 * 1024);
  }, 30_000);
});
