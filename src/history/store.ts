// Scan history: every scan (push, deploy, manual) with its counts and findings, in one SQLite file.
// It is a file of its own, not the advisory DB: `db update` swaps that file whole, history must survive it.
import os from 'node:os';
import path from 'node:path';
import { UserError, messageOf } from '../core/errors.js';
import type { SqlDatabase } from '../core/sqlite.js';
import type { Finding, SeverityCounts } from '../core/finding.js';
import { countBySeverity } from '../core/finding.js';
import { readBackFindings } from '../core/message-data.js';
import { say } from './messages.js';
import { coreMessages } from '../core/messages.js';
import { openHistoryFile } from './open.js';
import { enforcementsTable, scansTable, SQLITE_TYPES, stateTable } from './tables.js';

export const HISTORY_SCHEMA_VERSION = 3;
/** A queued scan that failed to finish across this many starts is marked failed instead of resumed again. */
export const MAX_RESUMES = 3;

const ENFORCEMENTS_TABLE = enforcementsTable(SQLITE_TYPES);
const STATE_TABLE = stateTable(SQLITE_TYPES);
/**
 * Schema 3: a queued scan is leased by one worker at a time (owner and expiry); one queued row per
 * (repository, digest), so that two processes sharing the file never queue the same push twice.
 */
const LEASES = `
  ALTER TABLE scans ADD COLUMN lease_owner TEXT;
  ALTER TABLE scans ADD COLUMN lease_until TEXT;
  UPDATE scans SET status = 'failed', finished_at = queued_at, error = 'a duplicate of an earlier queued scan of this digest'
    WHERE status = 'queued' AND id NOT IN (SELECT MIN(id) FROM scans WHERE status = 'queued' GROUP BY repository, digest);
  CREATE UNIQUE INDEX IF NOT EXISTS scans_inflight ON scans(repository, digest) WHERE status = 'queued';
`;

export type ScanTrigger = 'push' | 'deploy' | 'manual';
export type ScanStatus = 'queued' | 'done' | 'failed';

export interface ScanRecord {
  id: number;
  digest: string;
  repository: string;
  tag: string | null;
  trigger: ScanTrigger;
  /** Where the request came from: registry URL, service name, user. */
  origin: string | null;
  status: ScanStatus;
  error: string | null;
  queuedAt: string;
  finishedAt: string | null;
  counts: SeverityCounts | null;
  /** Targets no advisory was checked for ("not covered"): the counts are no clean result for them. */
  uncovered?: string[];
  findings: Finding[];
  /** How many starts resumed this scan while it was still queued. */
  resumes: number;
}

/** The scans table's columns as a driver gives them: the same in both stores, but for the types of ids and times. */
export interface ScanRowColumns<Id, Time> {
  id: Id;
  digest: string;
  repository: string;
  tag: string | null;
  trigger: string;
  origin: string | null;
  status: string;
  error: string | null;
  queued_at: Time;
  finished_at: Time | null;
}

/** The columns both stores share, as a record's fields: the id a number, the times ISO text. */
export function recordColumns<Id, Time>(
  r: ScanRowColumns<Id, Time>,
  id: (v: Id) => number,
  time: (t: Time) => string,
): Pick<ScanRecord, 'id' | 'digest' | 'repository' | 'tag' | 'trigger' | 'origin' | 'status' | 'error' | 'queuedAt' | 'finishedAt'> {
  return {
    id: id(r.id),
    digest: r.digest,
    repository: r.repository,
    tag: r.tag,
    trigger: r.trigger as ScanTrigger,
    origin: r.origin,
    status: r.status as ScanStatus,
    error: r.error,
    queuedAt: time(r.queued_at),
    finishedAt: r.finished_at === null ? null : time(r.finished_at),
  };
}

interface Row extends ScanRowColumns<number, string> {
  counts: string | null;
  findings: string | null;
  resumes: number | null;
  lease_owner?: string | null;
  lease_until?: string | null;
}

export interface EnqueueEntry {
  digest: string;
  repository: string;
  tag?: string | null;
  trigger: ScanTrigger;
  origin?: string | null;
}

/** A queued scan handed to one worker until `leaseUntil`; `tookOver` when an earlier holder's lease had run out. */
export interface Claimed {
  record: ScanRecord;
  tookOver: boolean;
}

export function defaultHistoryPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SWARMGUARD_HISTORY) return path.resolve(env.SWARMGUARD_HISTORY);
  const base = env.XDG_DATA_HOME ? env.XDG_DATA_HOME : path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'swarmguard', 'history.db');
}

/** "Not covered" rides in the counts document (no schema change): { CRITICAL: …, notCovered: [labels] }. */
export function countsDocument(findings: readonly Finding[], uncovered: readonly string[] = []): SeverityCounts & { notCovered?: string[] } {
  return { ...countBySeverity(findings), ...(uncovered.length > 0 ? { notCovered: [...uncovered] } : {}) };
}

