// The tables of the scan history, written once for both engines: each engine gives the SQL types of its keys,
// times and JSON documents (SQLite keeps ISO text, PostgreSQL timestamptz and jsonb).
export interface ColumnTypes {
  /** The scans' key, that never reuses a removed row's id. */
  readonly scanKey: string;
  readonly enforcementKey: string;
  readonly time: string;
  readonly json: string;
  /** What a queued scan's time defaults to, when the engine sets it (` DEFAULT now()`). */
  readonly queuedDefault: string;
  /**
   * How a table is created. SQLite's migrate() runs over files that may hold some of the tables already
   * (IF NOT EXISTS); a PostgreSQL migration runs once per database, so a table of the same name that is there
   * already is someone else's, and the migration fails instead of adopting it.
   */
  readonly createTable: string;
}

export const SQLITE_TYPES: ColumnTypes = {
  scanKey: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  enforcementKey: 'INTEGER PRIMARY KEY',
  time: 'TEXT',
  json: 'TEXT',
  queuedDefault: '',
  createTable: 'CREATE TABLE IF NOT EXISTS',
};
export const POSTGRES_TYPES: ColumnTypes = {
  scanKey: 'BIGSERIAL PRIMARY KEY',
  enforcementKey: 'BIGSERIAL PRIMARY KEY',
  time: 'TIMESTAMPTZ',
  json: 'JSONB',
  queuedDefault: ' DEFAULT now()',
  createTable: 'CREATE TABLE',
};

/** One scan: queued, then done or failed, with its counts and findings; leased by one worker while queued. */
export function scansTable(t: ColumnTypes): string {
  return `${t.createTable} scans (
    id ${t.scanKey},
    digest TEXT NOT NULL,
    repository TEXT NOT NULL,
    tag TEXT,
    trigger TEXT NOT NULL CHECK (trigger IN ('push','deploy','manual')),
    origin TEXT,
    status TEXT NOT NULL CHECK (status IN ('queued','done','failed')),
    error TEXT,
    queued_at ${t.time} NOT NULL${t.queuedDefault},
    finished_at ${t.time},
    counts ${t.json},
    findings ${t.json},
    resumes INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until ${t.time}
  );`;
}

/** What the admission controller did to a service, and why. */
export function enforcementsTable(t: ColumnTypes): string {
  return `${t.createTable} enforcements (id ${t.enforcementKey}, at ${t.time} NOT NULL, service TEXT NOT NULL, action TEXT NOT NULL, digest TEXT, reason TEXT NOT NULL);`;
}

/** Small values that outlive a process (watch's position in the event stream). */
export function stateTable(t: ColumnTypes): string {
  return `${t.createTable} state (key TEXT PRIMARY KEY, value TEXT NOT NULL);`;
}
