// One SQLite API for the stores, over the engine the running Node has: the built-in `node:sqlite` (Node 22.13+, 24)
// or better-sqlite3 (Node 20, an optional dependency). Neither is loaded until a database is opened, so commands
// that need no database never pay for one.
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { UserError } from './errors.js';
import type { Message } from './message.js';
import { coreMessages as M } from './messages.js';

export type SqliteEngineName = 'node:sqlite' | 'better-sqlite3';
export const SQLITE_ENGINES: readonly SqliteEngineName[] = ['node:sqlite', 'better-sqlite3'];

/** A value bound to a statement: `@name` parameters take one object, `?` parameters take positional values. */
export type SqlParam = null | number | bigint | string | Buffer;
export type SqlArgs = SqlParam[] | [Readonly<Record<string, SqlParam>>, ...SqlParam[]];

export interface SqlRunResult {
  changes: number | bigint;
  lastInsertRowid: number | bigint;
}

/**
 * A prepared statement. Rows are what SQLite returned (TEXT as string, INTEGER as number, BLOB as Uint8Array, or a
 * Buffer on better-sqlite3); the caller names their shape.
 */
export interface SqlStatement {
  run(...args: SqlArgs): SqlRunResult;
  get(...args: SqlArgs): unknown;
  all(...args: SqlArgs): unknown[];
  iterate(...args: SqlArgs): IterableIterator<unknown>;
}

export interface SqlDatabase {
  readonly engine: SqliteEngineName;
  /** Runs one or more statements that return nothing. */
  exec(sql: string): void;
  prepare(sql: string): SqlStatement;
  /** Runs `fn` in a transaction (a savepoint when one is open already): committed when it returns, rolled back when it throws. */
  transaction<T>(fn: () => T): T;
  /** `PRAGMA <text>`; returns the first column of the first row, if any (e.g. `journal_mode = WAL` → 'wal'). */
  pragma(text: string): unknown;
  /** PRAGMA user_version: the schema version the application wrote. */
  userVersion(): number;
  setUserVersion(version: number): void;
  /** PRAGMA data_version: moves when another connection commits. */
  dataVersion(): number;
  close(): void;
}

export interface SqliteOpenOptions {
  readonly?: boolean;
  /** Fail instead of creating the file (read-only opens never create). */
  mustExist?: boolean;
}

// ---- the engines, loaded on first use -------------------------------------------------------------------------

/** What swarmguard uses of `node:sqlite` (its types are not in @types/node 20). */
interface NodeStatement {
  run(...args: SqlArgs): SqlRunResult;
  get(...args: SqlArgs): unknown;
  all(...args: SqlArgs): unknown[];
  iterate(...args: SqlArgs): IterableIterator<unknown>;
}
interface NodeDatabase {
  exec(sql: string): void;
  prepare(sql: string): NodeStatement;
  close(): void;
  deserialize?: (data: Uint8Array) => void;
}
interface NodeSqliteModule {
  DatabaseSync: new (file: string, options?: { readOnly?: boolean }) => NodeDatabase;
}
type BetterSqlite3Constructor = typeof BetterSqlite3;

const requireHere = createRequire(import.meta.url);

function isNodeSqlite(m: unknown): m is NodeSqliteModule {
  if (typeof m !== 'object' || m === null || !('DatabaseSync' in m) || !('StatementSync' in m)) return false;
  const { DatabaseSync, StatementSync } = m;
  // Statement iteration came in 22.13 (with the flag-free module); earlier builds behind --experimental-sqlite lack it.
  return (
    typeof DatabaseSync === 'function' &&
    typeof StatementSync === 'function' &&
    typeof (StatementSync.prototype as { iterate?: unknown }).iterate === 'function'
  );
}

function isBetterSqlite3(m: unknown): m is BetterSqlite3Constructor {
  return typeof m === 'function' && typeof (m.prototype as { prepare?: unknown }).prepare === 'function';
}

/**
 * Node 22 announces `node:sqlite` with an ExperimentalWarning on every start that loads it. The stores use only its
 * settled API, so that one warning is dropped while the module loads; every other warning passes through.
 */
function requireNodeSqliteQuietly(): unknown {
  const own = Object.getOwnPropertyDescriptor(process, 'emitWarning');
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = (...args: unknown[]): void => {
    const [warning, kind] = args;
    const type = typeof kind === 'string' ? kind : typeof kind === 'object' && kind !== null && 'type' in kind ? kind.type : undefined;
    if (type === 'ExperimentalWarning' && typeof warning === 'string' && warning.startsWith('SQLite is an experimental feature')) return;
    Reflect.apply(emitWarning, process, args);
  };
  try {
    return requireHere('node:sqlite');
  } finally {
    if (own) Object.defineProperty(process, 'emitWarning', own);
    else Reflect.deleteProperty(process, 'emitWarning');
  }
}

