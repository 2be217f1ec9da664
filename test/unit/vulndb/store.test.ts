import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { openSqlite, type SqliteEngineName } from '../../../src/core/sqlite.js';
import { SCHEMA_VERSION } from '../../../src/vulndb/schema.js';
import { VulnStore } from '../../../src/vulndb/store.js';
import { describeEachSqliteEngine, SQLITE_ENGINES_HERE } from '../../helpers/sqlite-engines.js';
import { bundle } from '../packages/bundle.js';
import { fixtureRecord, readStores, writeStores } from './store-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-vulnstore-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const dir = (): string => mkdtempSync(path.join(tmp, `${++n}-`));

describeEachSqliteEngine('VulnStore', () => {
  it('imports records in batches and looks packages up, with aliases, NVD scores and per-source counts', () => {
    const d = dir();
    writeStores(path.join(d, 'v.db'), path.join(d, 'h.db'));
    const r = readStores(path.join(d, 'v.db'), path.join(d, 'h.db'));
    expect(r.db).toMatchObject({
      schema: SCHEMA_VERSION,
      counts: { advisories: 4, affected: 4, namespaces: 2 },
      namespaces: [
        { namespace: 'debian:12', entries: 3 },
        { namespace: 'npm', entries: 1 },
      ],
      sources: [
        { id: 'nvd-2099', type: 'nvd', advisories: 1, affected: 0, skipped: 0, imported: true },
        { id: 'osv', type: 'osv', url: 'https://example.test/osv', etag: '"e1"', advisories: 3, affected: 4, skipped: 1, imported: true },
      ],
      openssl: [
        { advisoryId: 'CVE-2099-0001', source: 'osv', aliases: ['GHSA-CVE-2099-0001'], advisorySeverity: 'HIGH', range: { kind: 'fixed-in', fixed: '1.2-1' } },
      ],
      libssl3: [{ advisoryId: 'CVE-2099-0001', range: { kind: 'osv', events: [{ introduced: '0' }] } }],
      none: [],
      nvd: { id: 'CVE-2099-0001', source: 'nvd-2099', modified: '2099-01-02', cvss: [{ score: 9.8 }] },
      hasNpm: true,
      meta: 'fixture',
    });
    expect(r.history).toMatchObject({
      pending: [{ repository: 'app', trigger: 'deploy', status: 'queued' }],
      latest: { repository: 'app', tag: '1', status: 'done', counts: { HIGH: 1 }, stamped: true },
      state: '12345',
    });
  });

  it('replaces, promotes and drops a source; a failed batch leaves nothing behind', () => {
    const f = path.join(dir(), 'v.db');
    const store = VulnStore.open(f, { create: true });
    store.resetSource({ id: 'a', type: 'osv' });
    const w = store.writer('a', 100);
    w.add(fixtureRecord('CVE-1', 'p1'));
    w.flush();
    store.resetSource({ id: 'a.staging', type: 'osv' });
    const s = store.writer('a.staging', 100);
    s.add(fixtureRecord('CVE-2', 'p2'));
    s.flush();
    const aborted = store.writer('a.staging', 100);
    aborted.add(fixtureRecord('CVE-3', 'p3'));
    aborted.abort();
    expect(store.lookup('debian:12', 'p3')).toEqual([]);
    store.promoteSource('a.staging', { id: 'a', type: 'osv' });
    expect(store.sources().map((x) => x.id)).toEqual(['a']);
    expect(store.lookup('debian:12', 'p1')).toEqual([]);
    expect(store.lookup('debian:12', 'p2')).toMatchObject([{ source: 'a', advisoryId: 'CVE-2' }]);
    store.touchSource('a', '2099-01-01T00:00:00Z');
    expect(store.source('a')?.fetchedAt).toBe('2099-01-01T00:00:00Z');
    store.dropSource('a');
    expect(store.counts()).toEqual({ advisories: 0, affected: 0, namespaces: 0 });
    store.close();
  });

  it('refuses a missing file, a file that is not SQLite, another SQLite file, and a newer schema, with what to do', () => {
    const d = dir();
    expect(() => VulnStore.open(path.join(d, 'none.db'), { readonly: true })).toThrow(/no vulnerability database at/);
    expect(existsSync(path.join(d, 'none.db'))).toBe(false);
    writeFileSync(path.join(d, 'text.db'), 'not a database at all, just text '.repeat(10));
    expect(() => VulnStore.open(path.join(d, 'text.db'))).toThrow(/not an SQLite file/);
    const other = openSqlite(path.join(d, 'other.db'));
    other.exec('CREATE TABLE photos (id INTEGER)');
    other.close();
    expect(() => VulnStore.open(path.join(d, 'other.db'), { readonly: true })).toThrow(/not a swarmguard vulnerability database/);
    expect(() => VulnStore.open(path.join(d, 'other.db'), { create: true })).toThrow(/database of something else/);
    const newer = openSqlite(path.join(d, 'newer.db'));
    newer.setUserVersion(SCHEMA_VERSION + 1);
    newer.close();
    const err = (() => {
      try {
        VulnStore.open(path.join(d, 'newer.db'), { readonly: true });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(new RegExp(`schema version ${SCHEMA_VERSION + 1}; this swarmguard reads up to ${SCHEMA_VERSION}`));
    expect(readdirSync(d).sort()).toEqual(['newer.db', 'other.db', 'text.db']);
  });
});

/** A Node on this machine whose SQLite engine is not ours: the machine's own, or one that .ci/node-versions.sh cached. */
function peerNode(): { node: string; version: string } | undefined {
  const ours = SQLITE_ENGINES_HERE[0];
  const cached = existsSync(path.join(ROOT, '.cache'))
    ? readdirSync(path.join(ROOT, '.cache'))
        .filter((e) => /^node-\d+$/.test(e))
        .map((e) => path.join(ROOT, '.cache', e, 'node_modules/node/bin/node'))
    : [];
  for (const node of ['node', ...cached]) {
    const r = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 30_000 });
    if (r.status !== 0) continue;
    const version = r.stdout.trim();
    const [major = 0, minor = 0] = version.split('.').map(Number);
    const engine: SqliteEngineName = major > 22 || (major === 22 && minor >= 13) ? 'node:sqlite' : 'better-sqlite3';
    if (engine !== ours) return { node, version };
  }
  return undefined;
}

describe('stores across engines', () => {
  const peer = SQLITE_ENGINES_HERE.length > 0 ? peerNode() : undefined;
  it.skipIf(!peer)(
    `files written on one engine read the same on the other (this Node and Node ${peer?.version ?? '—'})`,
    () => {
      const child = bundle(
        `import { readStores, writeStores } from './test/unit/vulndb/store-fixture.ts';
       const [mode, db, history] = process.argv.slice(2);
       if (mode === 'write') writeStores(db, history);
       console.log(JSON.stringify(readStores(db, history)));`,
        'store-peer',
      );
      try {
        const runPeer = (mode: string, d: string) => {
          const r = spawnSync(peer!.node, [child, mode, path.join(d, 'v.db'), path.join(d, 'h.db')], {
            encoding: 'utf8',
            timeout: 60_000,
            env: { ...process.env, SWARMGUARD_SQLITE: '' },
          });
          expect(r.stderr).toBe('');
          return JSON.parse(r.stdout) as ReturnType<typeof readStores>;
        };
        // Theirs read here, ours read there: both give back what the writer reads from its own files.
        const theirs = dir();
        const written = runPeer('write', theirs);
        expect(written.engine).not.toBe(SQLITE_ENGINES_HERE[0]);
        const here = readStores(path.join(theirs, 'v.db'), path.join(theirs, 'h.db'));
        expect(here.engine).toBe(SQLITE_ENGINES_HERE[0]);
        expect(here.db).toEqual(written.db);
        expect(here.history).toEqual(written.history);
        const ours = dir();
        writeStores(path.join(ours, 'v.db'), path.join(ours, 'h.db'));
        const read = runPeer('read', ours);
        expect(read.db).toEqual(readStores(path.join(ours, 'v.db'), path.join(ours, 'h.db')).db);
      } finally {
        rmSync(child, { force: true });
      }
    },
    120_000,
  );
});
