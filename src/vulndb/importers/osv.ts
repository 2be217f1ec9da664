// OSV importer: osv.dev per-ecosystem all.zip exports, single OSV JSON files, or directories of them.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError, messageOf } from '../../core/errors.js';
import { schemes, type OsvEvent, type SchemeId, type VersionRange } from '../../versions/index.js';
import { cvssBaseScore } from '../cvss.js';
import type { AdvisoryRecord, AdvisoryReference, AffectedEntry, CvssEntry } from '../model.js';
import { namespaceForEcosystem, normalizePackageName } from '../namespace.js';
import { severityWord } from '../vendor-severity.js';
import { zipEntries } from '../zip.js';
import type { ImportContext, Importer } from './types.js';
import { say } from '../messages.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);

/** The data source a severity is credited to, as trivy names it: "ubuntu", "alpine", "redhat", "rocky", "suse". */
function sourceName(ecosystem: string): string {
  const base = (ecosystem.split(':')[0] ?? ecosystem).trim().toLowerCase();
  return base === 'red hat' ? 'redhat' : base === 'rocky linux' ? 'rocky' : base === 'opensuse' ? 'suse' : base;
}

const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

function parseEvents(raw: unknown, scheme: SchemeId): { events: OsvEvent[]; fixed: string[] } | string {
  if (!Array.isArray(raw) || raw.length === 0) return 'range without events';
  const events: OsvEvent[] = [];
  const fixed: string[] = [];
  const check = schemes[scheme];
  for (const e of raw) {
    if (!isObject(e)) return 'event is not an object';
    const keys = EVENT_KEYS.filter((k) => e[k] !== undefined);
    const key = keys[0];
    if (keys.length !== 1 || key === undefined) return 'event must have exactly one of introduced/fixed/last_affected/limit';
    const v = e[key];
    if (typeof v !== 'string' || v === '') return `event ${key} is not a version string`;
    const special = (key === 'introduced' && v === '0') || (key === 'limit' && v === '*');
    if (!special && !check.isValid(v)) return `event ${key} "${v.slice(0, 40)}" is not a valid ${scheme} version`;
    if (key === 'fixed') fixed.push(v);
    events.push({ [key]: v } as OsvEvent);
  }
  return { events, fixed };
}

/** An entry's ECOSYSTEM and SEMVER ranges (GIT ranges name commits, which an installed package does not carry), or why they are broken. */
function rangesOf(raw: unknown, scheme: SchemeId): { ranges: VersionRange[]; fixed: string[] } | string {
  const ranges: VersionRange[] = [];
  const fixed: string[] = [];
  for (const r of Array.isArray(raw) ? raw : []) {
    if (!isObject(r)) return 'range is not an object';
    if (r.type !== 'ECOSYSTEM' && r.type !== 'SEMVER') continue;
    const parsed = parseEvents(r.events, scheme);
    if (typeof parsed === 'string') return parsed;
    ranges.push({ kind: 'osv', events: parsed.events });
    fixed.push(...parsed.fixed);
  }
  return { ranges, fixed };
}

/** The severity the entry's distribution gives: Ubuntu's priority, Debian's urgency, AlmaLinux/Rocky's errata word. */
function entrySeverityOf(doc: Json, a: Json, ecosystem: string): string | undefined {
  const eco = isObject(a.ecosystem_specific) ? a.ecosystem_specific : {};
  const dbs = isObject(a.database_specific) ? a.database_specific : {};
  // AlmaLinux/Rocky: the errata's "Important: …" summary.
  const errataWord = /^(alma|rocky)/i.test(ecosystem) ? /^(Critical|Important|Moderate|Low):/.exec(str(doc.summary) ?? '')?.[1] : undefined;
  return severityWord(eco.ubuntu_priority) ?? severityWord(eco.severity) ?? severityWord(dbs.severity) ?? severityWord(eco.urgency) ?? severityWord(errataWord);
}

/** One `affected` entry as stored, or undefined (said through `skip`) when it cannot be used. */
function affectedEntry(doc: Json, id: string, a: unknown, skip: (reason: string) => void): AffectedEntry | undefined {
  if (!isObject(a) || !isObject(a.package)) {
    skip(`malformed: ${id} has an affected entry without a package`);
    return undefined;
  }
  const ecosystem = str(a.package.ecosystem);
  const name = str(a.package.name);
  if (ecosystem === undefined || name === undefined) {
    skip(`malformed: ${id} has a package without ecosystem or name`);
    return undefined;
  }
  const ns = namespaceForEcosystem(ecosystem);
  if (ns === undefined) {
    skip(`unknown ecosystem: ${ecosystem}`);
    return undefined;
  }
  const scheme = ns.scheme as SchemeId;
  const parsed = rangesOf(a.ranges, scheme);
  if (typeof parsed === 'string') {
    skip(`malformed: ${id} ${name}: ${parsed}`);
    return undefined;
  }
  const { ranges } = parsed;
  // Listed versions that the scheme cannot order would only ever fail at match time.
  const versions = strings(a.versions).filter((v) => schemes[scheme].isValid(v));
  if (versions.length > 0) ranges.push({ kind: 'versions', versions });
  if (ranges.length === 0) {
    skip(`no usable range: ${id} ${name}`);
    return undefined;
  }
  const entrySeverity = entrySeverityOf(doc, a, ecosystem);
  const uniqFixed = [...new Set(parsed.fixed)];
  return {
    namespace: ns.namespace,
    package: normalizePackageName(ns.namespace, name),
    scheme,
    status: uniqFixed.length > 0 ? 'fixed' : 'affected',
    range: ranges.length === 1 && ranges[0] !== undefined ? ranges[0] : { kind: 'any', ranges },
    fixedVersions: uniqFixed,
    ...(entrySeverity !== undefined ? { severity: entrySeverity, severitySource: sourceName(ecosystem) } : {}),
  };
}

