// The importers on real published records (test/fixtures/vulndb, copied from the advisory samples).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/vulndb/update.js';
import { VulnStore } from '../../../src/vulndb/store.js';
import { cvss3BaseScore } from '../../../src/vulndb/cvss.js';
import { openDatabase } from '../../../src/vulndb/schema.js';
import { UserError } from '../../../src/core/errors.js';

const fx = (p: string) => path.join('test/fixtures/vulndb', p);
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-vulndb-'));
const db = path.join(dir, 'vuln.db');
const quiet = { log: () => undefined, progress: () => ({ tick() {}, total() {}, done() {} }) };
let store: VulnStore;

beforeAll(async () => {
  await importFiles(db, [fx('alpine-secdb-v3.10-main.json'), fx('alpine-secdb-v3.11-community.yaml'), fx('debian-tracker-sample.json'), fx('pypa-osv')], quiet);
  store = VulnStore.open(db, { readonly: true });
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('importers on real records', () => {
  it('imports every format into its namespace and counts what it skipped', () => {
    const ns = new Map(store.namespaces().map((n) => [n.namespace, n.entries]));
    expect(ns.get('alpine:v3.10')).toBeGreaterThan(1000);
    expect(ns.get('alpine:v3.11')).toBeGreaterThan(800);
    expect(ns.get('pypi')).toBe(42);
    expect([...ns.keys()].some((k) => k.startsWith('debian:'))).toBe(true);
    const yaml = store.sources().find((s) => s.id.endsWith('v3.11-community.yaml'))!;
    expect(yaml.skipped).toBe(1); // one malformed secfix line in the published file
  });

  it('Alpine: fixed-only data, one CVE under several fixed versions of a package', () => {
    const rows = store.lookup('alpine:v3.10', 'openssl');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === 'fixed')).toBe(true);
  });

  it('PyPI: ECOSYSTEM ranges under normalised names', () => {
    const rows = store.lookup('pypi', 'pyyaml');
    expect(rows.length).toBe(4);
    expect(rows.every((r) => r.scheme === 'pep440')).toBe(true);
  });

  it('Debian tracker: statuses by source package and release', () => {
    // prototypejs CVE-2008-7220: resolved in stretch (Debian 9) with fixed_version 1.6.0.2-1, urgency "high**".
    const rows = store.lookup('debian:9', 'prototypejs');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.status === 'fixed' && r.fixedVersions.includes('1.6.0.2-1'))).toBe(true);
  });

  it('skips malformed OSV records with a count instead of aborting', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ id: 'X-1', affected: 'nope' }));
    const db2 = path.join(dir, 'v2.db');
    const results = await importFiles(db2, [bad, fx('pypa-osv/flask')], quiet);
    expect(results[0]!.skipped).toBe(1);
    expect(results[0]!.records).toBe(0);
    const s = VulnStore.open(db2, { readonly: true });
    expect(s.lookup('pypi', 'flask').length).toBe(3);
    s.close();
  });

  it('refuses a file that is not SQLite, with what to do', () => {
    const junk = path.join(dir, 'junk.db');
    writeFileSync(junk, 'not a database '.repeat(100));
    expect(() => openDatabase(junk, { readonly: true })).toThrow(UserError);
  });
});

describe('CVSS', () => {
  it('computes v3 base scores from vectors', () => {
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')?.score).toBe(9.8);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N')?.score).toBe(6.1);
    expect(cvss3BaseScore('CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N')?.score).toBe(5.5);
    expect(cvss3BaseScore('garbage')).toBeUndefined();
  });
});
