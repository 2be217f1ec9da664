// The matcher: severity as trivy chooses it (vendor, then NVD, else UNKNOWN) and Debian source-version matching.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory, Package } from '../../../src/packages/types.js';
import { bestCvss, comparableVersion, matchInventory } from '../../../src/scan/match.js';
import { scanInventory } from '../../../src/scan/scan.js';
import type { AdvisoryRecord, AffectedEntry, CvssEntry } from '../../../src/vulndb/model.js';
import { VulnStore } from '../../../src/vulndb/store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-match-'));
let store: VulnStore;

function put(sourceId: string, type: string, records: AdvisoryRecord[]): void {
  store.resetSource({ id: sourceId, type });
  const w = store.writer(sourceId);
  for (const r of records) w.add(r);
  w.flush();
  store.finishSource(sourceId, { skipped: 0 });
}

const nvdPrimary31 = (vector: string, score: number, severity: string): CvssEntry => ({
  vector,
  version: '3.1',
  score,
  severity,
  source: 'nvd@nist.gov',
  type: 'Primary',
});

/** What a distribution says: `pkg` of `namespace` is fixed in `fixed`, and anything else it states. */
const fixedIn = (id: string, namespace: string, scheme: string, pkg: string, fixed: string, more: Partial<AffectedEntry> = {}): AdvisoryRecord => ({
  advisory: { id, aliases: [], cvss: [], references: [] },
  affected: [{ namespace, package: pkg, scheme, status: 'fixed', range: { kind: 'fixed-in', fixed }, fixedVersions: [fixed], ...more }],
});

/** An NVD record: only the advisory, with its ratings. */
const nvd = (id: string, modified: string, cvss: CvssEntry[]): AdvisoryRecord => ({
  advisory: { id, aliases: [], modified, cvss, references: [] },
  affected: [],
});

