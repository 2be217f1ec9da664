// The inventory as an SPDX 2.3 JSON document: the image (or directory) is the described package and CONTAINS
// every package found, each with its purl (externalRefs), the file it was read from and its layer (sourceInfo).
import { createHash, randomUUID } from 'node:crypto';
import type { Inventory } from './types.js';

export interface SpdxOptions {
  toolVersion: string;
  /** Document creation time (default: now). */
  created?: Date;
  /** The unique part of the document namespace (default: a random UUID). */
  uuid?: string;
}

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: 'NOASSERTION';
  filesAnalyzed: false;
  licenseConcluded: 'NOASSERTION';
  licenseDeclared: string;
  copyrightText: 'NOASSERTION';
  primaryPackagePurpose: 'CONTAINER' | 'OPERATING_SYSTEM' | 'LIBRARY' | 'APPLICATION' | 'SOURCE';
  sourceInfo?: string;
  comment?: string;
  externalRefs?: { referenceCategory: 'PACKAGE-MANAGER'; referenceType: 'purl'; referenceLocator: string }[];
  checksums?: { algorithm: 'SHA256'; checksumValue: string }[];
}

/** An SPDX element id: SPDXRef- and letters, digits, `.` and `-` only. */
export function spdxId(kind: string, key: string): string {
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `SPDXRef-${kind}-${digest}`;
}

/** A declared license as SPDX takes it: a license expression of SPDX ids, else NOASSERTION (the text goes in a comment). */
export function spdxLicense(license: string | undefined): string {
  if (!license) return 'NOASSERTION';
  const id = '[A-Za-z0-9][A-Za-z0-9.+-]*';
  const expr = new RegExp(`^\\(?${id}\\)?(?: (?:AND|OR|WITH) \\(?${id}\\)?)*$`);
  return expr.test(license.trim()) ? license.trim() : 'NOASSERTION';
}

export function inventoryToSpdx(inv: Inventory, options: SpdxOptions): string {
  const created = (options.created ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const root: SpdxPackage = {
    SPDXID: 'SPDXRef-Image',
    name: inv.ref,
    ...(inv.imageId ? { versionInfo: inv.imageId } : {}),
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    primaryPackagePurpose: inv.kind === 'project' ? 'SOURCE' : 'CONTAINER',
    ...(inv.imageId && /^sha256:[a-f0-9]{64}$/.test(inv.imageId) ? { checksums: [{ algorithm: 'SHA256', checksumValue: inv.imageId.slice(7) }] } : {}),
  };
  const packages: SpdxPackage[] = [root];
  const relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: root.SPDXID },
  ];
  if (inv.os) {
    const os: SpdxPackage = {
      SPDXID: 'SPDXRef-OperatingSystem',
      name: inv.os.family,
      ...(inv.os.version ? { versionInfo: inv.os.version } : {}),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'OPERATING_SYSTEM',
      sourceInfo: `detected from ${inv.os.source}`,
    };
    packages.push(os);
    relationships.push({ spdxElementId: root.SPDXID, relationshipType: 'CONTAINS', relatedSpdxElement: os.SPDXID });
  }
  const seen = new Set<string>();
  for (const p of inv.packages) {
    // One element per package and place: the same purl in two files is two installations.
    const key = `${p.purl}|${p.path}|${p.layer ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const license = spdxLicense(p.license);
    const el: SpdxPackage = {
      SPDXID: spdxId('Package', key),
      name: p.name,
      versionInfo: p.version,
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: license,
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'LIBRARY',
      sourceInfo: `${p.type} package read from ${p.path}${p.layer ? ` in layer ${p.layer}` : ''}${p.dev ? ' (development only)' : ''}`,
      ...(p.license && license === 'NOASSERTION' ? { comment: `declared license: ${p.license}` } : {}),
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl }],
    };
    packages.push(el);
    relationships.push({ spdxElementId: root.SPDXID, relationshipType: 'CONTAINS', relatedSpdxElement: el.SPDXID });
  }
  const slug = inv.ref.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'inventory';
  const doc = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: inv.ref || 'inventory',
    documentNamespace: `https://spdx.org/spdxdocs/swarmguard/${encodeURIComponent(slug)}-${options.uuid ?? randomUUID()}`,
    creationInfo: { created, creators: [`Tool: swarmguard-${options.toolVersion}`] },
    packages,
    relationships,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
