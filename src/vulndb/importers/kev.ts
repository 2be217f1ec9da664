// CISA's Known Exploited Vulnerabilities catalogue (known_exploited_vulnerabilities.json), streamed entry by entry.
import { z } from 'zod';
import { CVE_ID_RE, type KevEntry } from '../exploitation.js';
import { arrayElements } from '../json-stream.js';
import { fileChunks } from './nvd.js';
import type { ImportContext, Importer } from './types.js';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** One catalogue entry: the fields swarmguard keeps are checked, the others (notes, cwes, descriptions) pass. */
const KevItem = z.object({
  cveID: z.string().regex(CVE_ID_RE),
  dateAdded: z.string().regex(DATE_RE),
  dueDate: z.string().regex(DATE_RE).optional(),
  knownRansomwareCampaignUse: z.string().optional(),
  vendorProject: z.string().max(500).optional(),
  product: z.string().max(500).optional(),
  vulnerabilityName: z.string().max(1000).optional(),
});

/** A catalogue entry as stored, or why it was skipped. */
export function kevEntry(value: unknown): KevEntry | string {
  const r = KevItem.safeParse(value);
  if (!r.success) {
    const id = typeof value === 'object' && value !== null && 'cveID' in value ? String(value.cveID).slice(0, 40) : '?';
    const issue = r.error.issues[0];
    return `malformed: ${id}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'not a catalogue entry'}`;
  }
  const v = r.data;
  return {
    cve: v.cveID,
    dateAdded: v.dateAdded,
    ...(v.dueDate !== undefined ? { dueDate: v.dueDate } : {}),
    // The feed writes "Known" or "Unknown"; anything else is not a claim of ransomware use.
    knownRansomware: v.knownRansomwareCampaignUse?.trim().toLowerCase() === 'known',
    ...(v.vendorProject !== undefined ? { vendorProject: v.vendorProject } : {}),
    ...(v.product !== undefined ? { product: v.product } : {}),
    ...(v.vulnerabilityName !== undefined ? { name: v.vulnerabilityName } : {}),
  };
}

export const kevImporter: Importer = {
  id: 'kev',
  description: "CISA's Known Exploited Vulnerabilities catalogue (known_exploited_vulnerabilities.json)",
  sniff(_head, text) {
    return /"catalogVersion"\s*:/.test(text) || (/"vulnerabilities"\s*:/.test(text) && /"cveID"\s*:/.test(text) && /"dateAdded"\s*:/.test(text));
  },
  async importFile(file, ctx: ImportContext) {
    let n = 0;
    // Entries are a few hundred bytes; a megabyte is already hostile.
    for await (const el of arrayElements(fileChunks(file), 'vulnerabilities', file, { maxElementBytes: 1 << 20, maxDocumentBytes: 1 << 20 })) {
      if (!el.ok) {
        ctx.skip(`malformed: ${el.error.slice(0, 120)}`);
        continue;
      }
      const entry = kevEntry(el.value);
      if (typeof entry === 'string') ctx.skip(entry);
      else ctx.emit({ kev: entry });
      ctx.progress?.(++n);
    }
  },
};
