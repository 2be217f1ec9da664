// Reading VEX documents — OpenVEX 0.2.0, CycloneDX VEX (1.4–1.6) and CSAF 2.0 VEX — into one list of statements.
import { z } from 'zod';
import { pushNote } from '../core/message.js';
import { parsePurl, type Purl } from './purl.js';
import { vexMessages } from './vex-messages.js';

export type VexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation';

/** One thing a VEX document says: these vulnerability ids, in these packages, have this status. */
export interface VexStatement {
  /** The vulnerability's id and aliases, upper case. */
  ids: string[];
  /** The packages it is about. */
  packages: Purl[];
  /** Images (pkg:oci) it is about as a whole, when it names no package inside them. */
  images: Purl[];
  status: VexStatus;
  justification?: string;
  /** The impact, detail or action statement, for people. */
  statement?: string;
  /** ISO time; later statements override earlier ones about the same package. */
  timestamp?: string;
}

export type VexFormat = 'openvex' | 'cyclonedx' | 'csaf';

export interface VexDocument {
  file: string;
  format: VexFormat;
  statements: VexStatement[];
  /** Statements that cannot apply (no purl for a product) and the like. */
  notes: string[];
}

const up = (s: string): string => s.trim().toUpperCase();
const str = z.string().max(100_000);

/** The purls a product reference carries, split into packages and whole images. */
function sortPurls(refs: readonly string[]): { packages: Purl[]; images: Purl[] } {
  const packages: Purl[] = [];
  const images: Purl[] = [];
  for (const r of refs) {
    const p = parsePurl(r);
    if (!p) continue;
    (p.type === 'oci' || p.type === 'docker' ? images : packages).push(p);
  }
  return { packages, images };
}

// ---- OpenVEX -------------------------------------------------------------

const OpenVexComponent = z.object({ '@id': str.optional(), identifiers: z.record(z.string(), z.unknown()).optional() }).passthrough();
const OpenVexProduct = OpenVexComponent.extend({ subcomponents: z.array(OpenVexComponent).max(100_000).optional() });
const OpenVex = z.object({
  '@context': str,
  timestamp: str.optional(),
  statements: z
    .array(
      z.object({
        vulnerability: z.union([str, z.object({ name: str.optional(), '@id': str.optional(), aliases: z.array(str).max(1000).optional() }).passthrough()]),
        products: z.array(OpenVexProduct).max(100_000).optional(),
        status: z.enum(['not_affected', 'affected', 'fixed', 'under_investigation']),
        justification: str.optional(),
        impact_statement: str.optional(),
        action_statement: str.optional(),
        status_notes: str.optional(),
        timestamp: str.optional(),
      }),
    )
    .max(1_000_000),
});

function componentPurls(c: z.infer<typeof OpenVexComponent>): string[] {
  const out: string[] = [];
  if (c['@id']?.startsWith('pkg:')) out.push(c['@id']);
  const p = c.identifiers?.purl;
  if (typeof p === 'string') out.push(p);
  return out;
}

export function parseOpenVex(doc: unknown, file: string): VexDocument {
  const d = OpenVex.parse(doc);
  const notes: string[] = [];
  const statements = d.statements.map((s, i): VexStatement => {
    const v = s.vulnerability;
    const ids = typeof v === 'string' ? [v] : [v.name, ...(v.aliases ?? [])].filter((x): x is string => x !== undefined && x !== '');
    const packages: Purl[] = [];
    const images: Purl[] = [];
    for (const p of s.products ?? []) {
      const own = sortPurls(componentPurls(p));
      const subs = sortPurls((p.subcomponents ?? []).flatMap(componentPurls));
      // A product with subcomponents is the image (or application) those packages are in.
      if ((p.subcomponents ?? []).length > 0) packages.push(...subs.packages, ...own.packages);
      else {
        packages.push(...own.packages);
        images.push(...own.images);
      }
    }
    if (packages.length === 0 && images.length === 0) pushNote(notes, vexMessages.say('vex.note.noProduct', { file, n: i + 1 }));
    const statement = [s.impact_statement, s.action_statement, s.status_notes].filter((x) => x !== undefined && x !== '').join(' ');
    const timestamp = s.timestamp ?? d.timestamp;
    return {
      ids: ids.map(up),
      packages,
      images,
      status: s.status,
      ...(s.justification !== undefined ? { justification: s.justification } : {}),
      ...(statement !== '' ? { statement } : {}),
      ...(timestamp !== undefined ? { timestamp } : {}),
    };
  });
  return { file, format: 'openvex', statements, notes };
}

// ---- CycloneDX VEX -------------------------------------------------------

