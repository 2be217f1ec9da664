// The matcher: severity as trivy chooses it (vendor, then NVD, else UNKNOWN) and Debian source-version matching.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory, Package } from '../../../src/packages/types.js';
import { bestCvss, comparableVersion, matchInventory } from '../../../src/scan/match.js';
import { scanInventory } from '../../../src/scan/scan.js';
import type { AdvisoryRecord, CvssEntry } from '../../../src/vulndb/model.js';
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

beforeAll(() => {
  store = VulnStore.open(path.join(dir, 'vuln.db'), { create: true });
  put('alpine-v3.19-main', 'alpine-secdb', [
    {
      advisory: { id: 'CVE-2099-0001', aliases: [], cvss: [], references: [] },
      affected: [
        {
          namespace: 'alpine:v3.19',
          package: 'openssl',
          scheme: 'apk',
          status: 'fixed',
          range: { kind: 'fixed-in', fixed: '3.1.4-r1' },
          fixedVersions: ['3.1.4-r1'],
        },
      ],
    },
    {
      advisory: { id: 'CVE-2099-0002', aliases: [], cvss: [], references: [] },
      affected: [
        {
          namespace: 'alpine:v3.19',
          package: 'openssl',
          scheme: 'apk',
          status: 'fixed',
          range: { kind: 'fixed-in', fixed: '3.1.4-r2' },
          fixedVersions: ['3.1.4-r2'],
        },
      ],
    },
    {
      advisory: { id: 'CVE-2099-0003', aliases: [], cvss: [], references: [] },
      affected: [
        {
          namespace: 'alpine:v3.19',
          package: 'openssl',
          scheme: 'apk',
          status: 'fixed',
          range: { kind: 'fixed-in', fixed: '3.1.4-r3' },
          fixedVersions: ['3.1.4-r3'],
        },
      ],
    },
    {
      advisory: { id: 'CVE-2099-0004', aliases: [], cvss: [], references: [] },
      affected: [
        {
          namespace: 'alpine:v3.19',
          package: 'openssl',
          scheme: 'apk',
          status: 'fixed',
          range: { kind: 'fixed-in', fixed: '3.1.4-r4' },
          fixedVersions: ['3.1.4-r4'],
        },
      ],
    },
  ]);
  put('debian-tracker', 'debian-tracker', [
    {
      advisory: { id: 'CVE-2099-0001', aliases: [], cvss: [], references: [] },
      affected: [
        {
          namespace: 'debian:12',
          package: 'openssl',
          scheme: 'dpkg',
          status: 'fixed',
          range: { kind: 'fixed-in', fixed: '3.0.11-1~deb12u2' },
          fixedVersions: ['3.0.11-1~deb12u2'],
          severity: 'LOW',
          severitySource: 'debian',
        },
      ],
    },
    // gcc-defaults: the binary gcc is 4:12.2.0-3, its source 1.203; the fix is a source version.
    {
      advisory: { id: 'CVE-2099-0100', aliases: [], cvss: [], references: [] },
      affected: [
        {
          namespace: 'debian:12',
          package: 'gcc-defaults',
          scheme: 'dpkg',
          status: 'fixed',
          range: { kind: 'fixed-in', fixed: '1.204' },
          fixedVersions: ['1.204'],
        },
      ],
    },
    // A binNMU: libfoo1 2.0-1+b1 built from foo 2.0-1; fixed in the source's 2.0-1+deb12u1 upload.
    {
      advisory: { id: 'CVE-2099-0101', aliases: [], cvss: [], references: [] },
      affected: [
        {
          namespace: 'debian:12',
          package: 'foo',
          scheme: 'dpkg',
          status: 'fixed',
          range: { kind: 'fixed-in', fixed: '2.0-1+b0' },
          fixedVersions: ['2.0-1+b0'],
        },
      ],
    },
  ]);
  put('nvd-2099', 'nvd', [
    // v3.1 Primary HIGH, a CNA's Secondary CRITICAL, and v2 MEDIUM: NVD's own v3 wins.
    {
      advisory: {
        id: 'CVE-2099-0001',
        aliases: [],
        modified: '2099-01-01T00:00:00',
        cvss: [
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
        ],
        references: [],
      },
      affected: [],
    },
    // Only v2: its severity.
    {
      advisory: {
        id: 'CVE-2099-0002',
        aliases: [],
        modified: '2099-01-01T00:00:00',
        cvss: [{ vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', version: '2.0', score: 7.5, severity: 'HIGH', source: 'nvd@nist.gov', type: 'Primary' }],
        references: [],
      },
      affected: [],
    },
    // Awaiting analysis: no metrics.
    { advisory: { id: 'CVE-2099-0003', aliases: [], modified: '2099-01-01T00:00:00', cvss: [], references: [] }, affected: [] },
    {
      advisory: {
        id: 'CVE-2099-0004',
        aliases: [],
        modified: '2099-01-01T00:00:00',
        cvss: [nvdPrimary31('CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.8, 'LOW')],
        references: [],
      },
      affected: [],
    },
  ]);
  // The modified feed re-rated CVE-2099-0004 after the yearly feed: the newer record wins.
  put('nvd-modified', 'nvd', [
    {
      advisory: {
        id: 'CVE-2099-0004',
        aliases: [],
        modified: '2099-02-01T00:00:00',
        cvss: [nvdPrimary31('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'CRITICAL')],
        references: [],
      },
      affected: [],
    },
  ]);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const pkg = (p: Partial<Package> & Pick<Package, 'type' | 'name' | 'version'>): Package => ({ path: 'x', purl: `pkg:${p.type}/${p.name}@${p.version}`, ...p });

describe('severity as trivy chooses it', () => {
  const alpine: Inventory = {
    ref: 'a:1',
    os: { family: 'alpine', version: '3.19.1', source: 'etc/os-release' },
    packages: [pkg({ type: 'apk', name: 'libssl3', sourceName: 'openssl', version: '3.1.4-r0' })],
    warnings: [],
    layers: [],
  };

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
    const deb: Inventory = {
      ref: 'd:1',
      os: { family: 'debian', version: '12', source: 'etc/os-release' },
      packages: [pkg({ type: 'deb', name: 'libssl3', sourceName: 'openssl', version: '3.0.11-1~deb12u1' })],
      warnings: [],
      layers: [],
    };
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
  const deb = (packages: Package[]): Inventory => ({
    ref: 'd:1',
    os: { family: 'debian', version: '12', source: 'etc/os-release' },
    packages,
    warnings: [],
    layers: [],
  });

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
