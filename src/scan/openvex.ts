// `image scan --format openvex`: an OpenVEX 0.2.0 skeleton of the findings, every statement under_investigation, for a team to decide.
import { createHash } from 'node:crypto';
import { isValidDigest, normalizedName, tryParseImageReference } from '../core/image-reference.js';
import type { Finding } from '../core/finding.js';
import { imagePurlName } from './purl.js';
import type { ScanReport } from './scan.js';

/**
 * The image as a pkg:oci purl: its repository's last name, its digest when known, and as qualifiers the fully
 * qualified repository (`docker.io/library/debian`, as the purl spec's OCI example writes it) and the tag. A ref that
 * is no image reference (an archive's path) gives its file name and itself.
 */
export function imagePurl(report: Pick<ScanReport, 'ref' | 'inventory'>): string {
  const parsed = tryParseImageReference(report.ref);
  const repo = parsed ? normalizedName(parsed) : report.ref;
  const name = imagePurlName(report.ref);
  // The repo digest is kept bare (sha256:…) or as a reference (repo@sha256:…).
  const repoDigest = report.inventory.repoDigest;
  const pinned = repoDigest === undefined ? undefined : isValidDigest(repoDigest) ? repoDigest : tryParseImageReference(repoDigest)?.digest;
  const digest = pinned ?? report.inventory.imageId;
  const q = [`repository_url=${encodeURIComponent(repo)}`, ...(parsed?.tag !== undefined ? [`tag=${encodeURIComponent(parsed.tag)}`] : [])].join('&');
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
