// Alpine secdb importer (secdb.alpinelinux.org /vX.Y/{main,community}.json, and the older YAML export): fixed-only data.
import { promises as fs } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UserError, messageOf } from '../../core/errors.js';
import { apk } from '../../versions/index.js';
import { isValidApkVersion } from '../../versions/apk.js';
import type { AdvisoryRecord } from '../model.js';
import type { ImportContext, Importer } from './types.js';
import { say } from '../messages.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An id at the start of a secfixes line: "CVE-2019-5060 TALOS-2019-0844", "CVE-2017-16808 (AoE)", "CVE-2017-17434-1". */
const ID = /^(CVE-\d{4}-\d{4,}|GHSA(?:-[0-9a-z]{4}){3}|[A-Z][A-Z0-9]*-\d{4}-\d+|XSA-\d+|ZBX-\d+)/i;

export interface SecfixId {
  id: string;
  aliases: string[];
}

/** Reads one secfixes line; undefined when it names no advisory we can key on. */
export function parseSecfixLine(line: string): SecfixId | undefined {
  const tokens = line.trim().split(/\s+/);
  const ids: string[] = [];
  for (const raw of tokens) {
    // "CVE_2019-2426" appears in the real feed: a typo for the dash.
    const t = raw.replace(/^CVE_/i, 'CVE-');
    const m = ID.exec(t);
    if (m?.[1]) ids.push(m[1].toUpperCase());
  }
  const [id, ...aliases] = ids;
  return id === undefined ? undefined : { id, aliases: aliases.filter((a) => a !== id) };
}

export function secdbToRecords(doc: unknown, file: string, skip: (reason: string) => void): AdvisoryRecord[] {
  if (!isObject(doc) || typeof doc.distroversion !== 'string' || !('packages' in doc)) {
    throw new UserError(say('vulndb.alpine.notSecdb', { file }));
  }
  // Empty repositories are published as `packages: null` (v3.3 community) or []: valid, 0 advisories.
  if (doc.packages === null) return [];
  if (!Array.isArray(doc.packages)) throw new UserError(say('vulndb.alpine.packagesNotList', { file }));
  const branch = doc.distroversion.trim();
  const namespace = `alpine:${branch.startsWith('v') || branch === 'edge' ? branch : `v${branch}`}`;
  const records: AdvisoryRecord[] = [];
  for (const entry of doc.packages) {
    const pkg = isObject(entry) && isObject(entry.pkg) ? entry.pkg : undefined;
    const name = pkg && typeof pkg.name === 'string' ? pkg.name : undefined;
    if (!pkg || name === undefined) {
      skip('malformed: package entry without pkg.name');
      continue;
    }
    if (!isObject(pkg.secfixes)) continue;
    // One CVE may be listed under several fixed versions; collect them all first.
    const byId = new Map<string, { aliases: Set<string>; fixed: string[]; never: boolean }>();
    for (const [version, list] of Object.entries(pkg.secfixes)) {
      const v = String(version).trim();
      if (!Array.isArray(list)) {
        if (list !== null) skip(`malformed: ${name} ${v}: secfixes entry is not a list`);
        continue;
      }
      const never = v === '0';
      // apk-tools would still compare "4.8.0.-r1" (up to its first bad token), but a fixed version an advisory
      // misspells is a data error to count, not a bound to guess at.
      if (!never && !isValidApkVersion(v)) {
        skip(`malformed: ${name}: "${v}" is not an apk version`);
        continue;
      }
      for (const line of list) {
        const parsed = typeof line === 'string' ? parseSecfixLine(line) : undefined;
        if (!parsed) {
          skip(`no advisory id: ${name} ${v}: ${String(line).slice(0, 60)}`);
          continue;
        }
        const cur = byId.get(parsed.id) ?? { aliases: new Set<string>(), fixed: [], never: false };
        parsed.aliases.forEach((a) => cur.aliases.add(a));
        if (never) cur.never = true;
        else cur.fixed.push(v);
        byId.set(parsed.id, cur);
      }
    }
    for (const [id, info] of byId) {
      const sorted = [...new Set(info.fixed)].sort((a, b) => apk.compare(a, b));
      // Several fixed versions for one CVE: the newest one counts, so an incomplete first fix is not trusted.
      const highest = sorted[sorted.length - 1];
      const never = info.never && highest === undefined;
      records.push({
        advisory: { id, aliases: [...info.aliases], cvss: [], references: [] },
        affected: [
          {
            namespace,
            package: name.toLowerCase(),
            scheme: 'apk',
            status: never ? 'not-affected' : 'fixed',
            range: { kind: 'fixed-in', fixed: never ? '0' : (highest ?? '0') },
            fixedVersions: never || highest === undefined ? [] : [highest],
          },
        ],
      });
    }
  }
  return records;
}

export const alpineSecdbImporter: Importer = {
  id: 'alpine-secdb',
  description: 'Alpine secdb (secdb.alpinelinux.org vX.Y/main.json, community.json; YAML accepted)',
  sniff: (_head, text) => /["']?distroversion["']?\s*:/.test(text) && /["']?packages["']?\s*:/.test(text),
  async importFile(file, ctx: ImportContext) {
    const text = await fs.readFile(file, 'utf8');
    let doc: unknown;
    try {
      doc = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
    } catch (e) {
      throw new UserError(say('vulndb.alpine.unparsable', { file, error: messageOf(e) }), { hint: say('vulndb.alpine.unparsable.hint') });
    }
    let n = 0;
    for (const rec of secdbToRecords(doc, file, ctx.skip)) {
      ctx.emit(rec);
      ctx.progress?.(++n);
    }
  },
};
