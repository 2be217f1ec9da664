// The tests' PostgreSQL (scripts/postgres.sh): started once, idempotently; each suite gets a database of its own.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { run } from './run.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface TestPostgres {
  /** The socket directory. */
  host: string;
  user: string;
  passwordFile: string;
}

let started: Promise<TestPostgres> | undefined;

/** Starts the server if it is not running, and says where it is. */
export function testPostgres(): Promise<TestPostgres> {
  started ??= (async () => {
    const script = path.join(root, 'scripts/postgres.sh');
    const up = await run('bash', [script, 'up']);
    if (up.status !== 0) throw new Error(`scripts/postgres.sh up failed:\n${up.stderr}`);
    const env = await run('bash', [script, 'env']);
    const vars = Object.fromEntries(
      env.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('=', 2) as [string, string]),
    );
    return { host: vars.SG_TEST_PG_HOST!, user: vars.SG_TEST_PG_USER!, passwordFile: vars.SG_TEST_PG_PASSWORD_FILE! };
  })();
  return started;
}

/** A URL without the password: swarmguard reads it from the file ($SWARMGUARD_DATABASE_PASSWORD_FILE). */
export function pgUrl(pgEnv: TestPostgres, database: string): string {
  return `postgres://${pgEnv.user}@/${database}?host=${encodeURIComponent(pgEnv.host)}`;
}

async function admin<T>(pgEnv: TestPostgres, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const { readFileSync } = await import('node:fs');
  const c = new pg.Client({ host: pgEnv.host, user: pgEnv.user, database: 'postgres', password: readFileSync(pgEnv.passwordFile, 'utf8').trim() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new empty database; returns its URL and a function that drops it. */
export async function freshDatabase(prefix = 'sgtest'): Promise<{ url: string; name: string; pgEnv: TestPostgres; drop: () => Promise<void> }> {
  const pgEnv = await testPostgres();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin(pgEnv, (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: pgUrl(pgEnv, name),
    name,
    pgEnv,
    drop: () => admin(pgEnv, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Restarts the server (fast shutdown): every open connection is cut. */
export async function restartPostgres(): Promise<void> {
  const r = await run('bash', [path.join(root, 'scripts/postgres.sh'), 'restart']);
  if (r.status !== 0) throw new Error(`scripts/postgres.sh restart failed:\n${r.stderr}`);
}
