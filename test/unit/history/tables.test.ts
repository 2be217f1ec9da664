// The tables of the scan history on each engine: SQLite creates what is missing, PostgreSQL's migrations keep the
// SQL they were applied with (plain CREATE TABLE, so a table of the same name that is there already fails them).
import { expect, it } from 'vitest';
import { PG_MIGRATIONS } from '../../../src/history/pg-store.js';
import { enforcementsTable, POSTGRES_TYPES, scansTable, SQLITE_TYPES, stateTable } from '../../../src/history/tables.js';

const words = (sql: string): string => sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();

/** The migrations as PostgreSQL databases applied them, word for word. */
const APPLIED = [
  `CREATE TABLE scans (
     id BIGSERIAL PRIMARY KEY,
     digest TEXT NOT NULL,
     repository TEXT NOT NULL,
     tag TEXT,
     trigger TEXT NOT NULL CHECK (trigger IN ('push','deploy','manual')),
     origin TEXT,
     status TEXT NOT NULL CHECK (status IN ('queued','done','failed')),
     error TEXT,
     queued_at TIMESTAMPTZ NOT NULL DEFAULT now(),
     finished_at TIMESTAMPTZ,
     counts JSONB,
     findings JSONB,
     resumes INTEGER NOT NULL DEFAULT 0,
     lease_owner TEXT,
     lease_until TIMESTAMPTZ
   );
   CREATE INDEX scans_digest ON scans(digest, finished_at);
   CREATE INDEX scans_repository ON scans(repository, id);
   CREATE INDEX scans_queued ON scans(id) WHERE status = 'queued';
   CREATE UNIQUE INDEX scans_inflight ON scans(repository, digest) WHERE status = 'queued';
   CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  `CREATE TABLE enforcements (
     id BIGSERIAL PRIMARY KEY,
     at TIMESTAMPTZ NOT NULL,
     service TEXT NOT NULL,
     action TEXT NOT NULL,
     digest TEXT,
     reason TEXT NOT NULL
   );`,
];

it('PostgreSQL migrations already applied keep their SQL: plain CREATE TABLE, never IF NOT EXISTS', () => {
  expect(PG_MIGRATIONS.map(words)).toEqual(APPLIED.map(words));
  for (const sql of PG_MIGRATIONS) expect(sql).not.toMatch(/IF NOT EXISTS/i);
});

it('SQLite creates only the tables a file lacks', () => {
  for (const sql of [scansTable(SQLITE_TYPES), enforcementsTable(SQLITE_TYPES), stateTable(SQLITE_TYPES)]) {
    expect(sql).toMatch(/^CREATE TABLE IF NOT EXISTS /);
  }
  for (const sql of [scansTable(POSTGRES_TYPES), enforcementsTable(POSTGRES_TYPES), stateTable(POSTGRES_TYPES)]) {
    expect(sql).toMatch(/^CREATE TABLE (?!IF NOT EXISTS)/);
  }
});
