// The scan's CycloneDX 1.6: it validates against the 1.6 schema (the CycloneDX library's strict validator) and
// carries the VEX analysis, the KEV listing, the EPSS rating and each package's licence; the SPDX 2.3 document of the
// same inventory lists the same packages (purls) with the same licences where they are SPDX expressions.
import * as CDX from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { inventoryToSpdx } from '../../../src/packages/spdx.js';
import type { Package } from '../../../src/packages/types.js';
import { cdxLicenses, renderCycloneDx } from '../../../src/scan/cyclonedx.js';
import type { ScanReport } from '../../../src/scan/scan.js';
import { vulnFinding } from './vuln-finding.js';

const p = (name: string, version: string, license?: string): Package => ({
  type: 'deb',
  name,
  version,
  path: 'var/lib/dpkg/status',
  purl: `pkg:deb/debian/${name}@${version}?distro=debian-12`,
  ...(license !== undefined ? { license } : {}),
});
const packages = [
  p('bash', '5.2.15-2+b2', 'GPL-3.0-or-later'),
  p('libc6', '2.36-9+deb12u1', 'LGPL-2.1-or-later AND GPL-2.0-only'),
  p('tzdata', '2024a-0+deb12u1', 'Public Domain'),
];
const kev = vulnFinding('CVE-2023-4911', packages[1]!.purl, 'HIGH', {
  installedVersion: packages[1]!.version,
  kev: { dateAdded: '2023-11-21', dueDate: '2023-12-12', knownRansomware: false },
  epss: { score: 0.8617, percentile: 0.99, date: '2026-09-29' },
});
const suppressed = vulnFinding('CVE-2014-6271', packages[0]!.purl, 'CRITICAL', {
  installedVersion: packages[0]!.version,
  vex: { status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', source: 'team.openvex.json' },
});
const report: ScanReport = {
  ref: 'app:1',
  inventory: { ref: 'app:1', os: { family: 'debian', version: '12', source: 'etc/os-release' }, packages, warnings: [], layers: [] },
  targets: [],
  findings: [kev],
  ignored: [],
  suppressed: [suppressed],
  exploitation: { kevEntries: 23, epssDate: '2026-09-29' },
  sort: 'risk',
  all: [kev, suppressed],
  notes: [],
};

describe('scan CycloneDX 1.6', () => {
  const text = renderCycloneDx(report, '0.1.0');
  const bom = JSON.parse(text) as {
    specVersion: string;
    components: { purl: string; licenses?: unknown[] }[];
    vulnerabilities: { id: string; analysis?: Record<string, string>; ratings: Record<string, unknown>[]; properties: { name: string; value: string }[] }[];
  };

  it('validates against the CycloneDX 1.6 schema', async () => {
    expect(bom.specVersion).toBe('1.6');
    expect(await new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6).validate(text)).toBeNull();
  });

  it('carries the VEX analysis, the KEV listing, the EPSS rating and the licences', () => {
    const decided = bom.vulnerabilities.find((v) => v.id === 'CVE-2014-6271');
    expect(decided?.analysis).toEqual({ state: 'not_affected', justification: 'code_not_reachable', detail: 'VEX: team.openvex.json' });
    const listed = bom.vulnerabilities.find((v) => v.id === 'CVE-2023-4911');
    expect(listed?.properties).toEqual(
      expect.arrayContaining([
        { name: 'swarmguard:kev:dateAdded', value: '2023-11-21' },
        { name: 'swarmguard:kev:dueDate', value: '2023-12-12' },
        { name: 'swarmguard:kev:knownRansomware', value: 'false' },
        { name: 'swarmguard:epss:score', value: '0.8617' },
      ]),
    );
    expect(listed?.ratings).toContainEqual(
      expect.objectContaining({ method: 'other', score: 0.8617, source: expect.objectContaining({ name: 'FIRST EPSS' }) as unknown }),
    );
    expect(bom.components.map((c) => c.licenses)).toEqual([
      [{ expression: 'GPL-3.0-or-later' }],
      [{ expression: 'LGPL-2.1-or-later AND GPL-2.0-only' }],
      [{ license: { name: 'Public Domain' } }],
    ]);
    expect(cdxLicenses(undefined)).toEqual([]);
  });

  it('SPDX 2.3 of the same inventory lists the same packages, with the same SPDX licences', () => {
    const spdx = JSON.parse(inventoryToSpdx(report.inventory, { toolVersion: '0.1.0', uuid: '00000000-0000-4000-8000-000000000000' })) as {
      spdxVersion: string;
      packages: { licenseDeclared: string; externalRefs?: { referenceType: string; referenceLocator: string }[] }[];
    };
    expect(spdx.spdxVersion).toBe('SPDX-2.3');
    const byPurl = new Map(
      spdx.packages.flatMap((x) =>
        (x.externalRefs ?? []).filter((r) => r.referenceType === 'purl').map((r) => [r.referenceLocator, x.licenseDeclared] as const),
      ),
    );
    expect([...byPurl.keys()].sort()).toEqual(bom.components.map((c) => c.purl).sort());
    expect(packages.map((x) => byPurl.get(x.purl))).toEqual(['GPL-3.0-or-later', 'LGPL-2.1-or-later AND GPL-2.0-only', 'NOASSERTION']);
  });
});
