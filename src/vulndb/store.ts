// Reading and writing the advisory DB: import sources into it, look packages up, report its state.
import type { SqlStatement as Statement } from '../core/sqlite.js';
import type { EpssRating, KevRating } from '../core/finding.js';
import type { VersionRange } from '../versions/index.js';
import type { EpssEntry, EpssRecord, KevEntry, KevRecord } from './exploitation.js';
import type { Advisory, AdvisoryRecord, AdvisoryReference, AffectedEntry, AffectedStatus, CvssEntry } from './model.js';
import { openDatabase, SCHEMA_VERSION, type Db, type OpenOptions } from './schema.js';

export interface SourceInfo {
  id: string;
  type: string;
  url?: string;
  etag?: string;
  lastModified?: string;
  fetchedAt?: string;
}

export interface SourceStatus extends SourceInfo {
  importedAt?: string;
  advisories: number;
  affected: number;
  skipped: number;
}

/** NVD's record of a CVE: every CVSS metric it carries, from the newest feed that has the CVE. */
export interface NvdRecord {
  id: string;
  source: string;
  cvss: CvssEntry[];
  modified?: string;
  summary?: string;
}

/** An affected row joined with its advisory, as the matcher reads it: the entry, and its advisory's fields. */
export interface AffectedRow
  extends AffectedEntry, Pick<Advisory, 'aliases' | 'summary' | 'details' | 'cvss' | 'references' | 'published' | 'modified' | 'withdrawn'> {
  advisoryId: string;
  source: string;
  /** The advisory's own severity (the entry's is `severity`). */
  advisorySeverity?: string;
  advisorySeveritySource?: string;
}

interface RawRow {
  advisory_id: string;
  source: string;
  aliases: string;
  summary: string | null;
  details: string | null;
  adv_severity: string | null;
  adv_severity_source: string | null;
  cvss: string;
  refs: string;
  published: string | null;
  modified: string | null;
  withdrawn: string | null;
  namespace: string;
  package: string;
  scheme: string;
  status: AffectedStatus;
  ranges: string;
  fixed_versions: string;
  severity: string | null;
  severity_source: string | null;
}

/** `{ key: value }` when the column holds a value, else nothing: spread into a record, an empty column leaves the field out. */
const column = <K extends string, V>(key: K, v: V | null): Partial<Record<K, V>> => (v === null ? {} : ({ [key]: v } as Record<K, V>));

export class VulnStore {
  private lookupStmt: Statement | undefined;
  private nvdStmt: Statement | undefined;
  private hasNsStmt: Statement | undefined;
  private kevStmt: Statement | undefined;
  private epssStmt: Statement | undefined;
  private exploitationTables: boolean | undefined;

  private constructor(
    readonly db: Db,
    readonly path: string,
  ) {}

  static open(path: string, options: OpenOptions = {}): VulnStore {
    return new VulnStore(openDatabase(path, options), path);
  }

  close(): void {
    this.db.close();
  }

  // ---- writing -----------------------------------------------------------

  /** Speeds up building a fresh file that is discarded on failure anyway. */
  setBulkMode(on: boolean): void {
    this.db.pragma(on ? 'synchronous = OFF' : 'synchronous = FULL');
  }

  /** Deletes every row a source imported (advisories, their rows, KEV entries, EPSS scores); inside a transaction. */
  private deleteRowsOf(id: string): void {
    this.db.prepare('DELETE FROM affected WHERE advisory IN (SELECT rowid FROM advisories WHERE source = ?)').run(id);
    this.db.prepare('DELETE FROM aliases WHERE advisory IN (SELECT rowid FROM advisories WHERE source = ?)').run(id);
    this.db.prepare('DELETE FROM advisories WHERE source = ?').run(id);
    this.db.prepare('DELETE FROM kev WHERE source = ?').run(id);
    this.db.prepare('DELETE FROM epss WHERE source = ?').run(id);
  }

