import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { HistoryStore, newFindings } from '../../../src/history/store.js';
import { UserError } from '../../../src/core/errors.js';
import { describeEachSqliteEngine } from '../../helpers/sqlite-engines.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = (): string => tempDir('sg-history-');

const vuln = (id: string, pkg: string, severity: Finding['severity'] = 'HIGH'): Finding => ({
  id,
  title: id,
  severity,
  category: 'vuln',
  target: { kind: 'image', ref: 'r', path: 'var/lib/dpkg/status' },
  message: `${pkg} is affected`,
  references: [],
  vulnerability: { package: pkg, installedVersion: '1', status: 'fixed', fixedVersion: '2' },
});

const DIGEST = `sha256:${'a'.repeat(64)}`;

describeEachSqliteEngine('HistoryStore', () => {
  it('records queued, finished and failed scans with counts and findings', () => {
    const store = new HistoryStore(path.join(tmp(), 'h.db'));
    const id = store.enqueue({ digest: DIGEST, repository: '127.0.0.1:5000/app', tag: 'v1', trigger: 'push' });
    expect(store.pending().map((r) => r.id)).toEqual([id]);
    store.finish(id, [vuln('CVE-1', 'openssl'), vuln('CVE-2', 'zlib', 'CRITICAL')]);
    const r = store.get(id)!;
    expect(r.status).toBe('done');
    expect(r.counts).toMatchObject({ CRITICAL: 1, HIGH: 1 });
    expect(r.findings).toHaveLength(2);
    expect(store.pending()).toEqual([]);
    const id2 = store.enqueue({ digest: DIGEST.replace(/a/g, 'b'), repository: 'x', trigger: 'deploy' });
    store.fail(id2, 'pull failed');
    expect(store.get(id2)).toMatchObject({ status: 'failed', error: 'pull failed' });
    store.close();
  });

  it('finds a recent scan of a digest and the previous scan of a repository', () => {
    const store = new HistoryStore(path.join(tmp(), 'h.db'));
    const a = store.enqueue({ digest: DIGEST, repository: 'app', trigger: 'push' });
    store.finish(a, [vuln('CVE-1', 'openssl')]);
    expect(store.recentScanOfDigest(DIGEST, new Date(Date.now() - 60_000).toISOString())?.id).toBe(a);
    expect(store.recentScanOfDigest(DIGEST, new Date(Date.now() + 60_000).toISOString())).toBeUndefined();
    const b = store.enqueue({ digest: DIGEST.replace(/a/g, 'c'), repository: 'app', trigger: 'push' });
    store.finish(b, [vuln('CVE-1', 'openssl'), vuln('CVE-9', 'curl')]);
    const prev = store.previousOfRepository('app', b);
    expect(prev?.id).toBe(a);
    expect(newFindings(store.get(b)!, prev).map((f) => f.id)).toEqual(['CVE-9']);
    expect(store.list({ image: 'app' }).map((r) => r.id)).toEqual([b, a]);
    expect(store.list({ image: DIGEST }).map((r) => r.id)).toEqual([a]);
    store.close();
  });

  it('survives reopening and refuses a file that is not a history', () => {
    const dir = tmp();
    const file = path.join(dir, 'h.db');
    const s1 = new HistoryStore(file);
    const id = s1.enqueue({ digest: DIGEST, repository: 'app', trigger: 'manual' });
    s1.close();
    const s2 = new HistoryStore(file);
    expect(s2.pending().map((r) => r.id)).toEqual([id]);
    s2.close();
    const junk = path.join(dir, 'junk.db');
    writeFileSync(junk, 'this is not sqlite, just text '.repeat(100));
    expect(() => new HistoryStore(junk)).toThrow(UserError);
  });
});
