// The dashboard lists a run's benchmark verdicts with the titles of the version the run names: 1.8.0's 2.8 is TLS
// (1.6.0's 2.7), not ulimits (1.6.0's 2.8); runs recorded before versions were named read as 1.6.0.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { toText } from '../../../src/dashboard/html.js';
import { nodesPage } from '../../../src/dashboard/pages.js';
import { AuditRunStore, swarmStateOf } from '../../../src/history/audit-runs.js';
import { HistoryStore } from '../../../src/history/store.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { JA_CIS } from '../../../src/i18n/ja/cis.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-dash-cis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setLocale('en'));

function page(checked: string): string {
  const file = path.join(dir, `${checked.replace(/\W+/g, '-')}.db`);
  const store = AuditRunStore.open(file);
  store.record({
    finishedAt: '2026-11-28T09:00:00.000Z',
    score: 90,
    findings: [],
    coverage: [],
    checked: [checked],
    state: swarmStateOf({ networks: [], services: [], nodes: [] }),
    toolVersion: '0.1.0',
    benchVerdicts: [{ node: 'm1', id: '2.8', verdict: 'WARN' }],
  });
  store.close();
  const runs = AuditRunStore.open(file, { readonly: true });
  const scans = new HistoryStore(file);
  try {
    return toText(nodesPage({ scans, runs }).body);
  } finally {
    runs.close();
    scans.close();
  }
}

describe('benchmark verdicts on the dashboard', () => {
  it('are titled from the version the run names', () => {
    expect(page('CIS Docker Benchmark 1.8.0 on m1')).toContain('Ensure TLS authentication for Docker daemon is configured');
    expect(page('CIS Docker Benchmark 1.6.0 on m1')).toContain('Ensure the default ulimit is configured appropriately');
    setLocale('ja');
    expect(page('CIS Docker Benchmark 1.8.0 on m1')).toContain(JA_CIS['2.7']);
  });
});
