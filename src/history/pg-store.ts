// The shared history on PostgreSQL: versioned migrations, a scan queue leased with FOR UPDATE SKIP LOCKED
// (a lease runs out when its holder dies, and another worker takes the scan over), verdicts read by every
// replica. Times come from the database's clock, so replicas on several hosts agree on lease expiry.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { UserError, errorMessage, messageOf } from '../core/errors.js';
import type { Finding, SeverityCounts } from '../core/finding.js';
import { readBackFindings } from '../core/message-data.js';
import { redactUrl, urlHasPassword } from './db-url.js';
import type { ListFilter, ScanStore } from './scan-store-types.js';
import { countsDocument, type Claimed, type EnforcementRecord, type EnqueueEntry, type ScanRecord, type ScanRowColumns, recordColumns } from './store.js';
import { say } from './messages.js';
import { coreMessages } from '../core/messages.js';
import { enforcementsTable, POSTGRES_TYPES, scansTable, stateTable } from './tables.js';

/** Each entry is one schema version, applied once, in order, in its own transaction. */
export const PG_MIGRATIONS: readonly string[] = [
  `${scansTable(POSTGRES_TYPES)}
   CREATE INDEX scans_digest ON scans(digest, finished_at);
   CREATE INDEX scans_repository ON scans(repository, id);
   CREATE INDEX scans_queued ON scans(id) WHERE status = 'queued';
   CREATE UNIQUE INDEX scans_inflight ON scans(repository, digest) WHERE status = 'queued';
   ${stateTable(POSTGRES_TYPES)}`,
  enforcementsTable(POSTGRES_TYPES),
];

/** Serialises migrations between replicas that start at once (any constant shared by all of them). */
const MIGRATION_LOCK = 0x5347_4d31; // "SGM1"

/** pg gives a BIGSERIAL id as a string and a TIMESTAMPTZ as a Date. */
interface Row extends ScanRowColumns<string | number, Date> {
  counts: (SeverityCounts & { notCovered?: unknown }) | null;
  /** JSONB, parsed by the driver: checked by readBackFindings. */
  findings: unknown;
  resumes: number;
}

function toRecord(r: Row): ScanRecord {
  const { notCovered, ...counts } = r.counts ?? {};
  return {
    ...recordColumns(r, Number, (t) => t.toISOString()),
    counts: r.counts ? (counts as SeverityCounts) : null,
    uncovered: Array.isArray(notCovered) ? notCovered.filter((x): x is string => typeof x === 'string') : [],
    findings: readBackFindings(r.findings),
    resumes: r.resumes,
  };
}

/** Pool settings: the password from a file (a Docker secret) when the URL has none. */
export function poolConfig(url: string, options: { passwordFile?: string; env?: NodeJS.ProcessEnv } = {}): pg.PoolConfig {
  const env = options.env ?? process.env;
  const passwordFile = options.passwordFile ?? env.SWARMGUARD_DATABASE_PASSWORD_FILE;
  let connectionString = url;
  if (passwordFile && !urlHasPassword(url)) {
    let password: string;
    try {
      password = readFileSync(passwordFile, 'utf8').trim();
    } catch (e) {
      throw new UserError(say('history.pg.passwordFile', { file: passwordFile, error: messageOf(e) }));
    }
    // The driver lets the URL's fields override the config's: the password goes into the URL, in memory only.
    const [base, ...fragment] = url.split('#');
    connectionString = `${base}${base!.includes('?') ? '&' : '?'}password=${encodeURIComponent(password)}${fragment.length ? `#${fragment.join('#')}` : ''}`;
  }
  const config: pg.PoolConfig = { connectionString, max: 4, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 };
  return config;
}

export class PgScanStore implements ScanStore {
  readonly engine = 'postgres' as const;
  readonly location: string;

  private constructor(
    readonly pool: pg.Pool,
    url: string,
    private readonly config: pg.PoolConfig,
  ) {
    this.location = redactUrl(url);
  }

  /** Connects and brings the schema up to date; refuses a schema newer than this swarmguard knows. */
  static async open(url: string, options: { passwordFile?: string; log?: (line: string) => void } = {}): Promise<PgScanStore> {
    const config = poolConfig(url, options);
    const pool = new pg.Pool(config);
    // An idle connection dropped by a database restart: the next query opens a new one.
    pool.on('error', (e) => options.log?.(`database connection lost (${errorMessage(e)}); reconnecting on the next query`));
    const store = new PgScanStore(pool, url, config);
    try {
      await store.migrate();
    } catch (e) {
      await pool.end().catch(() => undefined);
      if (e instanceof UserError) throw e;
      throw new UserError(say('history.pg.cannotOpen', { location: store.location, error: messageOf(e) }), {
        hint: say('history.pg.cannotOpen.hint'),
      });
    }
    return store;
  }