/** The stored counts document: severity counts, and the targets not covered (`notCovered`) when there were any. */
export function countsOf(text: string | null): { counts: SeverityCounts | null; uncovered: string[] } {
  if (!text) return { counts: null, uncovered: [] };
  const { notCovered, ...counts } = JSON.parse(text) as SeverityCounts & { notCovered?: unknown };
  return { counts, uncovered: Array.isArray(notCovered) ? notCovered.filter((x): x is string => typeof x === 'string') : [] };
}

function toRecord(r: Row): ScanRecord {
  return {
    ...recordColumns(
      r,
      (id) => id,
      (t) => t,
    ),
    ...countsOf(r.counts),
    findings: r.findings ? readBackFindings(JSON.parse(r.findings)) : [],
    resumes: r.resumes ?? 0,
  };
}

/** A finding's identity across scans: the same advisory on the same package is the same finding. */
export function findingKey(f: Finding): string {
  return `${f.id}|${f.vulnerability?.package ?? ''}|${f.target.kind === 'image' ? (f.target.path ?? '') : ''}`;
}

export class HistoryStore {
  private readonly db: SqlDatabase;

  constructor(readonly file: string) {
    this.db = openHistoryFile(file, { store: 'scan' });
    const version = this.db.userVersion();
    if (version > HISTORY_SCHEMA_VERSION) {
      this.db.close();
      throw new UserError(say('history.scan.newer', { file, version }), { hint: coreMessages.say('core.upgrade.hint') });
    }
    if (version === 0) this.migrate();
    else if (version < HISTORY_SCHEMA_VERSION) this.upgrade(version);
  }

  private upgrade(from: number): void {
    // 1 → 2: count resumes, so that a scan which hangs or crashes every start is given up; keep watch's position.
    this.db.transaction(() => {
      if (from < 2) this.db.exec(`ALTER TABLE scans ADD COLUMN resumes INTEGER NOT NULL DEFAULT 0; ${STATE_TABLE}`);
      if (from < 3) this.db.exec(LEASES);
      this.db.setUserVersion(HISTORY_SCHEMA_VERSION);
    });
  }

  private migrate(): void {
    try {
      this.db.exec(`
        ${scansTable(SQLITE_TYPES)}
        CREATE UNIQUE INDEX IF NOT EXISTS scans_inflight ON scans(repository, digest) WHERE status = 'queued';
        CREATE INDEX IF NOT EXISTS scans_digest ON scans(digest, finished_at);
        CREATE INDEX IF NOT EXISTS scans_repository ON scans(repository, id);
        CREATE INDEX IF NOT EXISTS scans_status ON scans(status);
        ${STATE_TABLE}
      `);
    } catch (e) {
      throw new UserError(say('history.scan.notHistory', { file: this.file, error: messageOf(e) }), {
        hint: say('history.scan.notHistory.hint'),
      });
    }
    this.db.setUserVersion(HISTORY_SCHEMA_VERSION);
  }

  /** Records a queued scan; survives a restart until it is finished. A digest already queued keeps its one row. */
  enqueue(entry: EnqueueEntry): number {
    return this.enqueueUnique(entry).id;
  }

  /** As enqueue; `created` is false when the same repository and digest was queued already (by any process). */
  enqueueUnique(entry: EnqueueEntry): { id: number; created: boolean } {
    const row = this.db
      .prepare(
        "INSERT INTO scans (digest, repository, tag, trigger, origin, status, queued_at) VALUES (?, ?, ?, ?, ?, 'queued', ?) ON CONFLICT DO NOTHING RETURNING id",
      )
      .get(entry.digest, entry.repository, entry.tag ?? null, entry.trigger, entry.origin ?? null, new Date().toISOString()) as { id: number } | undefined;
    if (row) return { id: Number(row.id), created: true };
    const existing = this.db.prepare("SELECT id FROM scans WHERE repository = ? AND digest = ? AND status = 'queued'").get(entry.repository, entry.digest) as
      { id: number } | undefined;
    if (!existing) return this.enqueueUnique(entry); // finished in between
    return { id: Number(existing.id), created: false };
  }