  /** Removes what a source imported before (its advisories and their rows) and records it anew. */
  resetSource(info: SourceInfo): void {
    this.db.transaction(() => {
      this.deleteRowsOf(info.id);
      this.db
        .prepare(
          `INSERT INTO sources(id, type, url, etag, last_modified, fetched_at, advisories, affected, skipped)
           VALUES (@id, @type, @url, @etag, @lastModified, @fetchedAt, 0, 0, 0)
           ON CONFLICT(id) DO UPDATE SET type = excluded.type, url = excluded.url, etag = excluded.etag,
             last_modified = excluded.last_modified, fetched_at = excluded.fetched_at, advisories = 0, affected = 0, skipped = 0`,
        )
        .run({
          id: info.id,
          type: info.type,
          url: info.url ?? null,
          etag: info.etag ?? null,
          lastModified: info.lastModified ?? null,
          fetchedAt: info.fetchedAt ?? null,
        });
    });
  }

  /**
   * Replaces source `info.id` with what was imported under `staging`: the old rows go, the staged
   * rows take the source's name. Until this runs, a failed import leaves the source as it was.
   */
  promoteSource(staging: string, info: SourceInfo): void {
    this.db.transaction(() => {
      this.deleteRowsOf(info.id);
      this.db.prepare('DELETE FROM sources WHERE id = ?').run(info.id);
      this.db
        .prepare(
          `INSERT INTO sources(id, type, url, etag, last_modified, fetched_at, imported_at, advisories, affected, skipped)
           SELECT ?, type, url, etag, last_modified, fetched_at, imported_at, advisories, affected, skipped FROM sources WHERE id = ?`,
        )
        .run(info.id, staging);
      this.db.prepare('UPDATE advisories SET source = ? WHERE source = ?').run(info.id, staging);
      this.db.prepare('UPDATE kev SET source = ? WHERE source = ?').run(info.id, staging);
      this.db.prepare('UPDATE epss SET source = ? WHERE source = ?').run(info.id, staging);
      this.db.prepare('DELETE FROM sources WHERE id = ?').run(staging);
    });
  }

  /** Drops a source and everything it imported. */
  dropSource(id: string): void {
    this.db.transaction(() => {
      this.deleteRowsOf(id);
      this.db.prepare('DELETE FROM sources WHERE id = ?').run(id);
    });
  }

  /** Records that a source was checked and had not changed (HTTP 304). */
  touchSource(id: string, fetchedAt: string): void {
    this.db.prepare('UPDATE sources SET fetched_at = ? WHERE id = ?').run(fetchedAt, id);
  }

