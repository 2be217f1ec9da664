import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { openSqlite, openSqliteImage, sqliteEngine } from '../../../src/core/sqlite.js';
import { describeEachSqliteEngine, SQLITE_ENGINES_HERE } from '../../helpers/sqlite-engines.js';
import { bundle } from '../packages/bundle.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-sqlite-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const file = (): string => path.join(tmp, `db-${++n}.sqlite`);

describe('which engine opens databases', () => {
  it('prefers node:sqlite where Node has it, else better-sqlite3', () => {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    const builtin = major > 22 || (major === 22 && minor >= 13);
    expect(SQLITE_ENGINES_HERE.includes('node:sqlite')).toBe(builtin);
    expect(sqliteEngine()).toBe(builtin ? 'node:sqlite' : 'better-sqlite3');
  });

  it('follows $SWARMGUARD_SQLITE, and refuses an unknown engine or one that does not load here', () => {
    const saved = process.env.SWARMGUARD_SQLITE;
    try {
      for (const engine of SQLITE_ENGINES_HERE) {
        process.env.SWARMGUARD_SQLITE = engine;
        expect(openSqlite(':memory:').engine).toBe(engine);
      }
      process.env.SWARMGUARD_SQLITE = 'sqlite4';
      expect(() => openSqlite(':memory:')).toThrow(/\$SWARMGUARD_SQLITE: "sqlite4" is not an SQLite engine/);
      const missing = (['node:sqlite', 'better-sqlite3'] as const).filter((e) => !SQLITE_ENGINES_HERE.includes(e));
      for (const engine of missing) {
        process.env.SWARMGUARD_SQLITE = engine;
        const err = (() => {
          try {
            openSqlite(':memory:');
          } catch (e) {
            return e;
          }
          return undefined;
        })();
        expect(err).toBeInstanceOf(UserError);
        expect((err as UserError).message).toMatch(
          engine === 'node:sqlite' ? /has no built-in node:sqlite/ : /better-sqlite3 (is not installed|was built for another Node version)/,
        );
        expect((err as UserError).hint).toMatch(/Node 22\.13\+ or 24/);
      }
    } finally {
      if (saved === undefined) delete process.env.SWARMGUARD_SQLITE;
      else process.env.SWARMGUARD_SQLITE = saved;
    }
  });

  it('a process without better-sqlite3 works on node:sqlite, and on Node 20 says what to install', () => {
    // Bundled outside the checkout, so that better-sqlite3 cannot be found from there.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-sqlite-alone-'));
    try {
      const outfile = bundle(
        `import { openSqlite } from './src/core/sqlite.ts';
        try { const db = openSqlite(':memory:'); console.log(JSON.stringify({ engine: db.engine })); db.close(); }
        catch (e) { console.log(JSON.stringify({ error: e.message, hint: e.hint })); }`,
        'alone',
        dir,
      );
      const r = spawnSync(process.execPath, [outfile], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { ...process.env, SWARMGUARD_SQLITE: '' } });
      expect(r.stderr).not.toMatch(/ExperimentalWarning/);
      const out = JSON.parse(r.stdout) as { engine?: string; error?: string; hint?: string };
      if (SQLITE_ENGINES_HERE.includes('node:sqlite')) expect(out).toEqual({ engine: 'node:sqlite' });
      else {
        expect(out.error).toBe(`swarmguard needs SQLite, and Node ${process.version} has no built-in node:sqlite, and better-sqlite3 is not installed`);
        expect(out.hint).toMatch(/npm install better-sqlite3@12/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describeEachSqliteEngine('the SQLite API', (engine) => {
  it('names its engine, runs statements with positional and named parameters, and reads rows back', () => {
    const db = openSqlite(file());
    expect(db.engine).toBe(engine);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, data BLOB, score REAL)');
    const ins = db.prepare('INSERT INTO t (name, data, score) VALUES (?, ?, ?)');
    expect(ins.run('a', Buffer.from([1, 2]), 1.5)).toMatchObject({ changes: 1, lastInsertRowid: 1 });
    expect(db.prepare('INSERT INTO t (name, score) VALUES (@name, @score)').run({ name: 'b', score: null })).toMatchObject({ changes: 1, lastInsertRowid: 2 });
    expect({ ...(db.prepare('SELECT id, name, score FROM t WHERE name = ?').get('b') as object) }).toEqual({ id: 2, name: 'b', score: null });
    expect(db.prepare('SELECT 1 FROM t WHERE name = ?').get('zzz')).toBeUndefined();
    expect(
      db
        .prepare('SELECT name FROM t ORDER BY id')
        .all()
        .map((r) => (r as { name: string }).name),
    ).toEqual(['a', 'b']);
    const blob = (db.prepare('SELECT data FROM t WHERE id = 1').get() as { data: Uint8Array }).data;
    expect(blob).toBeInstanceOf(Uint8Array);
    expect([...blob]).toEqual([1, 2]);
    const seen: string[] = [];
    for (const r of db.prepare('SELECT name FROM t ORDER BY id DESC').iterate()) seen.push((r as { name: string }).name);
    expect(seen).toEqual(['b', 'a']);
    expect(db.prepare('UPDATE t SET score = 2').run().changes).toBe(2);
    expect(() => db.exec('SELECT * FROM no_such_table')).toThrow(/no such table/);
    db.close();
  });

  it('commits a transaction, rolls it back when it throws, and nests (also inside a BEGIN the caller opened)', () => {
    const db = openSqlite(file());
    db.exec('CREATE TABLE t (x INTEGER)');
    const count = (): number => (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
    const add = db.prepare('INSERT INTO t VALUES (?)');
    expect(db.transaction(() => (add.run(1), 'done'))).toBe('done');
    expect(() =>
      db.transaction(() => {
        add.run(2);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(count()).toBe(1);
    db.transaction(() => {
      add.run(3);
      expect(() =>
        db.transaction(() => {
          add.run(4);
          throw new Error('inner');
        }),
      ).toThrow('inner');
      db.transaction(() => add.run(5));
    });
    expect(
      db
        .prepare('SELECT x FROM t ORDER BY x')
        .all()
        .map((r) => (r as { x: number }).x),
    ).toEqual([1, 3, 5]);
    db.exec('BEGIN');
    db.transaction(() => add.run(6));
    db.exec('ROLLBACK');
    expect(count()).toBe(3);
    // A function that returns a promise would run its statements after the commit: refused, nothing kept.
    expect(() => db.transaction(() => Promise.resolve(add.run(7)))).toThrow(/must not be async/);
    expect(count()).toBe(3);
    db.close();
  });

  it('reads and sets pragmas: journal mode, user_version, and data_version when another connection commits', () => {
    const f = file();
    const db = openSqlite(f);
    expect(db.pragma('journal_mode = WAL')).toBe('wal');
    expect(db.userVersion()).toBe(0);
    db.setUserVersion(7);
    expect(db.userVersion()).toBe(7);
    expect(() => db.setUserVersion(-1)).toThrow(RangeError);
    expect(() => db.setUserVersion(2 ** 31)).toThrow(RangeError);
    expect(() => db.setUserVersion(1.5)).toThrow(RangeError);
    db.exec('CREATE TABLE t (x)');
    const v0 = db.dataVersion();
    const other = openSqlite(f);
    other.prepare('INSERT INTO t VALUES (1)').run();
    other.close();
    expect(db.dataVersion()).not.toBe(v0);
    expect(db.pragma('user_version = 8')).toBeUndefined();
    db.close();
  });

  it('read-only opens never create or write; mustExist refuses a missing file without creating it', () => {
    const missing = file();
    expect(() => openSqlite(missing, { readonly: true })).toThrow();
    expect(() => openSqlite(missing, { mustExist: true })).toThrow();
    expect(existsSync(missing)).toBe(false);
    const f = file();
    const w = openSqlite(f);
    w.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    w.close();
    const r = openSqlite(f, { readonly: true });
    expect(() => r.exec('INSERT INTO t VALUES (2)')).toThrow(/readonly|read-only/i);
    expect(r.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    r.close();
  });

  it('opens the bytes of a database read-only, leaves them alone, and leaves no temporary file behind', () => {
    const f = file();
    const w = openSqlite(f);
    w.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('kept')");
    w.close();
    const bytes = readFileSync(f);
    const before = Buffer.from(bytes);
    const scratch = mkdtempSync(path.join(tmp, 'scratch-'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    try {
      const db = openSqliteImage(bytes);
      expect(db.prepare('SELECT x FROM t').get()).toEqual({ x: 'kept' });
      expect(() => db.exec("INSERT INTO t VALUES ('no')")).toThrow();
      db.close();
      expect(readdirSync(scratch)).toEqual([]);
      const junk = openSqliteImage(Buffer.concat([bytes.subarray(0, 16), Buffer.alloc(4096, 0xff)]));
      expect(() => junk.prepare('SELECT * FROM t').all()).toThrow();
      junk.close();
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    expect(bytes.equals(before)).toBe(true);
  });
});