/** The advisory's CVSS vectors, and the severity word its source gives (database_specific first). */
function severitiesOf(doc: Json, id: string): { cvss: CvssEntry[]; vendorSeverity: string | undefined } {
  const cvss: CvssEntry[] = [];
  let vendorSeverity: string | undefined;
  for (const s of Array.isArray(doc.severity) ? doc.severity : []) {
    if (!isObject(s)) continue;
    const type = str(s.type);
    const score = str(s.score);
    if (type === undefined || score === undefined) continue;
    if (type.startsWith('CVSS_V')) {
      const computed = cvssBaseScore(score);
      const version = computed?.version ?? (type === 'CVSS_V4' ? '4.0' : type === 'CVSS_V2' ? '2.0' : '3.1');
      cvss.push({ vector: score, version, ...(computed ? { score: computed.score } : {}), source: id.split('-')[0] ?? 'osv' });
    } else {
      // Ubuntu publishes its priority as {type: "Ubuntu", score: "medium"}.
      vendorSeverity ??= severityWord(score);
    }
  }
  const dbSpecific = isObject(doc.database_specific) ? doc.database_specific : {};
  return { cvss, vendorSeverity: severityWord(dbSpecific.severity) ?? vendorSeverity };
}

/** Turns one parsed OSV document into a record; returns a reason string when it cannot be used. */
export function osvToRecord(doc: unknown, skip: (reason: string) => void): AdvisoryRecord | undefined {
  if (!isObject(doc)) {
    skip('malformed: not a JSON object');
    return undefined;
  }
  const id = str(doc.id);
  if (id === undefined) {
    skip('malformed: no id');
    return undefined;
  }
  if (!Array.isArray(doc.affected)) {
    skip(`malformed: ${id} has no affected list`);
    return undefined;
  }
  const affected = doc.affected.map((a) => affectedEntry(doc, id, a, skip)).filter((e): e is AffectedEntry => e !== undefined);
  if (affected.length === 0) return undefined;
  const { cvss, vendorSeverity } = severitiesOf(doc, id);
  const references: AdvisoryReference[] = [];
  for (const r of Array.isArray(doc.references) ? doc.references : []) {
    if (isObject(r) && typeof r.url === 'string') references.push({ type: str(r.type) ?? 'WEB', url: r.url });
  }
  const summary = str(doc.summary);
  const details = str(doc.details);
  const published = str(doc.published);
  const modified = str(doc.modified);
  const withdrawn = str(doc.withdrawn);
  return {
    advisory: {
      id,
      aliases: [...new Set([...strings(doc.aliases), ...strings(doc.upstream)])],
      ...(summary !== undefined ? { summary } : {}),
      ...(details !== undefined ? { details } : {}),
      ...(vendorSeverity !== undefined ? { severity: vendorSeverity, severitySource: (id.split('-')[0] ?? 'osv').toLowerCase() } : {}),
      cvss,
      ...(published !== undefined ? { published } : {}),
      ...(modified !== undefined ? { modified } : {}),
      references,
      ...(withdrawn !== undefined ? { withdrawn } : {}),
    },
    affected,
  };
}

function importBuffer(name: string, data: Buffer, ctx: ImportContext): void {
  let doc: unknown;
  try {
    doc = JSON.parse(data.toString('utf8'));
  } catch (e) {
    ctx.skip(`malformed: ${name}: ${(e as Error).message}`);
    return;
  }
  const rec = osvToRecord(doc, ctx.skip);
  if (rec) ctx.emit(rec);
}

async function* jsonFilesUnder(dir: string): AsyncGenerator<string> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* jsonFilesUnder(p);
    else if (e.isFile() && e.name.endsWith('.json')) yield p;
  }
}

export function isZip(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06);
}

export const osvImporter: Importer = {
  id: 'osv',
  description: 'OSV schema: osv.dev all.zip exports, single JSON files or a directory of them',
  sniff(head, text) {
    if (isZip(head)) return true;
    return text.trimStart().startsWith('{') && /"affected"\s*:/.test(text) && /"id"\s*:/.test(text);
  },
  async importFile(file, ctx) {
    const st = await fs.stat(file).catch(() => undefined);
    if (!st) throw new UserError(say('vulndb.osv.noSuchFile', { file }));
    let n = 0;
    if (st.isDirectory()) {
      for await (const f of jsonFilesUnder(file)) {
        importBuffer(f, await fs.readFile(f), ctx);
        ctx.progress?.(++n);
      }
      return;
    }
    const fd = await fs.open(file, 'r');
    const head = Buffer.alloc(4);
    await fd.read(head, 0, 4, 0);
    await fd.close();
    if (!isZip(head)) {
      const data = await fs.readFile(file);
      let doc: unknown;
      try {
        doc = JSON.parse(data.toString('utf8'));
      } catch (e) {
        throw new UserError(say('vulndb.osv.notJson', { file, error: messageOf(e) }), { hint: say('vulndb.osv.notJson.hint') });
      }
      // A JSON array of advisories is also accepted (some mirrors publish that).
      for (const d of Array.isArray(doc) ? doc : [doc]) {
        const rec = osvToRecord(d, ctx.skip);
        if (rec) ctx.emit(rec);
        ctx.progress?.(++n);
      }
      return;
    }
    for await (const entry of zipEntries(
      file,
      (name) => name.endsWith('.json'),
      (name, why) => ctx.skip(`oversized: ${name}: ${why}`),
    )) {
      importBuffer(entry.name, entry.data, ctx);
      ctx.progress?.(++n);
    }
  },
};