beforeAll(() => {
  store = VulnStore.open(path.join(dir, 'vuln.db'), { create: true });
  put('alpine-v3.19-main', 'alpine-secdb', [
    fixedIn('CVE-2099-0001', 'alpine:v3.19', 'apk', 'openssl', '3.1.4-r1'),
    fixedIn('CVE-2099-0002', 'alpine:v3.19', 'apk', 'openssl', '3.1.4-r2'),
    fixedIn('CVE-2099-0003', 'alpine:v3.19', 'apk', 'openssl', '3.1.4-r3'),
    fixedIn('CVE-2099-0004', 'alpine:v3.19', 'apk', 'openssl', '3.1.4-r4'),
  ]);
  put('debian-tracker', 'debian-tracker', [
    fixedIn('CVE-2099-0001', 'debian:12', 'dpkg', 'openssl', '3.0.11-1~deb12u2', { severity: 'LOW', severitySource: 'debian' }),
    // gcc-defaults: the binary gcc is 4:12.2.0-3, its source 1.203; the fix is a source version.
    fixedIn('CVE-2099-0100', 'debian:12', 'dpkg', 'gcc-defaults', '1.204'),
    // A binNMU: libfoo1 2.0-1+b1 built from foo 2.0-1; fixed in the source's 2.0-1+deb12u1 upload.
    fixedIn('CVE-2099-0101', 'debian:12', 'dpkg', 'foo', '2.0-1+b0'),
  ]);
  put('nvd-2099', 'nvd', [
    // v3.1 Primary HIGH, a CNA's Secondary CRITICAL, and v2 MEDIUM: NVD's own v3 wins.
    nvd('CVE-2099-0001', '2099-01-01T00:00:00', [
      { vector: 'AV:N/AC:L/Au:N/C:N/I:N/A:P', version: '2.0', score: 5, severity: 'MEDIUM', source: 'nvd@nist.gov', type: 'Primary' },
      {
        vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        version: '3.1',
        score: 9.8,
        severity: 'CRITICAL',
        source: 'cna@example.org',
        type: 'Secondary',
      },
      nvdPrimary31('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5, 'HIGH'),
    ]),
    // Only v2: its severity.
    nvd('CVE-2099-0002', '2099-01-01T00:00:00', [
      { vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', version: '2.0', score: 7.5, severity: 'HIGH', source: 'nvd@nist.gov', type: 'Primary' },
    ]),
    // Awaiting analysis: no metrics.
    nvd('CVE-2099-0003', '2099-01-01T00:00:00', []),
    nvd('CVE-2099-0004', '2099-01-01T00:00:00', [nvdPrimary31('CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.8, 'LOW')]),
  ]);
  // The modified feed re-rated CVE-2099-0004 after the yearly feed: the newer record wins.
  put('nvd-modified', 'nvd', [nvd('CVE-2099-0004', '2099-02-01T00:00:00', [nvdPrimary31('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'CRITICAL')])]);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const pkg = (p: Partial<Package> & Pick<Package, 'type' | 'name' | 'version'>): Package => ({ path: 'x', purl: `pkg:${p.type}/${p.name}@${p.version}`, ...p });
/** An image of `family` `version` (from its os-release) holding `packages`. */
const image = (ref: string, family: string, version: string, packages: Package[]): Inventory => ({
  ref,
  os: { family, version, source: 'etc/os-release' },
  packages,
  warnings: [],
  layers: [],
});

describe('severity as trivy chooses it', () => {
  const alpine = image('a:1', 'alpine', '3.19.1', [pkg({ type: 'apk', name: 'libssl3', sourceName: 'openssl', version: '3.1.4-r0' })]);

  it('Alpine findings take NVD v3 (Primary before Secondary), then v2, and UNKNOWN where NVD has none', () => {
    const bySev = Object.fromEntries(matchInventory(store, alpine).findings.map((f) => [f.id, [f.severity, f.vulnerability?.severitySource]]));
    expect(bySev).toEqual({
      'CVE-2099-0001': ['HIGH', 'nvd'],
      'CVE-2099-0002': ['HIGH', 'nvd'],
      'CVE-2099-0003': ['UNKNOWN', 'none'],
      'CVE-2099-0004': ['CRITICAL', 'nvd'],
    });
  });

  it('an unrated finding is never MEDIUM: --severity CRITICAL,HIGH leaves it out, UNKNOWN selects it', () => {
    expect(
      scanInventory(store, alpine, { severities: ['CRITICAL', 'HIGH'] })
        .findings.map((f) => f.id)
        .sort(),
    ).toEqual(['CVE-2099-0001', 'CVE-2099-0002', 'CVE-2099-0004']);
    expect(scanInventory(store, alpine, { severities: ['MEDIUM'] }).findings).toEqual([]);
    expect(scanInventory(store, alpine, { severities: ['UNKNOWN'] }).findings.map((f) => f.id)).toEqual(['CVE-2099-0003']);
  });

  it("the distribution's own rating comes before NVD's", () => {
    const deb = image('d:1', 'debian', '12', [pkg({ type: 'deb', name: 'libssl3', sourceName: 'openssl', version: '3.0.11-1~deb12u1' })]);
    const [f] = matchInventory(store, deb).findings;
    expect(f?.severity).toBe('LOW');
    expect(f?.vulnerability?.severitySource).toBe('debian');
    // NVD's metrics still travel with the finding.
    expect(f?.vulnerability?.cvss?.length).toBe(3);
  });

  it('bestCvss: v3.1, v3.0, v2, v4.0; Primary before Secondary', () => {
    const e = (version: string, type: 'Primary' | 'Secondary'): CvssEntry => ({ vector: `${version}-${type}`, version, score: 5, type });
    expect(bestCvss([e('4.0', 'Primary'), e('2.0', 'Primary'), e('3.0', 'Secondary'), e('3.0', 'Primary')])?.vector).toBe('3.0-Primary');
    expect(bestCvss([e('4.0', 'Primary'), e('2.0', 'Secondary')])?.vector).toBe('2.0-Secondary');
    expect(bestCvss([e('4.0', 'Secondary')])?.vector).toBe('4.0-Secondary');
    expect(bestCvss([{ vector: 'x', version: '3.1' }])).toBeUndefined();
  });
});

describe('Debian matches on the source package version', () => {
  const deb = (packages: Package[]): Inventory => image('d:1', 'debian', '12', packages);

  it('gcc 4:12.2.0-3 from gcc-defaults 1.203 is affected by a fix in 1.204 (its binary version alone would hide it)', () => {
    const gcc = pkg({ type: 'deb', name: 'gcc', version: '4:12.2.0-3', sourceName: 'gcc-defaults', sourceVersion: '1.203' });
    expect(comparableVersion(gcc)).toBe('1.203');
    const [f] = matchInventory(store, deb([gcc])).findings;
    expect(f?.id).toBe('CVE-2099-0100');
    expect(f?.vulnerability?.installedVersion).toBe('4:12.2.0-3');
    expect(f?.evidence?.matchedVersion).toBe('1.203');
    // Without the source version the binary's is used: that is what hid the finding.
    expect(matchInventory(store, deb([{ ...gcc, sourceVersion: undefined }])).findings).toEqual([]);
  });

  it("a binNMU'd binary (+b1) is compared by its source's version", () => {
    const lib = pkg({ type: 'deb', name: 'libfoo1', version: '2.0-1+b1', sourceName: 'foo', sourceVersion: '2.0-1' });
    expect(matchInventory(store, deb([lib])).findings.map((f) => f.id)).toEqual(['CVE-2099-0101']);
    const own = pkg({ type: 'deb', name: 'foo', version: '2.0-1+b1', sourceName: 'foo' });
    expect(matchInventory(store, deb([own])).findings).toEqual([]);
  });
});
