// The advisory DB's SQLite schema, its version, and opening a file with clear errors for wrong ones.
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { ExitCode, UserError, messageOf } from '../core/errors.js';
import { openSqlite, type SqlDatabase } from '../core/sqlite.js';
import { say } from './messages.js';

/** Bump when the layout changes; older binaries refuse newer files instead of misreading them. */
export const SCHEMA_VERSION = 1;

export type Db = SqlDatabase;

/**
 * KEV entries and EPSS scores: tables a reader without them ignores, so they came without a schema
 * version bump. Writers create them in files made before they existed; readers treat a file without
 * them as holding no such data.
 */
const EXPLOITATION_DDL = `
CREATE TABLE IF NOT EXISTS kev (
  source          TEXT NOT NULL,
  cve             TEXT NOT NULL,
  date_added      TEXT NOT NULL,
  due_date        TEXT,
  ransomware      INTEGER NOT NULL DEFAULT 0,
  vendor_project  TEXT,
  product         TEXT,
  name            TEXT,
  PRIMARY KEY (source, cve)
);
CREATE INDEX IF NOT EXISTS kev_cve ON kev(cve);
CREATE TABLE IF NOT EXISTS epss (
  source     TEXT NOT NULL,
  cve        TEXT NOT NULL,
  score      REAL NOT NULL,
  percentile REAL,
  date       TEXT NOT NULL,
  model      TEXT,
  PRIMARY KEY (source, cve)
);
CREATE INDEX IF NOT EXISTS epss_cve ON epss(cve);
`;

const DDL =
  `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
  id            TEXT PRIMARY KEY,
  type          TEXT NOT NULL,
  url           TEXT,
  etag          TEXT,
  last_modified TEXT,
  fetched_at    TEXT,
  imported_at   TEXT,
  advisories    INTEGER NOT NULL DEFAULT 0,
  affected      INTEGER NOT NULL DEFAULT 0,
  skipped       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS advisories (
  rowid           INTEGER PRIMARY KEY,
  source          TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  id              TEXT NOT NULL,
  aliases         TEXT NOT NULL DEFAULT '[]',
  summary         TEXT,
  details         TEXT,
  severity        TEXT,
  severity_source TEXT,
  cvss            TEXT NOT NULL DEFAULT '[]',
  published       TEXT,
  modified        TEXT,
  refs            TEXT NOT NULL DEFAULT '[]',
  withdrawn       TEXT,
  UNIQUE (source, id)
);
CREATE INDEX IF NOT EXISTS advisories_id ON advisories(id);
CREATE TABLE IF NOT EXISTS aliases (
  alias    TEXT NOT NULL,
  advisory INTEGER NOT NULL REFERENCES advisories(rowid) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS aliases_alias ON aliases(alias);
CREATE INDEX IF NOT EXISTS aliases_advisory ON aliases(advisory);
CREATE TABLE IF NOT EXISTS affected (
  advisory        INTEGER NOT NULL REFERENCES advisories(rowid) ON DELETE CASCADE,
  namespace       TEXT NOT NULL,
  package         TEXT NOT NULL,
  scheme          TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('fixed', 'affected', 'will-not-fix', 'not-affected')),
  ranges          TEXT NOT NULL,
  fixed_versions  TEXT NOT NULL DEFAULT '[]',
  severity        TEXT,
  severity_source TEXT
);
CREATE INDEX IF NOT EXISTS affected_lookup ON affected(namespace, package);
CREATE INDEX IF NOT EXISTS affected_advisory ON affected(advisory);
` + EXPLOITATION_DDL;

const SQLITE_MAGIC = 'SQLite format 3\u0000';

function looksLikeSqlite(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    // An empty file is what SQLite itself creates lazily; treat it as "not a DB" too.
    return n === 16 && buf.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}

export interface OpenOptions {
  readonly?: boolean;
  /** Create the file and schema when missing (writers only). */
  create?: boolean;
}

/** A DB that does not exist: say how to get one. */
export function missingDbError(file: string): UserError {
  return new UserError(say('vulndb.db.missing', { file }), {
    hint: say('vulndb.db.missing.hint'),
    exitCode: ExitCode.USAGE,
  });
}

/** Opens the advisory DB, refusing files that are not SQLite or come from a newer swarmguard. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const exists = existsSync(file);
  if (!exists && !options.create) throw missingDbError(file);
  if (exists && !looksLikeSqlite(file)) {
    throw new UserError(say('vulndb.db.notSqlite', { file }), {
      hint: say('vulndb.db.notSqlite.hint'),
    });
  }
  let db: Db;
  try {
    db = openSqlite(file, { readonly: options.readonly === true, mustExist: !options.create });
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(say('vulndb.db.cannotOpen', { file, error: messageOf(e) }), { cause: e });
  }
  try {
    const version = db.userVersion();
    if (version > SCHEMA_VERSION) {
      throw new UserError(say('vulndb.db.newer', { file, version, max: SCHEMA_VERSION }), {
        hint: say('vulndb.db.newer.hint'),
      });
    }
    // Scans read a few thousand rows at random places: map the file and keep a larger page cache.
    db.pragma('mmap_size = 1073741824');
    db.pragma('cache_size = -65536');
    if (!options.readonly) {
      db.pragma('journal_mode = DELETE');
      db.pragma('foreign_keys = ON');
      if (version < SCHEMA_VERSION) initSchema(db, version);
      else db.exec(EXPLOITATION_DDL);
    } else if (version === 0) {
      const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
      if (!hasMeta) {
        throw new UserError(say('vulndb.db.foreign', { file }), {
          hint: say('vulndb.db.foreign.hint'),
        });
      }
    }
    return db;
  } catch (e) {
    db.close();
    if (e instanceof UserError) throw e;
    throw new UserError(say('vulndb.db.unreadable', { file, error: messageOf(e) }), {
      hint: say('vulndb.db.unreadable.hint'),
      cause: e,
    });
  }
}

function initSchema(db: Db, from: number): void {
  if (from === 0) {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    if (tables.length > 0 && !tables.some((t) => t.name === 'meta')) {
      throw new UserError(say('vulndb.db.otherSqlite'), {
        hint: say('vulndb.db.otherSqlite.hint'),
      });
    }
  }
  db.transaction(() => {
    db.exec(DDL);
    db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run('schema_version', String(SCHEMA_VERSION));
    db.prepare('INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)').run('created_at', new Date().toISOString());
    db.setUserVersion(SCHEMA_VERSION);
  });
}