  finishSource(id: string, stats: { skipped: number }): void {
    const counts = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM advisories WHERE source = @id) + (SELECT count(*) FROM kev WHERE source = @id)
                  + (SELECT count(*) FROM epss WHERE source = @id) AS advisories,
                (SELECT count(*) FROM affected WHERE advisory IN (SELECT rowid FROM advisories WHERE source = @id)) AS affected`,
      )
      .get({ id }) as { advisories: number; affected: number };
    this.db
      .prepare('UPDATE sources SET advisories = ?, affected = ?, skipped = ?, imported_at = ? WHERE id = ?')
      .run(counts.advisories, counts.affected, stats.skipped, new Date().toISOString(), id);
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(key, value);
  }

  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  /** A writer that inserts records in batches; call `flush()` at the end. */
  writer(sourceId: string, batchSize = 2000): RecordWriter {
    return new RecordWriter(this.db, sourceId, batchSize);
  }

  // ---- reading -----------------------------------------------------------

  lookup(namespace: string, pkg: string): AffectedRow[] {
    this.lookupStmt ??= this.db.prepare(
      `SELECT a.id AS advisory_id, a.source, a.aliases, a.summary, a.details, a.severity AS adv_severity,
              a.severity_source AS adv_severity_source, a.cvss, a.refs, a.published, a.modified, a.withdrawn,
              f.namespace, f.package, f.scheme, f.status, f.ranges, f.fixed_versions, f.severity, f.severity_source
       FROM affected f JOIN advisories a ON a.rowid = f.advisory
       WHERE f.namespace = ? AND f.package = ?`,
    );
    return (this.lookupStmt.all(namespace, pkg) as RawRow[]).map(toAffectedRow);
  }

  /**
   * NVD's record of a CVE. The yearly feeds and the modified feed are separate sources, so a CVE can
   * be in several: the most recently modified record wins.
   */
  nvd(id: string): NvdRecord | undefined {
    this.nvdStmt ??= this.db.prepare(
      `SELECT a.id, a.source, a.cvss, a.modified, a.summary FROM advisories a JOIN sources s ON s.id = a.source
       WHERE a.id = ? AND s.type = 'nvd' ORDER BY a.modified DESC LIMIT 1`,
    );
    const r = this.nvdStmt.get(id) as ({ id: string } & AdvisoryColumns) | undefined;
    return r ? { id: r.id, ...advisoryColumns(r) } : undefined;
  }

  /**
   * The KEV entry of a CVE, from any KEV source; undefined when it is not listed or the file holds no
   * KEV table (made before there was one).
   */
  kev(cve: string): KevRating | undefined {
    if (!this.hasExploitationTables()) return undefined;
    this.kevStmt ??= this.db.prepare('SELECT date_added, due_date, ransomware FROM kev WHERE cve = ? ORDER BY date_added LIMIT 1');
    const r = this.kevStmt.get(cve) as { date_added: string; due_date: string | null; ransomware: number } | undefined;
    if (!r) return undefined;
    return { dateAdded: r.date_added, ...column('dueDate', r.due_date), knownRansomware: r.ransomware === 1 };
  }

  /** The newest EPSS score of a CVE over the EPSS sources. */
  epss(cve: string): EpssRating | undefined {
    if (!this.hasExploitationTables()) return undefined;
    this.epssStmt ??= this.db.prepare('SELECT score, percentile, date FROM epss WHERE cve = ? ORDER BY date DESC LIMIT 1');
    const r = this.epssStmt.get(cve) as { score: number; percentile: number | null; date: string } | undefined;
    if (!r) return undefined;
    return { score: r.score, ...column('percentile', r.percentile), date: r.date };
  }

  /**
   * KEV entries and EPSS scores of many CVEs at once (the scan's findings): a few queries of up to 500
   * ids each instead of two per CVE. Same answers as kev() and epss().
   */
  exploitationOf(cves: readonly string[]): { kev: Map<string, KevRating>; epss: Map<string, EpssRating> } {
    const kev = new Map<string, KevRating>();
    const epss = new Map<string, EpssRating>();
    if (!this.hasExploitationTables()) return { kev, epss };
    const ids = [...new Set(cves)];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const marks = chunk.map(() => '?').join(',');
      const kevRows = this.db
        .prepare(`SELECT cve, date_added, due_date, ransomware FROM kev WHERE cve IN (${marks}) ORDER BY date_added DESC`)
        .all(...chunk) as { cve: string; date_added: string; due_date: string | null; ransomware: number }[];
      // Ordered newest first, so the earliest listing is set last and kept, as kev() returns it.
      for (const r of kevRows) kev.set(r.cve, { dateAdded: r.date_added, ...column('dueDate', r.due_date), knownRansomware: r.ransomware === 1 });
      const epssRows = this.db.prepare(`SELECT cve, score, percentile, date FROM epss WHERE cve IN (${marks}) ORDER BY date`).all(...chunk) as {
        cve: string;
        score: number;
        percentile: number | null;
        date: string;
      }[];
      for (const r of epssRows) epss.set(r.cve, { score: r.score, ...column('percentile', r.percentile), date: r.date });
    }
    return { kev, epss };
  }

  /** What exploitation data the file holds: the KEV entry count, the newest EPSS score date. */
  exploitationData(): { kevEntries: number; epssDate?: string } {
    if (!this.hasExploitationTables()) return { kevEntries: 0 };
    // One file holds one day's scores: a row of each EPSS source says its date (a max over 300,000 rows would scan them all).
    const r = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM kev) AS kev,
                (SELECT max((SELECT date FROM epss WHERE source = s.id LIMIT 1)) FROM sources s WHERE s.type = 'epss') AS epss`,
      )
      .get() as { kev: number; epss: string | null };
    return { kevEntries: r.kev, ...column('epssDate', r.epss) };
  }

  private hasExploitationTables(): boolean {
    this.exploitationTables ??=
      (this.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('kev', 'epss')").get() as { n: number }).n === 2;
    return this.exploitationTables;
  }

  sources(): SourceStatus[] {
    const rows = this.db.prepare('SELECT * FROM sources ORDER BY id').all() as {
      id: string;
      type: string;
      url: string | null;
      etag: string | null;
      last_modified: string | null;
      fetched_at: string | null;
      imported_at: string | null;
      advisories: number;
      affected: number;
      skipped: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      ...column('url', r.url),
      ...column('etag', r.etag),
      ...column('lastModified', r.last_modified),
      ...column('fetchedAt', r.fetched_at),
      ...column('importedAt', r.imported_at),
      advisories: r.advisories,
      affected: r.affected,
      skipped: r.skipped,
    }));
  }

  source(id: string): SourceStatus | undefined {
    return this.sources().find((s) => s.id === id);
  }

  counts(): { advisories: number; affected: number; namespaces: number } {
    return this.db
      .prepare(
        `SELECT (SELECT count(*) FROM advisories) AS advisories, (SELECT count(*) FROM affected) AS affected,
                (SELECT count(DISTINCT namespace) FROM affected) AS namespaces`,
      )
      .get() as { advisories: number; affected: number; namespaces: number };
  }

  /** Whether any advisory names this namespace (an index lookup, not a scan of the table). */
  hasNamespace(namespace: string): boolean {
    this.hasNsStmt ??= this.db.prepare('SELECT 1 FROM affected WHERE namespace = ? LIMIT 1');
    return this.hasNsStmt.get(namespace) !== undefined;
  }

  namespaces(): { namespace: string; entries: number }[] {
    return this.db.prepare('SELECT namespace, count(*) AS entries FROM affected GROUP BY namespace ORDER BY namespace').all() as {
      namespace: string;
      entries: number;
    }[];
  }

  schemaVersion(): number {
    return this.db.userVersion();
  }

  static readonly schemaVersion = SCHEMA_VERSION;
}

