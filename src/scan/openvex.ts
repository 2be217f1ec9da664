// `image scan --format openvex`: an OpenVEX 0.2.0 skeleton of the findings, every statement under_investigation, for a team to decide.
import { createHash } from 'node:crypto';
import type { Finding } from '../core/finding.js';
import type { ScanReport } from './scan.js';

/** The image as a pkg:oci purl: its repository's last name, its digest when known, the repository and tag as qualifiers. */
export function imagePurl(report: Pick<ScanReport, 'ref' | 'inventory'>): string {
  const ref = report.ref;
  const at = ref.indexOf('@');
  const noDigest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = noDigest.lastIndexOf(':');
  const repo = colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
  const tag = colon > noDigest.lastIndexOf('/') ? noDigest.slice(colon + 1) : undefined;
  const name = (repo.split('/').pop() ?? repo).toLowerCase();
  const digest = report.inventory.repoDigest?.replace(/^.*@/, '') ?? report.inventory.imageId;
  const q = [`repository_url=${encodeURIComponent(repo)}`, ...(tag !== undefined ? [`tag=${encodeURIComponent(tag)}`] : [])].join('&');
  return `pkg:oci/${encodeURIComponent(name)}${digest !== undefined ? `@${encodeURIComponent(digest)}` : ''}?${q}`;
}

/**
 * One statement per vulnerability, naming the image and, as subcomponents, each package it was found
 * in. The status is under_investigation: the scanner knows the package is in the image, not whether
 * the vulnerable code runs. A team changes it to not_affected (with a justification), affected or fixed.
 */
export function renderOpenVex(report: ScanReport, toolVersion: string, now = new Date()): string {
  const image = imagePurl(report);
  const byId = new Map<string, Finding[]>();
  for (const f of report.findings) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
  const statements = [...byId.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, fs]) => {
      const aliases = [
        ...new Set(
          fs.flatMap((f) => f.references.map((r) => r.id)).filter((r) => r !== id && /^(CVE|GHSA|OSV|PYSEC|GO|RUSTSEC|DSA|DLA|USN|ALSA|RHSA)-/i.test(r)),
        ),
      ];
      const purls = [...new Set(fs.map((f) => f.vulnerability?.purl).filter((p): p is string => p !== undefined && p !== ''))].sort();
      return {
        vulnerability: { name: id, ...(aliases.length > 0 ? { aliases } : {}) },
        products: [{ '@id': image, subcomponents: purls.map((p) => ({ '@id': p })) }],
        status: 'under_investigation',
      };
    });
  const body = JSON.stringify(statements);
  const doc = {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': `https://openvex.dev/docs/public/vex-${createHash('sha256').update(image).update(body).digest('hex')}`,
    author: 'Unknown Author',
    role: 'Document Creator',
    timestamp: now.toISOString(),
    version: 1,
    tooling: `swarmguard ${toolVersion}`,
    statements,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