  /**
   * Leases the oldest queued scan nobody holds (or whose holder's lease ran out) to `owner` for `leaseMs`.
   * One statement, so that two processes on one file never lease the same scan.
   */
  claim(owner: string, leaseMs: number, now = Date.now()): Claimed | undefined {
    const nowIso = new Date(now).toISOString();
    for (;;) {
      const candidate = this.db
        .prepare("SELECT id, lease_until FROM scans WHERE status = 'queued' AND (lease_until IS NULL OR lease_until < ?) ORDER BY id LIMIT 1")
        .get(nowIso) as { id: number; lease_until: string | null } | undefined;
      if (!candidate) return undefined;
      const tookOver = candidate.lease_until !== null;
      // The WHERE repeats the test: another process may have leased it since the SELECT.
      const r = this.db
        .prepare(
          `UPDATE scans SET lease_owner = ?, lease_until = ?, resumes = resumes + ?
           WHERE id = ? AND status = 'queued' AND (lease_until IS NULL OR lease_until < ?) RETURNING *`,
        )
        .get(owner, new Date(now + leaseMs).toISOString(), tookOver ? 1 : 0, candidate.id, nowIso) as Row | undefined;
      if (r) return { record: toRecord(r), tookOver };
    }
  }

  /** Extends `owner`'s lease; false when it no longer holds it (expired and taken, or finished). */
  renew(id: number, owner: string, leaseMs: number, now = Date.now()): boolean {
    const info = this.db
      .prepare("UPDATE scans SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = 'queued'")
      .run(new Date(now + leaseMs).toISOString(), id, owner);
    return Number(info.changes) === 1;
  }

  /** Finishes a leased scan; false (and nothing written) when `owner` no longer holds it: it is recorded once. */
  completeLeased(id: number, owner: string, findings: readonly Finding[]): boolean {
    const info = this.db
      .prepare(
        "UPDATE scans SET status = 'done', finished_at = ?, counts = ?, findings = ?, error = NULL WHERE id = ? AND lease_owner = ? AND status = 'queued'",
      )
      .run(new Date().toISOString(), JSON.stringify(countBySeverity(findings)), JSON.stringify(findings), id, owner);
    return Number(info.changes) === 1;
  }

  failLeased(id: number, owner: string, error: string): boolean {
    const info = this.db
      .prepare("UPDATE scans SET status = 'failed', finished_at = ?, error = ? WHERE id = ? AND lease_owner = ? AND status = 'queued'")
      .run(new Date().toISOString(), error, id, owner);
    return Number(info.changes) === 1;
  }

  /** Gives a leased scan back to the queue (a clean shutdown), without counting a take-over. */
  release(id: number, owner: string): void {
    this.db.prepare("UPDATE scans SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND status = 'queued'").run(id, owner);
  }

  /** How many queued scans no worker holds (never leased, or their lease ran out). */
  waitingCount(now = Date.now()): number {
    return Number(
      (
        this.db
          .prepare("SELECT COUNT(*) AS n FROM scans WHERE status = 'queued' AND (lease_until IS NULL OR lease_until < ?)")
          .get(new Date(now).toISOString()) as {
          n: number;
        }
      ).n,
    );
  }

  /** How many scans are queued (leased or not). */
  queuedCount(): number {
    return Number((this.db.prepare("SELECT COUNT(*) AS n FROM scans WHERE status = 'queued'").get() as { n: number }).n);
  }

  finish(id: number, findings: readonly Finding[], uncovered: readonly string[] = []): void {
    const counts = countsDocument(findings, uncovered);
    this.db
      .prepare("UPDATE scans SET status = 'done', finished_at = ?, counts = ?, findings = ?, error = NULL WHERE id = ?")
      .run(new Date().toISOString(), JSON.stringify(counts), JSON.stringify(findings), id);
  }

  fail(id: number, error: string): void {
    this.db.prepare("UPDATE scans SET status = 'failed', finished_at = ?, error = ? WHERE id = ?").run(new Date().toISOString(), error, id);
  }

  get(id: number): ScanRecord | undefined {
    const r = this.db.prepare('SELECT * FROM scans WHERE id = ?').get(id) as Row | undefined;
    return r ? toRecord(r) : undefined;
  }

  /** Scans still queued (e.g. after a shutdown), oldest first. */
  pending(): ScanRecord[] {
    return (this.db.prepare("SELECT * FROM scans WHERE status = 'queued' ORDER BY id").all() as Row[]).map(toRecord);
  }