type CdxComponent = { 'bom-ref'?: string | undefined; purl?: string | undefined; components?: CdxComponent[] | undefined };
const CdxComponentSchema: z.ZodType<CdxComponent> = z.lazy(() =>
  z.object({ 'bom-ref': str.optional(), purl: str.optional(), components: z.array(CdxComponentSchema).max(100_000).optional() }).passthrough(),
);
const CycloneDx = z.object({
  bomFormat: z.literal('CycloneDX'),
  specVersion: str,
  metadata: z.object({ timestamp: str.optional() }).passthrough().optional(),
  components: z.array(CdxComponentSchema).max(1_000_000).optional(),
  vulnerabilities: z
    .array(
      z
        .object({
          id: str.optional(),
          references: z
            .array(z.object({ id: str }).passthrough())
            .max(1000)
            .optional(),
          analysis: z
            .object({
              state: z.enum(['resolved', 'resolved_with_pedigree', 'exploitable', 'in_triage', 'false_positive', 'not_affected']).optional(),
              justification: str.optional(),
              detail: str.optional(),
              response: z.array(str).max(100).optional(),
              lastUpdated: str.optional(),
            })
            .passthrough()
            .optional(),
          affects: z
            .array(z.object({ ref: str }).passthrough())
            .max(100_000)
            .optional(),
        })
        .passthrough(),
    )
    .max(1_000_000)
    .optional(),
});

/** CycloneDX analysis states as VEX statuses (CycloneDX 1.4–1.6 use the same six). */
const CDX_STATE: Record<string, VexStatus> = {
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'affected',
  in_triage: 'under_investigation',
  false_positive: 'not_affected',
  not_affected: 'not_affected',
};

export function parseCycloneDxVex(doc: unknown, file: string): VexDocument {
  const d = CycloneDx.parse(doc);
  const purlOfRef = new Map<string, string>();
  const walk = (cs: readonly CdxComponent[] | undefined): void => {
    for (const c of cs ?? []) {
      if (c['bom-ref'] !== undefined && c.purl !== undefined) purlOfRef.set(c['bom-ref'], c.purl);
      walk(c.components);
    }
  };
  walk(d.components);
  const notes: string[] = [];
  const statements: VexStatement[] = [];
  for (const v of d.vulnerabilities ?? []) {
    const state = v.analysis?.state;
    if (state === undefined) continue;
    const refs = (v.affects ?? []).map((a) => {
      // A BOM-link (urn:cdx:serial/version#ref) points into another BOM: the part after # is the ref there.
      const local = a.ref.startsWith('urn:cdx:') && a.ref.includes('#') ? decodeURIComponent(a.ref.slice(a.ref.indexOf('#') + 1)) : a.ref;
      return purlOfRef.get(local) ?? local;
    });
    const { packages, images } = sortPurls(refs);
    const ids = [v.id, ...(v.references ?? []).map((r) => r.id)].filter((x): x is string => x !== undefined && x !== '');
    if (packages.length === 0 && images.length === 0)
      pushNote(notes, vexMessages.say('vex.note.noComponent', { file, vuln: ids[0] ?? vexMessages.say('vex.note.aVulnerability') }));
    const statement = [v.analysis?.detail, ...(v.analysis?.response ?? []).map((r) => `response: ${r}`)].filter((x) => x !== undefined && x !== '').join('; ');
    const timestamp = v.analysis?.lastUpdated ?? d.metadata?.timestamp;
    statements.push({
      ids: ids.map(up),
      packages,
      images,
      status: CDX_STATE[state] ?? 'under_investigation',
      ...(v.analysis?.justification !== undefined ? { justification: v.analysis.justification } : {}),
      ...(statement !== '' ? { statement } : {}),
      ...(timestamp !== undefined ? { timestamp } : {}),
    });
  }
  return { file, format: 'cyclonedx', statements, notes };
}

// ---- CSAF 2.0 VEX --------------------------------------------------------

type CsafBranch = {
  product?: { product_id: string; name?: string | undefined; product_identification_helper?: { purl?: string | undefined } | undefined } | undefined;
  branches?: CsafBranch[] | undefined;
};
const CsafProduct = z
  .object({ product_id: str, name: str.optional(), product_identification_helper: z.object({ purl: str.optional() }).passthrough().optional() })
  .passthrough();