/** The columns of an advisory that NVD's record and an affected row both carry. */
interface AdvisoryColumns {
  source: string;
  cvss: string;
  modified: string | null;
  summary: string | null;
}

function advisoryColumns(r: AdvisoryColumns): Pick<NvdRecord, 'source' | 'cvss' | 'modified' | 'summary'> {
  return { source: r.source, cvss: JSON.parse(r.cvss) as CvssEntry[], ...column('modified', r.modified), ...column('summary', r.summary) };
}

function toAffectedRow(r: RawRow): AffectedRow {
  return {
    advisoryId: r.advisory_id,
    ...advisoryColumns(r),
    aliases: JSON.parse(r.aliases) as string[],
    ...column('details', r.details),
    ...column('advisorySeverity', r.adv_severity),
    ...column('advisorySeveritySource', r.adv_severity_source),
    references: JSON.parse(r.refs) as AdvisoryReference[],
    ...column('published', r.published),
    ...column('withdrawn', r.withdrawn),
    namespace: r.namespace,
    package: r.package,
    scheme: r.scheme,
    status: r.status,
    range: JSON.parse(r.ranges) as VersionRange,
    fixedVersions: JSON.parse(r.fixed_versions) as string[],
    ...column('severity', r.severity),
    ...column('severitySource', r.severity_source),
  };
}

/** Inserts records for one source inside batched transactions. */
export class RecordWriter {
  private pending = 0;
  private readonly insertAdvisory: Statement;
  private readonly findAdvisory: Statement;
  private readonly insertAlias: Statement;
  private readonly insertAffected: Statement;
  private readonly insertKev: Statement;
  private readonly insertEpss: Statement;
  private inTx = false;
  records = 0;

