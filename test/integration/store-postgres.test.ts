// The scan store suite on a real PostgreSQL (scripts/postgres.sh), the same suite SQLite passes.
import { afterAll, describe, expect, it } from 'vitest';
import { PG_MIGRATIONS, PgScanStore } from '../../src/history/pg-store.js';
import { openScanStore } from '../../src/history/scan-store.js';
import { freshDatabase, restartPostgres } from '../helpers/postgres.js';
import { scanStoreSuite } from '../helpers/scan-store-suite.js';

describe('scan store on PostgreSQL', () => {
  scanStoreSuite(async () => {
    const db = await freshDatabase();
    const opts = { passwordFile: db.pgEnv.passwordFile };
    const store = await openScanStore(db.url, opts);
    return {
      store,
      other: () => openScanStore(db.url, opts),
      cleanup: async () => {
        await store.close();
        await db.drop();
      },
    };
  });
});

describe('PostgreSQL history', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
  });

  it('migrates once however many replicas start at once, and records the schema version', async () => {
    const db = await freshDatabase();
    drops.push(db.drop);
    const stores = await Promise.all([1, 2, 3, 4].map(() => PgScanStore.open(db.url, { passwordFile: db.pgEnv.passwordFile })));
    expect(await stores[0]!.schemaVersion()).toBe(PG_MIGRATIONS.length);
    expect(stores[0]!.location).not.toContain(db.pgEnv.passwordFile);
    for (const s of stores) await s.close();
  });

  it('says where it could not connect, without the password', async () => {
    const db = await freshDatabase();
    drops.push(db.drop);
    const wrong = db.url.replace('postgres://swarmguard@', 'postgres://swarmguard:not-the-password@');
    const err = await PgScanStore.open(wrong).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/cannot open the scan history at postgres:\/\/swarmguard:\*\*\*@/);
    expect(err?.message).not.toContain('not-the-password');
  });

  it('survives a server restart: the pool reconnects and nothing written is lost', async () => {
    const db = await freshDatabase();
    drops.push(db.drop);
    const store = await PgScanStore.open(db.url, { passwordFile: db.pgEnv.passwordFile, log: () => undefined });
    const { id } = await store.enqueue({ digest: `sha256:${'b'.repeat(64)}`, repository: 'reg/app', trigger: 'push' });
    expect((await store.claim('w', 60_000))?.record.id).toBe(id);
    await restartPostgres();
    // The first query after the restart may meet a dead pooled connection; the next one reconnects.
    let renewed: boolean | undefined;
    for (let i = 0; i < 20 && renewed === undefined; i++) renewed = await store.renew(id, 'w', 60_000).catch(() => undefined);
    expect(renewed).toBe(true);
    expect(await store.completeLeased(id, 'w', [])).toBe(true);
    expect(await store.get(id)).toMatchObject({ status: 'done' });
    await store.close();
  });
});