  /** A client of its own, outside the pool (for a session-level advisory lock). */
  newClient(): pg.Client {
    return new pg.Client(this.config);
  }

  async schemaVersion(): Promise<number> {
    const r = await this.pool.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    return r.rows[0]?.v ?? 0;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      const r = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
      const current = r.rows[0]?.v ?? 0;
      if (current > PG_MIGRATIONS.length) {
        throw new UserError(say('history.pg.newer', { location: this.location, version: current }), { hint: coreMessages.say('core.upgrade.hint') });
      }
      for (let v = current + 1; v <= PG_MIGRATIONS.length; v++) {
        await client.query(PG_MIGRATIONS[v - 1]!);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v]);
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  private async one(sql: string, params: unknown[]): Promise<ScanRecord | undefined> {
    const r = await this.pool.query<Row>(sql, params);
    return r.rows[0] ? toRecord(r.rows[0]) : undefined;
  }

  async enqueue(entry: EnqueueEntry): Promise<{ id: number; created: boolean }> {
    for (;;) {
      const inserted = await this.pool.query<{ id: string }>(
        `INSERT INTO scans (digest, repository, tag, trigger, origin, status) VALUES ($1, $2, $3, $4, $5, 'queued')
         ON CONFLICT (repository, digest) WHERE status = 'queued' DO NOTHING RETURNING id`,
        [entry.digest, entry.repository, entry.tag ?? null, entry.trigger, entry.origin ?? null],
      );
      if (inserted.rows[0]) return { id: Number(inserted.rows[0].id), created: true };
      const existing = await this.pool.query<{ id: string }>("SELECT id FROM scans WHERE repository = $1 AND digest = $2 AND status = 'queued'", [
        entry.repository,
        entry.digest,
      ]);
      if (existing.rows[0]) return { id: Number(existing.rows[0].id), created: false };
      // Finished between the two statements: queue it again.
    }
  }

  async claim(owner: string, leaseMs: number): Promise<Claimed | undefined> {
    const r = await this.pool.query<Row & { took_over: boolean }>(
      `WITH next AS (
         SELECT id, lease_until IS NOT NULL AS took_over FROM scans
         WHERE status = 'queued' AND (lease_until IS NULL OR lease_until < now())
         ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
       )
       UPDATE scans s SET lease_owner = $1, lease_until = now() + make_interval(secs => $2::double precision / 1000),
         resumes = s.resumes + (CASE WHEN next.took_over THEN 1 ELSE 0 END)
       FROM next WHERE s.id = next.id
       RETURNING s.*, next.took_over`,
      [owner, leaseMs],
    );
    const row = r.rows[0];
    return row ? { record: toRecord(row), tookOver: row.took_over } : undefined;
  }

  async renew(id: number, owner: string, leaseMs: number): Promise<boolean> {
    const r = await this.pool.query(
      "UPDATE scans SET lease_until = now() + make_interval(secs => $3::double precision / 1000) WHERE id = $1 AND lease_owner = $2 AND status = 'queued'",
      [id, owner, leaseMs],
    );
    return r.rowCount === 1;
  }

  async completeLeased(id: number, owner: string, findings: readonly Finding[]): Promise<boolean> {
    const r = await this.pool.query(
      "UPDATE scans SET status = 'done', finished_at = now(), counts = $3, findings = $4, error = NULL WHERE id = $1 AND lease_owner = $2 AND status = 'queued'",
      [id, owner, JSON.stringify(countsDocument(findings)), JSON.stringify(findings)],
    );
    return r.rowCount === 1;
  }

  async failLeased(id: number, owner: string, error: string): Promise<boolean> {
    const r = await this.pool.query(
      "UPDATE scans SET status = 'failed', finished_at = now(), error = $3 WHERE id = $1 AND lease_owner = $2 AND status = 'queued'",
      [id, owner, error],
    );
    return r.rowCount === 1;
  }

  async release(id: number, owner: string): Promise<void> {
    await this.pool.query("UPDATE scans SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2 AND status = 'queued'", [id, owner]);
  }