  constructor(
    private readonly db: Db,
    private readonly sourceId: string,
    private readonly batchSize: number,
  ) {
    this.insertAdvisory = db.prepare(
      `INSERT INTO advisories(source, id, aliases, summary, details, severity, severity_source, cvss, published, modified, refs, withdrawn)
       VALUES (@source, @id, @aliases, @summary, @details, @severity, @severitySource, @cvss, @published, @modified, @refs, @withdrawn)
       ON CONFLICT(source, id) DO NOTHING`,
    );
    this.findAdvisory = db.prepare('SELECT rowid FROM advisories WHERE source = ? AND id = ?');
    this.insertAlias = db.prepare('INSERT INTO aliases(alias, advisory) VALUES (?, ?)');
    this.insertAffected = db.prepare(
      `INSERT INTO affected(advisory, namespace, package, scheme, status, ranges, fixed_versions, severity, severity_source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertKev = db.prepare(
      `INSERT OR REPLACE INTO kev(source, cve, date_added, due_date, ransomware, vendor_project, product, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertEpss = db.prepare('INSERT OR REPLACE INTO epss(source, cve, score, percentile, date, model) VALUES (?, ?, ?, ?, ?, ?)');
  }

  /** Adds one record; an advisory id already seen in this source gets the new affected rows added to it. */
  add(record: AdvisoryRecord | KevRecord | EpssRecord): void {
    if (!this.inTx) {
      this.db.exec('BEGIN');
      this.inTx = true;
    }
    if ('kev' in record) this.addKev(record.kev);
    else if ('epss' in record) this.addEpss(record.epss);
    else this.addAdvisory(record);
    this.records += 1;
    this.pending += 1;
    if (this.pending >= this.batchSize) this.commit();
  }

  private addKev(k: KevEntry): void {
    this.insertKev.run(
      this.sourceId,
      k.cve,
      k.dateAdded,
      k.dueDate ?? null,
      k.knownRansomware ? 1 : 0,
      k.vendorProject ?? null,
      k.product ?? null,
      k.name ?? null,
    );
  }

  private addEpss(e: EpssEntry): void {
    this.insertEpss.run(this.sourceId, e.cve, e.score, e.percentile ?? null, e.date, e.model ?? null);
  }

  private addAdvisory(record: AdvisoryRecord): void {
    const a = record.advisory;
    const res = this.insertAdvisory.run({
      source: this.sourceId,
      id: a.id,
      aliases: JSON.stringify(a.aliases),
      summary: a.summary ?? null,
      details: a.details ?? null,
      severity: a.severity ?? null,
      severitySource: a.severitySource ?? null,
      cvss: JSON.stringify(a.cvss),
      published: a.published ?? null,
      modified: a.modified ?? null,
      refs: JSON.stringify(a.references),
      withdrawn: a.withdrawn ?? null,
    });
    let rowid: number | bigint;
    if (res.changes > 0) {
      rowid = res.lastInsertRowid;
      for (const alias of new Set(a.aliases)) if (alias !== a.id) this.insertAlias.run(alias, rowid);
    } else {
      rowid = (this.findAdvisory.get(this.sourceId, a.id) as { rowid: number }).rowid;
    }
    for (const f of record.affected) {
      this.insertAffected.run(
        rowid,
        f.namespace,
        f.package,
        f.scheme,
        f.status,
        JSON.stringify(f.range),
        JSON.stringify(f.fixedVersions),
        f.severity ?? null,
        f.severitySource ?? null,
      );
    }
  }

  private commit(): void {
    if (this.inTx) {
      this.db.exec('COMMIT');
      this.inTx = false;
    }
    this.pending = 0;
  }

  flush(): void {
    this.commit();
  }

  /** Drops the uncommitted batch (the caller discards the whole file on failure anyway). */
  abort(): void {
    if (this.inTx) {
      this.db.exec('ROLLBACK');
      this.inTx = false;
    }
  }
}