type Loaded = { engine: 'node:sqlite'; mod: NodeSqliteModule } | { engine: 'better-sqlite3'; mod: BetterSqlite3Constructor };
const loaded = new Map<SqliteEngineName, Loaded | Error>();

function load(engine: SqliteEngineName): Loaded | Error {
  const cached = loaded.get(engine);
  if (cached) return cached;
  let result: Loaded | Error;
  try {
    if (engine === 'node:sqlite') {
      const m = requireNodeSqliteQuietly();
      result = isNodeSqlite(m) ? { engine, mod: m } : new Error(`node:sqlite in Node ${process.version} lacks statement iteration (Node 22.13+ has it)`);
    } else {
      const m = requireHere('better-sqlite3') as unknown;
      const ctor = typeof m === 'object' && m !== null && 'default' in m ? m.default : m;
      result = isBetterSqlite3(ctor) ? { engine, mod: ctor } : new Error('better-sqlite3 did not load as a module');
      // A build for another Node ABI loads its addon only when the first database opens: try one now.
      if (!(result instanceof Error)) new result.mod(':memory:').close();
    }
  } catch (e) {
    result = e instanceof Error ? e : new Error(String(e));
  }
  loaded.set(engine, result);
  return result;
}

/** The engines this process can open databases with, preferred first. */
export function availableSqliteEngines(): SqliteEngineName[] {
  return SQLITE_ENGINES.filter((e) => !(load(e) instanceof Error));
}

let selected: SqliteEngineName | undefined;

/** Picks the engine for later opens (tests run one suite on each); undefined goes back to the default choice. */
export function selectSqliteEngine(engine: SqliteEngineName | undefined): void {
  selected = engine;
}

function parseEngineSetting(raw: string): SqliteEngineName {
  const v = raw.trim();
  if (v === 'node' || v === 'node:sqlite') return 'node:sqlite';
  if (v === 'better-sqlite3') return 'better-sqlite3';
  throw new UserError(M.say('core.sqlite.unknown', { raw: raw.slice(0, 40) }), { hint: M.say('core.sqlite.unknown.hint') });
}

function engineToUse(env: NodeJS.ProcessEnv = process.env): Loaded {
  const wanted = selected ?? (env.SWARMGUARD_SQLITE ? parseEngineSetting(env.SWARMGUARD_SQLITE) : undefined);
  if (wanted) {
    const l = load(wanted);
    if (l instanceof Error) throw new UserError(M.say('core.sqlite.asked', { engine: wanted, why: whyNot(wanted, l) }), { hint: M.say('core.sqlite.hint') });
    return l;
  }
  const builtin = load('node:sqlite');
  if (!(builtin instanceof Error)) return builtin;
  const addon = load('better-sqlite3');
  if (!(addon instanceof Error)) return addon;
  throw new UserError(M.say('core.sqlite.none', { builtin: whyNot('node:sqlite', builtin), addon: whyNot('better-sqlite3', addon) }), {
    hint: M.say('core.sqlite.hint'),
  });
}

/** Why an engine did not load, in words (the loader's own messages run to several lines). */
function whyNot(engine: SqliteEngineName, e: Error): Message {
  const code = (e as NodeJS.ErrnoException).code;
  if (engine === 'node:sqlite') {
    return code === 'ERR_UNKNOWN_BUILTIN_MODULE' || /no such built-in module/i.test(e.message)
      ? M.say('core.sqlite.noBuiltin', { version: process.version })
      : M.say('core.sqlite.builtinFails', { error: firstLine(e.message) });
  }
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') return M.say('core.sqlite.notInstalled');
  const abi = /NODE_MODULE_VERSION (\d+)/.exec(e.message);
  if (abi) return M.say('core.sqlite.otherAbi', { abi: abi[1] ?? '', version: process.version, modules: process.versions.modules });
  return M.say('core.sqlite.addonFails', { error: firstLine(e.message) });
}

const firstLine = (s: string): string => s.split('\n', 1)[0] ?? s;

// ---- one API over both -------------------------------------------------------------------------------------

abstract class Base implements SqlDatabase {
  abstract readonly engine: SqliteEngineName;
  private depth = 0;
  abstract exec(sql: string): void;
  abstract prepare(sql: string): SqlStatement;
  abstract pragma(text: string): unknown;
  abstract close(): void;

