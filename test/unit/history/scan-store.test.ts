import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteScanStore, historyLocation, isPostgresUrl, openScanStore, redactUrl } from '../../../src/history/scan-store.js';
import { describeEachSqliteEngine } from '../../helpers/sqlite-engines.js';
import { scanStoreSuite } from '../../helpers/scan-store-suite.js';

describeEachSqliteEngine('scan store on SQLite', () => {
  scanStoreSuite(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-scan-store-'));
    const file = path.join(dir, 'history.db');
    const store = await openScanStore(file);
    return {
      store,
      other: () => Promise.resolve(SqliteScanStore.open(file)),
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('where the history is', () => {
  it('takes --history, then $SWARMGUARD_DATABASE_URL, then the SQLite file', () => {
    expect(historyLocation('/x/h.db', { SWARMGUARD_DATABASE_URL: 'postgres://a@b/c' })).toBe('/x/h.db');
    expect(historyLocation(undefined, { SWARMGUARD_DATABASE_URL: 'postgres://a@b/c' })).toBe('postgres://a@b/c');
    expect(historyLocation(undefined, { SWARMGUARD_HISTORY: '/y/h.db' })).toBe('/y/h.db');
    expect(isPostgresUrl('postgresql://h/db')).toBe(true);
    expect(isPostgresUrl('/var/lib/postgres.db')).toBe(false);
  });

  it('never prints a password, in the user part or in the query', () => {
    const printed = redactUrl('postgres://sg:s3cr%40t@db:5432/swarmguard?sslmode=require&password=hunter2&sslpassword=x');
    expect(printed).not.toMatch(/s3cr|hunter2|=x\b/);
    expect(printed).toContain('sg:***@db:5432/swarmguard');
    expect(printed).toContain('sslmode=require');
    expect(redactUrl('postgres://sg:pw@/swarmguard?host=/run/pg')).toBe('postgres://sg:***@/swarmguard?host=/run/pg');
    expect(redactUrl('postgres://sg@db/x')).toBe('postgres://sg@db/x');
    expect(redactUrl('not a url with a pw')).toBe('(unparsable URL)');
  });

  it('refuses another URL scheme with a hint, without echoing credentials', async () => {
    await expect(openScanStore('mysql://root:topsecret@db/x')).rejects.toThrow(/neither a file nor a postgres:\/\/ URL/);
    await expect(openScanStore('mysql://root:topsecret@db/x')).rejects.not.toThrow(/topsecret/);
  });

  it('creates the history directory 0700 and the database 0600, whatever the umask', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-scan-store-'));
    const old = process.umask(0o022);
    try {
      const store = await openScanStore(path.join(dir, 'nested', 'history.db'));
      await store.record({ digest: `sha256:${'a'.repeat(64)}`, repository: 'r', trigger: 'manual' }, []);
      expect(statSync(path.join(dir, 'nested')).mode & 0o777).toBe(0o700);
      for (const f of ['history.db', 'history.db-wal']) expect(statSync(path.join(dir, 'nested', f)).mode & 0o777).toBe(0o600);
      await store.close();
    } finally {
      process.umask(old);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
