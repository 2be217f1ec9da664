// CycloneDX 1.6 JSON of a scan: the image's components (with their licences) and the vulnerabilities that affect them,
// linked by bom-ref, with the VEX analysis, the EPSS rating and the KEV listing.
import { randomUUID } from 'node:crypto';
import type { Finding } from '../core/finding.js';
import { spdxLicense } from '../packages/spdx.js';
import type { Package } from '../packages/types.js';
import { epssRating, exploitationProperties, vexAnalysis } from './cyclonedx-vuln.js';
import type { ScanReport } from './scan.js';

/** The bom-ref of a package: its purl, plus the path when one purl occurs in several places. */
export function bomRef(pkg: Package, duplicated: boolean): string {
  return duplicated ? `${pkg.purl}?path=${encodeURIComponent(pkg.path)}` : pkg.purl;
}

function method(vector: string): string {
  if (vector.startsWith('CVSS:3.1')) return 'CVSSv31';
  if (vector.startsWith('CVSS:3.0')) return 'CVSSv3';
  if (vector.startsWith('CVSS:4')) return 'CVSSv4';
  return 'CVSSv2';
}

/** A package's licence: an SPDX expression as such, any other text by name (as the SPDX output keeps it in a comment). */
export function cdxLicenses(license: string | undefined): { expression: string }[] | { license: { name: string } }[] {
  if (license === undefined || license.trim() === '') return [];
  const spdx = spdxLicense(license);
  return spdx !== 'NOASSERTION' ? [{ expression: spdx }] : [{ license: { name: license.trim().slice(0, 1000) } }];
}

export function renderCycloneDx(report: ScanReport, toolVersion: string): string {
  const pkgs = report.inventory.packages;
  const purlCount = new Map<string, number>();
  for (const p of pkgs) purlCount.set(p.purl, (purlCount.get(p.purl) ?? 0) + 1);
  const refOf = new Map<string, string>();
  const key = (p: { purl?: string; path?: string }): string => `${p.purl ?? ''}\u0000${p.path ?? ''}`;
  const components = pkgs.map((p) => {
    const ref = bomRef(p, (purlCount.get(p.purl) ?? 0) > 1);
    refOf.set(key(p), ref);
    return {
      type: 'library',
      'bom-ref': ref,
      name: p.name,
      version: p.version,
      purl: p.purl,
      ...(cdxLicenses(p.license).length > 0 ? { licenses: cdxLicenses(p.license) } : {}),
      properties: [
        { name: 'swarmguard:package:type', value: p.type },
        { name: 'swarmguard:package:path', value: p.path },
        ...(p.sourceName !== undefined ? [{ name: 'swarmguard:package:source', value: p.sourceName }] : []),
        ...(p.layer !== undefined ? [{ name: 'swarmguard:layer', value: p.layer }] : []),
      ],
    };
  });
  // One vulnerability entry per id, affecting every component it was found in.
  const byId = new Map<string, Finding[]>();
  // VEX-suppressed findings stay in the BOM with their analysis: the BOM says what was decided, not only what is open.
  // An analysis applies to every component an entry affects: packages a VEX statement decided differently get their own entry.
  const groupOf = (f: Finding): string => (f.vulnerability?.vex ? `${f.id}#vex-${f.vulnerability.vex.status}` : f.id);
  for (const f of [...report.findings, ...report.suppressed]) byId.set(groupOf(f), [...(byId.get(groupOf(f)) ?? []), f]);
  const vulnerabilities = [...byId.entries()].map(([ref, fs]) => {
    const id = (fs[0] as Finding).id;
    const first = fs[0] as Finding;
    const v = first.vulnerability;
    const ratings = [
      { severity: first.severity.toLowerCase(), method: 'other', source: { name: v?.severitySource ?? 'swarmguard' } },
      ...(v?.cvss ?? []).map((c) => ({
        method: method(c.vector),
        vector: c.vector,
        ...(c.score !== undefined ? { score: c.score } : {}),
        ...(c.source ? { source: { name: c.source } } : {}),
      })),
      ...epssRating(first),
    ];
    const analysis = vexAnalysis(first);
    const url = first.references[0]?.url;
    return {
      'bom-ref': `vuln:${ref}`,
      id,
      source: { name: String(first.evidence?.source ?? 'swarmguard'), ...(url ? { url } : {}) },
      ratings,
      description: first.title,
      ...(first.remediation ? { recommendation: first.remediation } : {}),
      ...(analysis ? { analysis } : {}),
      affects: fs.map((f) => ({
        ref: refOf.get(key({ purl: f.vulnerability?.purl ?? '', path: f.target.kind === 'image' ? (f.target.path ?? '') : '' })) ?? f.vulnerability?.purl ?? '',
        versions: [{ version: f.vulnerability?.installedVersion ?? '', status: 'affected' }],
      })),
      properties: [
        ...fs.slice(0, 1).map((f) => ({ name: 'swarmguard:status', value: f.vulnerability?.status ?? 'unknown' })),
        ...exploitationProperties(first),
      ],
    };
  });
  const doc = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: new Date().toISOString(),
      tools: { components: [{ type: 'application', name: 'swarmguard', version: toolVersion }] },
      component: {
        type: 'container',
        'bom-ref': `image:${report.ref}`,
        name: report.ref,
        ...(report.inventory.imageId ? { version: report.inventory.imageId } : {}),
      },
    },
    components,
    vulnerabilities,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