  transaction<T>(fn: () => T): T {
    // A savepoint outside a transaction begins one (deferred, as BEGIN does), inside one it nests: the same code
    // works whether or not the caller already holds a transaction.
    const name = `sg_tx_${this.depth}`;
    this.exec(`SAVEPOINT ${name}`);
    this.depth += 1;
    let done = false;
    try {
      const result = fn();
      if (result instanceof Promise) throw new TypeError('a transaction function must not be async: its statements would run after the commit');
      this.exec(`RELEASE ${name}`);
      done = true;
      return result;
    } finally {
      this.depth -= 1;
      if (!done) {
        try {
          this.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        } catch {
          // SQLite already rolled the whole transaction back (e.g. on a full disk): nothing is left to undo.
        }
      }
    }
  }

  userVersion(): number {
    return integerPragma(this, 'user_version');
  }

  setUserVersion(version: number): void {
    if (!Number.isSafeInteger(version) || version < 0 || version > 0x7fffffff) throw new RangeError(`user_version ${version} is not a 31-bit integer`);
    this.pragma(`user_version = ${version}`);
  }

  dataVersion(): number {
    return integerPragma(this, 'data_version');
  }
}

function integerPragma(db: SqlDatabase, name: string): number {
  const v = db.pragma(name);
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`PRAGMA ${name} returned ${typeof v}, not an integer`);
  return v;
}

class NodeSqliteDatabase extends Base {
  readonly engine = 'node:sqlite';
  constructor(
    private readonly db: NodeDatabase,
    private readonly cleanup?: () => void,
  ) {
    super();
  }
  exec(sql: string): void {
    this.db.exec(sql);
  }
  prepare(sql: string): SqlStatement {
    return this.db.prepare(sql);
  }
  pragma(text: string): unknown {
    const row = this.db.prepare(`PRAGMA ${text}`).get();
    return row === undefined ? undefined : Object.values(row as object)[0];
  }
  close(): void {
    try {
      this.db.close();
    } finally {
      this.cleanup?.();
    }
  }
}

class BetterSqlite3Database extends Base {
  readonly engine = 'better-sqlite3';
  constructor(private readonly db: BetterSqlite3.Database) {
    super();
  }
  exec(sql: string): void {
    this.db.exec(sql);
  }
  prepare(sql: string): SqlStatement {
    return this.db.prepare<SqlArgs>(sql);
  }
  pragma(text: string): unknown {
    // better-sqlite3 refuses `.get()` on a pragma that returns no row; its own pragma() handles both kinds.
    return this.db.pragma(text, { simple: true });
  }
  close(): void {
    this.db.close();
  }
}

/** Opens (or, unless read-only or `mustExist`, creates) the SQLite file `file`. Errors are the engine's own. */
export function openSqlite(file: string, options: SqliteOpenOptions = {}): SqlDatabase {
  const l = engineToUse();
  const readonly = options.readonly === true;
  if (l.engine === 'better-sqlite3') return new BetterSqlite3Database(new l.mod(file, { readonly, fileMustExist: readonly || options.mustExist === true }));
  // node:sqlite creates a missing file unless read-only: check first, as better-sqlite3's fileMustExist does.
  if (!readonly && options.mustExist && !existsSync(file)) throw new Error(`unable to open database file: ${file} does not exist`);
  return new NodeSqliteDatabase(new l.mod.DatabaseSync(file, { readOnly: readonly }));
}

/**
 * Opens the bytes of a database file (one found in an image) read-only, without touching the original. Where the
 * engine cannot open bytes in memory (node:sqlite before Node 24), they are copied to a private temporary file that
 * close() removes.
 */
export function openSqliteImage(bytes: Buffer): SqlDatabase {
  const l = engineToUse();
  if (l.engine === 'better-sqlite3') return new BetterSqlite3Database(new l.mod(bytes, { readonly: true }));
  const probe = new l.mod.DatabaseSync(':memory:');
  if (typeof probe.deserialize === 'function') {
    try {
      probe.deserialize(bytes);
      // The copy lives in memory only; writes could not reach the image, and none are made.
      probe.exec('PRAGMA query_only = ON');
    } catch (e) {
      probe.close();
      throw e;
    }
    return new NodeSqliteDatabase(probe);
  }
  probe.close();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'swarmguard-sqlite-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, 'db.sqlite');
    writeFileSync(file, bytes, { mode: 0o600 });
    return new NodeSqliteDatabase(new l.mod.DatabaseSync(file, { readOnly: true }), remove);
  } catch (e) {
    remove();
    throw e;
  }
}

/** The engine that openSqlite would use now, or the error that explains why none can be used. */
export function sqliteEngine(): SqliteEngineName {
  return engineToUse().engine;
}