  async queuedCount(): Promise<number> {
    const r = await this.pool.query<{ n: string }>("SELECT COUNT(*) AS n FROM scans WHERE status = 'queued'");
    return Number(r.rows[0]?.n ?? 0);
  }

  async waitingCount(): Promise<number> {
    const r = await this.pool.query<{ n: string }>("SELECT COUNT(*) AS n FROM scans WHERE status = 'queued' AND (lease_until IS NULL OR lease_until < now())");
    return Number(r.rows[0]?.n ?? 0);
  }

  async record(entry: EnqueueEntry, findings: readonly Finding[], uncovered: readonly string[] = []): Promise<number> {
    const r = await this.pool.query<{ id: string }>(
      `INSERT INTO scans (digest, repository, tag, trigger, origin, status, finished_at, counts, findings)
       VALUES ($1, $2, $3, $4, $5, 'done', now(), $6, $7) RETURNING id`,
      [
        entry.digest,
        entry.repository,
        entry.tag ?? null,
        entry.trigger,
        entry.origin ?? null,
        JSON.stringify(countsDocument(findings, uncovered)),
        JSON.stringify(findings),
      ],
    );
    return Number(r.rows[0]!.id);
  }

  get(id: number): Promise<ScanRecord | undefined> {
    return this.one('SELECT * FROM scans WHERE id = $1', [id]);
  }

  async pending(): Promise<ScanRecord[]> {
    return (await this.pool.query<Row>("SELECT * FROM scans WHERE status = 'queued' ORDER BY id")).rows.map(toRecord);
  }

  async recordEnforcement(entry: EnforcementRecord): Promise<void> {
    await this.pool.query('INSERT INTO enforcements (at, service, action, digest, reason) VALUES ($1, $2, $3, $4, $5)', [
      entry.at,
      entry.service,
      entry.action,
      entry.digest,
      entry.reason,
    ]);
  }

  async enforcements(limit = 100): Promise<EnforcementRecord[]> {
    const r = await this.pool.query<{ at: Date | string; service: string; action: string; digest: string | null; reason: string }>(
      'SELECT at, service, action, digest, reason FROM enforcements ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return r.rows.map((row) => ({ ...row, at: row.at instanceof Date ? row.at.toISOString() : row.at }));
  }

  latestVerdict(digest: string): Promise<ScanRecord | undefined> {
    return this.one("SELECT * FROM scans WHERE digest = $1 AND status = 'done' ORDER BY finished_at DESC, id DESC LIMIT 1", [digest]);
  }

  recentScanOfDigest(digest: string, sinceIso: string): Promise<ScanRecord | undefined> {
    return this.one("SELECT * FROM scans WHERE digest = $1 AND status = 'done' AND finished_at >= $2 ORDER BY id DESC LIMIT 1", [digest, sinceIso]);
  }

  previousOfRepository(repository: string, beforeId: number): Promise<ScanRecord | undefined> {
    return this.one("SELECT * FROM scans WHERE repository = $1 AND status = 'done' AND id < $2 ORDER BY id DESC LIMIT 1", [repository, beforeId]);
  }

  async list(filter: ListFilter = {}): Promise<ScanRecord[]> {
    const limit = Math.max(1, Math.min(filter.limit ?? 50, 10_000));
    let r;
    if (filter.image && !filter.image.startsWith('sha256:'))
      r = await this.pool.query<Row>("SELECT * FROM scans WHERE repository = $1 OR repository || ':' || tag = $1 ORDER BY id DESC LIMIT $2", [
        filter.image,
        limit,
      ]);
    else if (filter.image) r = await this.pool.query<Row>('SELECT * FROM scans WHERE digest = $1 ORDER BY id DESC LIMIT $2', [filter.image, limit]);
    else r = await this.pool.query<Row>('SELECT * FROM scans ORDER BY id DESC LIMIT $1', [limit]);
    return r.rows.map(toRecord);
  }

  async getState(key: string): Promise<string | undefined> {
    const r = await this.pool.query<{ value: string }>('SELECT value FROM state WHERE key = $1', [key]);
    return r.rows[0]?.value;
  }

  async setState(key: string, value: string): Promise<void> {
    await this.pool.query('INSERT INTO state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  /** Bytes the database takes on disk (for the load harness). */
  async databaseBytes(): Promise<number> {
    const r = await this.pool.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n');
    return Number(r.rows[0]!.n);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
