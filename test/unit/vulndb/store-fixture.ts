// A small advisory DB and scan history written and read through the stores, the same way in this process and in
// a child on another Node (and so another SQLite engine): the child's summary must equal ours.
import type { Finding } from '../../../src/core/finding.js';
import { sqliteEngine } from '../../../src/core/sqlite.js';
import { HistoryStore } from '../../../src/history/store.js';
import { fixedIn, osvRange } from '../../../src/versions/index.js';
import type { AdvisoryRecord } from '../../../src/vulndb/model.js';
import { VulnStore } from '../../../src/vulndb/store.js';

export function fixtureRecord(id: string, pkg: string, extra: Partial<AdvisoryRecord['advisory']> = {}, namespace = 'debian:12'): AdvisoryRecord {
  return {
    advisory: { id, aliases: [`GHSA-${id}`], summary: `${pkg}: a flaw`, cvss: [], references: [{ type: 'WEB', url: `https://example.test/${id}` }], ...extra },
    affected: [{ namespace, package: pkg, scheme: 'dpkg', status: 'fixed', range: fixedIn('1.2-1'), fixedVersions: ['1.2-1'] }],
  };
}

export function writeStores(dbFile: string, historyFile: string): void {
  const store = VulnStore.open(dbFile, { create: true });
  store.resetSource({ id: 'osv', type: 'osv', url: 'https://example.test/osv', etag: '"e1"' });
  const w = store.writer('osv', 2);
  w.add(fixtureRecord('CVE-2099-0001', 'openssl', { severity: 'HIGH', severitySource: 'osv' }));
  w.add(fixtureRecord('CVE-2099-0002', 'zlib'));
  // The same advisory again: its rows join the first one's.
  w.add({
    ...fixtureRecord('CVE-2099-0001', 'libssl3'),
    affected: [{ ...fixtureRecord('x', 'libssl3').affected[0]!, range: osvRange([{ introduced: '0' }]) }],
  });
  w.add(fixtureRecord('CVE-2099-0003', 'left-pad', {}, 'npm'));
  w.flush();
  store.finishSource('osv', { skipped: 1 });
  store.resetSource({ id: 'nvd-2099', type: 'nvd' });
  const n = store.writer('nvd-2099');
  n.add({
    advisory: {
      id: 'CVE-2099-0001',
      aliases: [],
      cvss: [{ vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', version: '3.1', score: 9.8 }],
      references: [],
      modified: '2099-01-02',
    },
    affected: [],
  });
  n.flush();
  store.finishSource('nvd-2099', { skipped: 0 });
  store.setMeta('built_by', 'fixture');
  store.close();

  const history = new HistoryStore(historyFile);
  const finding = {
    id: 'CVE-2099-0001',
    title: 't',
    severity: 'HIGH',
    category: 'vuln',
    target: { kind: 'image', ref: 'r' },
    message: 'm',
    references: [],
  } as Finding;
  const id = history.enqueue({ digest: `sha256:${'a'.repeat(64)}`, repository: 'app', tag: '1', trigger: 'push' });
  history.finish(id, [finding]);
  history.enqueue({ digest: `sha256:${'b'.repeat(64)}`, repository: 'app', trigger: 'deploy' });
  history.setState('watch.since', '12345');
  history.close();
}

/** Everything the stores give back from the files, minus the times they stamp. */
export function readStores(dbFile: string, historyFile: string): { engine: string; db: unknown; history: unknown } {
  const store = VulnStore.open(dbFile, { readonly: true });
  const db = {
    schema: store.schemaVersion(),
    counts: store.counts(),
    namespaces: store.namespaces(),
    sources: store.sources().map(({ importedAt, ...s }) => ({ ...s, imported: importedAt !== undefined })),
    openssl: store.lookup('debian:12', 'openssl'),
    libssl3: store.lookup('debian:12', 'libssl3'),
    none: store.lookup('debian:12', 'bash'),
    nvd: store.nvd('CVE-2099-0001'),
    hasNpm: store.hasNamespace('npm'),
    meta: store.getMeta('built_by'),
  };
  store.close();
  const h = new HistoryStore(historyFile);
  const history = {
    pending: h.pending().map((r) => ({ repository: r.repository, trigger: r.trigger, status: r.status })),
    latest: (({ queuedAt, finishedAt, ...r }) => ({ ...r, stamped: queuedAt !== '' && finishedAt !== null }))(h.latestVerdict(`sha256:${'a'.repeat(64)}`)!),
    state: h.getState('watch.since'),
  };
  h.close();
  return { engine: sqliteEngine(), db, history };
}