  /** A small value kept across starts (e.g. the last engine event `watch` handled). */
  getState(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM state WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setState(key: string, value: string): void {
    this.db.prepare('INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Counts one more resume of a queued scan; returns the new count. */
  markResumed(id: number): number {
    this.db.prepare('UPDATE scans SET resumes = resumes + 1 WHERE id = ?').run(id);
    return (this.db.prepare('SELECT resumes FROM scans WHERE id = ?').get(id) as { resumes: number } | undefined)?.resumes ?? 0;
  }

  /** The digest's latest verdict: its newest finished scan, whoever ran it and however long ago. */
  latestVerdict(digest: string): ScanRecord | undefined {
    const r = this.db.prepare("SELECT * FROM scans WHERE digest = ? AND status = 'done' ORDER BY finished_at DESC, id DESC LIMIT 1").get(digest) as
      Row | undefined;
    return r ? toRecord(r) : undefined;
  }

  /** Records a scan that already ran (a manual `image scan`), finished. */
  /** `error`: the scan was cut short (part of the image not read): it is recorded as failed, never as a verdict. */
  record(entry: EnqueueEntry, findings: readonly Finding[], uncovered: readonly string[] = [], error?: string): number {
    const now = new Date().toISOString();
    const info = this.db
      .prepare(
        'INSERT INTO scans (digest, repository, tag, trigger, origin, status, queued_at, finished_at, counts, findings, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        entry.digest,
        entry.repository,
        entry.tag ?? null,
        entry.trigger,
        entry.origin ?? null,
        error === undefined ? 'done' : 'failed',
        now,
        now,
        JSON.stringify(countsDocument(findings, uncovered)),
        JSON.stringify(findings),
        error ?? null,
      );
    return Number(info.lastInsertRowid);
  }

  /** The newest finished scan of this digest since `sinceIso`, if any. */
  recentScanOfDigest(digest: string, sinceIso: string): ScanRecord | undefined {
    const r = this.db
      .prepare("SELECT * FROM scans WHERE digest = ? AND status = 'done' AND finished_at >= ? ORDER BY id DESC LIMIT 1")
      .get(digest, sinceIso) as Row | undefined;
    return r ? toRecord(r) : undefined;
  }

  /** The newest finished scan of the repository before scan `beforeId`. */
  previousOfRepository(repository: string, beforeId: number): ScanRecord | undefined {
    const r = this.db.prepare("SELECT * FROM scans WHERE repository = ? AND status = 'done' AND id < ? ORDER BY id DESC LIMIT 1").get(repository, beforeId) as
      Row | undefined;
    return r ? toRecord(r) : undefined;
  }

  list(filter: { image?: string; limit?: number } = {}): ScanRecord[] {
    const limit = Math.max(1, Math.min(filter.limit ?? 50, 10_000));
    if (filter.image) {
      const like = filter.image.startsWith('sha256:') ? null : filter.image;
      const rows = like
        ? this.db.prepare("SELECT * FROM scans WHERE repository = ? OR repository || ':' || tag = ? ORDER BY id DESC LIMIT ?").all(like, like, limit)
        : this.db.prepare('SELECT * FROM scans WHERE digest = ? ORDER BY id DESC LIMIT ?').all(filter.image, limit);
      return (rows as Row[]).map(toRecord);
    }
    return (this.db.prepare('SELECT * FROM scans ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map(toRecord);
  }

  /** Records what watch's enforcement did to a service, and why. */
  recordEnforcement(entry: EnforcementRecord): void {
    this.db.exec(ENFORCEMENTS_TABLE);
    this.db
      .prepare('INSERT INTO enforcements (at, service, action, digest, reason) VALUES (?, ?, ?, ?, ?)')
      .run(entry.at, entry.service, entry.action, entry.digest, entry.reason);
  }

  /** The enforcement records, newest first. */
  enforcements(limit = 100): EnforcementRecord[] {
    this.db.exec(ENFORCEMENTS_TABLE);
    return this.db.prepare('SELECT at, service, action, digest, reason FROM enforcements ORDER BY id DESC LIMIT ?').all(limit) as EnforcementRecord[];
  }

  /** Makes this file a copy of `records` (a local mirror of a shared history, for readers that need a file). */
  replaceAll(records: readonly ScanRecord[]): void {
    const insert = this.db.prepare(
      `INSERT INTO scans (id, digest, repository, tag, trigger, origin, status, error, queued_at, finished_at, counts, findings, resumes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db.exec('DELETE FROM scans');
      for (const r of [...records].sort((a, b) => a.id - b.id))
        insert.run(
          r.id,
          r.digest,
          r.repository,
          r.tag,
          r.trigger,
          r.origin,
          r.status,
          r.error,
          r.queuedAt,
          r.finishedAt,
          r.counts ? JSON.stringify({ ...r.counts, ...(r.uncovered?.length ? { notCovered: r.uncovered } : {}) }) : null,
          JSON.stringify(r.findings),
          r.resumes,
        );
    });
  }

  close(): void {
    this.db.close();
  }
}

export interface EnforcementRecord {
  at: string;
  service: string;
  action: string;
  digest: string | null;
  reason: string;
}

/** Findings of `current` that the previous scan of the same repository did not have. */
export function newFindings(current: ScanRecord, previous: ScanRecord | undefined): Finding[] {
  if (!previous) return current.findings;
  const before = new Set(previous.findings.map(findingKey));
  return current.findings.filter((f) => !before.has(findingKey(f)));
}
