// A vulnerability finding as the matcher makes it, for the ranking and VEX tests.
import type { Finding, PackageVulnerability } from '../../../src/core/finding.js';
import type { Severity } from '../../../src/core/severity.js';

export function vulnFinding(id: string, purl: string, severity: Severity = 'HIGH', extra: Partial<PackageVulnerability> = {}): Finding {
  const name = /\/([^/@?]+)@/.exec(purl)?.[1] ?? purl;
  return {
    id,
    title: `${id} in ${name}`,
    severity,
    category: 'vuln',
    target: { kind: 'image', ref: 'img:1', path: 'x' },
    message: `${name} is affected by ${id}`,
    references: [{ type: 'cve', id, url: `https://nvd.nist.gov/vuln/detail/${id}` }],
    vulnerability: { package: name, installedVersion: '1', status: 'affected', purl, ...extra },
  };
}