const CsafBranchSchema: z.ZodType<CsafBranch> = z.lazy(() =>
  z.object({ product: CsafProduct.optional(), branches: z.array(CsafBranchSchema).max(100_000).optional() }).passthrough(),
);
const ids = z.array(str).max(1_000_000).optional();
const Csaf = z.object({
  document: z
    .object({ csaf_version: z.literal('2.0'), category: str, tracking: z.object({ current_release_date: str.optional() }).passthrough().optional() })
    .passthrough(),
  product_tree: z
    .object({
      branches: z.array(CsafBranchSchema).max(100_000).optional(),
      full_product_names: z.array(CsafProduct).max(100_000).optional(),
      product_groups: z
        .array(z.object({ group_id: str, product_ids: z.array(str).max(100_000) }).passthrough())
        .max(100_000)
        .optional(),
      relationships: z
        .array(z.object({ product_reference: str, relates_to_product_reference: str, full_product_name: CsafProduct }).passthrough())
        .max(100_000)
        .optional(),
    })
    .passthrough()
    .optional(),
  vulnerabilities: z
    .array(
      z
        .object({
          cve: str.optional(),
          ids: z
            .array(z.object({ text: str }).passthrough())
            .max(1000)
            .optional(),
          product_status: z
            .object({
              known_not_affected: ids,
              fixed: ids,
              first_fixed: ids,
              known_affected: ids,
              first_affected: ids,
              last_affected: ids,
              under_investigation: ids,
            })
            .passthrough()
            .optional(),
          flags: z
            .array(z.object({ label: str, product_ids: ids, group_ids: ids }).passthrough())
            .max(100_000)
            .optional(),
          threats: z
            .array(z.object({ category: str, details: str, product_ids: ids, group_ids: ids }).passthrough())
            .max(100_000)
            .optional(),
          remediations: z
            .array(z.object({ category: str, details: str, product_ids: ids, group_ids: ids }).passthrough())
            .max(100_000)
            .optional(),
        })
        .passthrough(),
    )
    .max(1_000_000)
    .optional(),
});

export function parseCsafVex(doc: unknown, file: string): VexDocument {
  const d = Csaf.parse(doc);
  const tree = d.product_tree;
  const purls = new Map<string, string[]>();
  const names = new Map<string, string>();
  const addProduct = (p: z.infer<typeof CsafProduct> | undefined): void => {
    if (!p) return;
    names.set(p.product_id, p.name ?? p.product_id);
    const purl = p.product_identification_helper?.purl;
    if (purl !== undefined) purls.set(p.product_id, [...(purls.get(p.product_id) ?? []), purl]);
  };
  const walk = (bs: readonly CsafBranch[] | undefined): void => {
    for (const b of bs ?? []) {
      addProduct(b.product);
      walk(b.branches);
    }
  };
  walk(tree?.branches);
  for (const p of tree?.full_product_names ?? []) addProduct(p);
  // "component X as part of product Y": the combined product is identified by X's purl (the package in Y).
  for (const r of tree?.relationships ?? []) {
    names.set(r.full_product_name.product_id, r.full_product_name.name ?? r.full_product_name.product_id);
    const own = r.full_product_name.product_identification_helper?.purl;
    const component = purls.get(r.product_reference) ?? [];
    purls.set(r.full_product_name.product_id, [...(own !== undefined ? [own] : []), ...component]);
  }
  const groups = new Map((tree?.product_groups ?? []).map((g) => [g.group_id, g.product_ids]));
  const expand = (x: { product_ids?: string[] | undefined; group_ids?: string[] | undefined }): string[] => [
    ...(x.product_ids ?? []),
    ...(x.group_ids ?? []).flatMap((g) => groups.get(g) ?? []),
  ];
  const notes: string[] = [];
  const unmatched = new Set<string>();
  const statements: VexStatement[] = [];
  const timestamp = d.document.tracking?.current_release_date;
  for (const v of d.vulnerabilities ?? []) {
    const vulnIds = [v.cve, ...(v.ids ?? []).map((i) => i.text)].filter((x): x is string => x !== undefined && x !== '').map(up);
    if (vulnIds.length === 0) continue;
    const ps = v.product_status;
    const byStatus: [VexStatus, string[]][] = [
      ['not_affected', ps?.known_not_affected ?? []],
      ['fixed', [...(ps?.fixed ?? []), ...(ps?.first_fixed ?? [])]],
      ['affected', [...(ps?.known_affected ?? []), ...(ps?.first_affected ?? []), ...(ps?.last_affected ?? [])]],
      ['under_investigation', ps?.under_investigation ?? []],
    ];
    for (const [status, productIds] of byStatus) {
      for (const pid of productIds) {
        const refs = purls.get(pid) ?? [];
        if (refs.length === 0) {
          unmatched.add(pid);
          continue;
        }
        const { packages, images } = sortPurls(refs);
        const justification = (v.flags ?? []).find((f) => expand(f).includes(pid))?.label;
        const detail = (status === 'not_affected' ? (v.threats ?? []).filter((t) => t.category === 'impact') : (v.remediations ?? []))
          .filter((t) => expand(t).includes(pid))
          .map((t) => t.details)
          .join(' ');
        statements.push({
          ids: vulnIds,
          packages,
          images,
          status,
          ...(justification !== undefined ? { justification } : {}),
          ...(detail !== '' ? { statement: detail } : {}),
          ...(timestamp !== undefined ? { timestamp } : {}),
        });
      }
    }
  }
  for (const pid of [...unmatched].sort()) {
    pushNote(notes, vexMessages.say('vex.note.csafNoPurl', { file, id: pid, name: names.get(pid) ?? vexMessages.say('vex.note.notInTree') }));
  }
  return { file, format: 'csaf', statements, notes };
}
