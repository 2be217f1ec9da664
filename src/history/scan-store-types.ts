// The scan store's interface (src/history/scan-store.ts opens one; SQLite and PostgreSQL implement it).
import type { Finding } from '../core/finding.js';
import type { Claimed, EnforcementRecord, EnqueueEntry, ScanRecord } from './store.js';

export type StoreEngine = 'sqlite' | 'postgres';

export interface ListFilter {
  image?: string;
  limit?: number;
}

export interface ScanStore {
  readonly engine: StoreEngine;
  /** Where the data is, printable: a file, or a URL without its password. */
  readonly location: string;
  enqueue(entry: EnqueueEntry): Promise<{ id: number; created: boolean }>;
  claim(owner: string, leaseMs: number): Promise<Claimed | undefined>;
  renew(id: number, owner: string, leaseMs: number): Promise<boolean>;
  completeLeased(id: number, owner: string, findings: readonly Finding[]): Promise<boolean>;
  failLeased(id: number, owner: string, error: string): Promise<boolean>;
  release(id: number, owner: string): Promise<void>;
  queuedCount(): Promise<number>;
  waitingCount(): Promise<number>;
  record(entry: EnqueueEntry, findings: readonly Finding[], uncovered?: readonly string[]): Promise<number>;
  get(id: number): Promise<ScanRecord | undefined>;
  pending(): Promise<ScanRecord[]>;
  latestVerdict(digest: string): Promise<ScanRecord | undefined>;
  recentScanOfDigest(digest: string, sinceIso: string): Promise<ScanRecord | undefined>;
  previousOfRepository(repository: string, beforeId: number): Promise<ScanRecord | undefined>;
  list(filter?: ListFilter): Promise<ScanRecord[]>;
  getState(key: string): Promise<string | undefined>;
  setState(key: string, value: string): Promise<void>;
  /** What watch's enforcement did to a service, and why. */
  recordEnforcement(entry: EnforcementRecord): Promise<void>;
  /** The enforcement records, newest first. */
  enforcements(limit?: number): Promise<EnforcementRecord[]>;
  close(): Promise<void>;
}
