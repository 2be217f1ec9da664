// One store for the history, the scan queue and the verdicts, on either engine: SQLite (a file, the default
// for one machine) or PostgreSQL (`--history postgres://…` or $SWARMGUARD_DATABASE_URL), which any number
// of serve, watch and dashboard replicas share. The PostgreSQL driver loads only when it is chosen.
import type { Finding } from '../core/finding.js';
import { isPostgresUrl, redactUrl } from './db-url.js';
import type { ListFilter, ScanStore } from './scan-store-types.js';
import { UserError } from '../core/errors.js';
import { HistoryStore, defaultHistoryPath, type EnforcementRecord, type EnqueueEntry, type ScanRecord } from './store.js';
import { say } from './messages.js';

export type { ListFilter, ScanStore, StoreEngine } from './scan-store-types.js';
export { isPostgresUrl, redactUrl, urlHasPassword } from './db-url.js';

/** A synchronous call as a promise: what it throws becomes a rejection, as on PostgreSQL. */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/** The SQLite history behind the shared interface. */
export class SqliteScanStore implements ScanStore {
  readonly engine = 'sqlite' as const;
  readonly location: string;

  constructor(readonly history: HistoryStore) {
    this.location = history.file;
  }

  static open(file: string): SqliteScanStore {
    return new SqliteScanStore(new HistoryStore(file));
  }

  enqueue(entry: EnqueueEntry) {
    return settle(() => this.history.enqueueUnique(entry));
  }
  claim(owner: string, leaseMs: number) {
    return settle(() => this.history.claim(owner, leaseMs));
  }
  renew(id: number, owner: string, leaseMs: number) {
    return settle(() => this.history.renew(id, owner, leaseMs));
  }
  completeLeased(id: number, owner: string, findings: readonly Finding[]) {
    return settle(() => this.history.completeLeased(id, owner, findings));
  }
  failLeased(id: number, owner: string, error: string) {
    return settle(() => this.history.failLeased(id, owner, error));
  }
  release(id: number, owner: string) {
    return settle(() => this.history.release(id, owner));
  }
  queuedCount() {
    return settle(() => this.history.queuedCount());
  }
  waitingCount() {
    return settle(() => this.history.waitingCount());
  }
  record(entry: EnqueueEntry, findings: readonly Finding[], uncovered: readonly string[] = []) {
    return settle(() => this.history.record(entry, findings, uncovered));
  }
  get(id: number) {
    return settle(() => this.history.get(id));
  }
  pending() {
    return settle(() => this.history.pending());
  }
  latestVerdict(digest: string) {
    return settle(() => this.history.latestVerdict(digest));
  }
  recordEnforcement(entry: EnforcementRecord) {
    return settle(() => this.history.recordEnforcement(entry));
  }
  enforcements(limit?: number) {
    return settle(() => this.history.enforcements(limit));
  }
  recentScanOfDigest(digest: string, sinceIso: string) {
    return settle(() => this.history.recentScanOfDigest(digest, sinceIso));
  }
  previousOfRepository(repository: string, beforeId: number) {
    return settle(() => this.history.previousOfRepository(repository, beforeId));
  }
  list(filter: ListFilter = {}) {
    return settle(() => this.history.list(filter));
  }
  getState(key: string) {
    return settle(() => this.history.getState(key));
  }
  setState(key: string, value: string) {
    return settle(() => this.history.setState(key, value));
  }
  close() {
    return settle(() => this.history.close());
  }
}

/** Where the history is: the --history value, else $SWARMGUARD_DATABASE_URL, else the SQLite file. */
export function historyLocation(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return flag;
  if (env.SWARMGUARD_DATABASE_URL) return env.SWARMGUARD_DATABASE_URL;
  return defaultHistoryPath(env);
}

/** Opens the history at `location`: a PostgreSQL URL, or a SQLite file. */
export async function openScanStore(location: string, options: { passwordFile?: string; log?: (line: string) => void } = {}): Promise<ScanStore> {
  if (isPostgresUrl(location)) {
    const { PgScanStore } = await import('./pg-store.js');
    return PgScanStore.open(location, options);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location))
    throw new UserError(say('history.location.unknown', { location: redactUrl(location) }), {
      hint: say('history.location.unknown.hint'),
    });
  return SqliteScanStore.open(location);
}

type Awaitable<T> = T | Promise<T>;

/** What `watch` reads and keeps: the SQLite HistoryStore (synchronous) and every ScanStore answer it. */
export interface WatchHistory {
  latestVerdict(digest: string): Awaitable<ScanRecord | undefined>;
  recordEnforcement(entry: EnforcementRecord): Awaitable<void>;
  getState(key: string): Awaitable<string | undefined>;
  setState(key: string, value: string): Awaitable<void>;
}
