// One enforcer among `watch` replicas. On PostgreSQL, the replica that holds a session-level advisory lock
// (pg_try_advisory_lock) follows the engine's events and acts; the others scan from the shared queue and
// wait. The lock lives as long as the leader's connection: a leader that dies, or loses its connection,
// frees it, and a waiting replica takes over (catching up from the shared last-event mark). On SQLite (one
// machine, one watch), the only replica leads.
import type pg from 'pg';
import { errorMessage } from '../core/errors.js';
import { printable } from '../core/image-reference.js';
import type { ScanStore } from '../history/scan-store.js';

/** The advisory lock key every watch replica of one history competes for ("SGW1"). */
const ENFORCER_LOCK = 0x5347_5731;

export interface Election {
  /** Resolves once this replica leads; `signal` gives up waiting. */
  acquire(signal?: AbortSignal): Promise<boolean>;
  /** Called once when leadership is lost (the lock's connection ended); acquire again to stand for it. */
  onLost(listener: () => void): void;
  leading(): boolean;
  close(): Promise<void>;
}

/** The lock's connection: what the election needs of a pg client. */
export type LockClient = Pick<pg.Client, 'connect' | 'query' | 'end' | 'on'>;

export interface ElectionOptions {
  log: (line: string) => void;
  /** How often a waiting replica tries the lock. */
  retryMs?: number;
  key?: number;
}

class SoleElection implements Election {
  acquire(): Promise<boolean> {
    return Promise.resolve(true);
  }
  onLost(): void {}
  leading(): boolean {
    return true;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

class AdvisoryLockElection implements Election {
  private client: LockClient | undefined;
  private lead = false;
  private closed = false;
  private listeners: (() => void)[] = [];

  constructor(
    private readonly connect: () => LockClient,
    private readonly options: ElectionOptions,
  ) {}

  leading(): boolean {
    return this.lead;
  }

  onLost(listener: () => void): void {
    this.listeners.push(listener);
  }

  private lost(why: string): void {
    const wasLeading = this.lead;
    this.lead = false;
    const c = this.client;
    this.client = undefined;
    void c?.end().catch(() => undefined);
    if (wasLeading && !this.closed) {
      this.options.log(`lost the enforcer lock (${printable(why)}): no longer acting; standing for it again`);
      for (const l of this.listeners.splice(0)) l();
    }
  }

  async acquire(signal?: AbortSignal): Promise<boolean> {
    const retryMs = this.options.retryMs ?? 2000;
    let said = false;
    while (!this.closed && !signal?.aborted) {
      try {
        if (!this.client) {
          const c = this.connect();
          // A dropped connection drops the lock with it: stop acting at once.
          c.on('error', (e: Error) => this.lost(errorMessage(e)));
          c.on('end', () => this.lost('the connection ended'));
          this.client = c;
          await c.connect();
        }
        const r = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [this.options.key ?? ENFORCER_LOCK]);
        if (r.rows[0]?.ok === true) {
          this.lead = true;
          this.options.log('elected the enforcer: this replica follows the engine and acts');
          return true;
        }
        if (!said) this.options.log('another watch replica is the enforcer: scanning from the shared queue, standing by');
        said = true;
      } catch (e) {
        if (this.client) this.lost(errorMessage(e));
        if (!said) this.options.log(`cannot reach the database for the enforcer lock (${printable(errorMessage(e))}); retrying`);
        said = true;
      }
      await new Promise((r) => setTimeout(r, retryMs));
    }
    return false;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.lead = false;
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}

/** The election for the replicas of `store`: an advisory lock on PostgreSQL, the sole replica on SQLite. */
export async function enforcerElection(store: ScanStore, options: ElectionOptions): Promise<Election> {
  if (store.engine !== 'postgres') return new SoleElection();
  const { PgScanStore } = await import('../history/pg-store.js');
  if (!(store instanceof PgScanStore)) return new SoleElection();
  return new AdvisoryLockElection(() => store.newClient(), options);
}
