// VEX in a scan: load the documents given with --vex, then let their statements suppress or mark findings.
import { english, type Message } from '../core/message.js';
import { scanMessages } from './messages.js';
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { InputError, messageOf } from '../core/errors.js';
import type { Finding, VexVerdict } from '../core/finding.js';
import { parsePurl, purlMatches, type Purl } from './purl.js';
import { parseCsafVex, parseCycloneDxVex, parseOpenVex, type VexDocument, type VexStatement } from './vex-parse.js';
import { vexMessages } from './vex-messages.js';

const say: typeof vexMessages.say = (id, ...data) => vexMessages.say(id, ...data);

export type { VexDocument, VexStatement } from './vex-parse.js';

/** VEX documents are statements, not SBOMs of the world: a larger file is refused. */
export const MAX_VEX_BYTES = 32 << 20;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Which VEX format a parsed JSON document is in. */
export function vexFormatOf(doc: unknown): VexDocument['format'] | undefined {
  if (!isObject(doc)) return undefined;
  const ctx = doc['@context'];
  if (typeof ctx === 'string' && /openvex/i.test(ctx)) return 'openvex';
  if (doc.bomFormat === 'CycloneDX') return 'cyclonedx';
  if (isObject(doc.document) && typeof doc.document.csaf_version === 'string') return 'csaf';
  return undefined;
}

/** Parses one VEX document's text; errors name the file and the field. */
export function parseVex(text: string, file: string): VexDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, say('vex.notJson', { error: messageOf(e) }), { hint: say('vex.formats.hint') });
  }
  const format = vexFormatOf(doc);
  if (format === undefined) {
    throw new InputError(file, say('vex.notVex'), {
      hint: say('vex.formats.hint'),
    });
  }
  try {
    if (format === 'openvex') return parseOpenVex(doc, file);
    if (format === 'cyclonedx') return parseCycloneDxVex(doc, file);
    return parseCsafVex(doc, file);
  } catch (e) {
    if (e instanceof z.ZodError) {
      const issue = e.issues[0];
      throw new InputError(file, say('vex.invalid', { format, issue: issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : e.message }));
    }
    throw e;
  }
}

export function loadVexFile(file: string): VexDocument {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new InputError(file, say('vex.missing'));
  }
  if (size > MAX_VEX_BYTES) throw new InputError(file, say('vex.tooLarge', { size, limit: MAX_VEX_BYTES }));
  return parseVex(readFileSync(file, 'utf8'), file);
}

/** Ids a finding is known by: the shown id, the advisory's, the references' (a GHSA with its CVE). */
function idsOf(f: Finding): Set<string> {
  const ids = new Set([f.id.toUpperCase()]);
  const adv = f.evidence?.advisory;
  if (typeof adv === 'string') ids.add(adv.toUpperCase());
  for (const r of f.references) if (r.type === 'cve' || r.type === 'ghsa' || r.type === 'osv') ids.add(r.id.toUpperCase());
  return ids;
}

/** Whether a pkg:oci / pkg:docker purl names the scanned image: the repository name, and the digest when it gives one. */
export function imageMatches(image: Purl, ref: string, digests: readonly string[]): boolean {
  const repo = ref.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[^:/]+$/, '');
  const last = repo.split('/').pop() ?? repo;
  const nameOk = image.name === last || `${image.namespace ?? ''}/${image.name}` === repo || image.name === repo;
  if (!nameOk) return false;
  if (image.version === undefined) return true;
  return image.version.startsWith('sha256:') ? digests.includes(image.version) : ref.endsWith(`:${image.version}`);
}

export interface VexOutcome {
  kept: Finding[];
  /** not_affected or fixed by a statement: left out of the findings, kept for --show-suppressed and JSON. */
  suppressed: Finding[];
  notes: string[];
  /** The notes among `notes` said by id, for the table in the reader's language. */
  said?: Message[];
}

function verdictOf(s: VexStatement, file: string): VexVerdict {
  return {
    status: s.status,
    ...(s.justification !== undefined ? { justification: s.justification } : {}),
    ...(s.statement !== undefined ? { statement: s.statement } : {}),
    source: file,
  };
}

/**
 * Applies the documents' statements to the findings. A statement applies when it names one of the
 * finding's ids and its package (by purl), or names the scanned image as a whole. Of several, the
 * latest (by timestamp, then by the order of the files and statements) decides: not_affected and
 * fixed suppress the finding, under_investigation and affected mark it.
 */
export function applyVex(
  findings: readonly Finding[],
  docs: readonly VexDocument[],
  image: { ref: string; digests?: readonly string[] } = { ref: '' },
): VexOutcome {
  const notes = docs.flatMap((d) => d.notes);
  if (docs.length === 0) return { kept: [...findings], suppressed: [], notes };
  const ordered = docs.flatMap((d, di) => d.statements.map((s, si) => ({ s, file: d.file, order: di * 1e7 + si })));
  ordered.sort((a, b) => (Date.parse(a.s.timestamp ?? '') || 0) - (Date.parse(b.s.timestamp ?? '') || 0) || a.order - b.order);
  const byId = new Map<string, ((typeof ordered)[number] & { rank: number })[]>();
  ordered.forEach((o, rank) => {
    for (const id of new Set(o.s.ids)) {
      const list = byId.get(id);
      if (list) list.push({ ...o, rank });
      else byId.set(id, [{ ...o, rank }]);
    }
  });
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const v = f.vulnerability;
    const pkg = v?.purl !== undefined ? parsePurl(v.purl) : undefined;
    let decided: (typeof ordered)[number] | undefined;
    const candidates = [...idsOf(f)].flatMap((id) => byId.get(id) ?? []).sort((a, b) => a.rank - b.rank);
    for (const c of candidates) {
      const hit =
        (pkg !== undefined && c.s.packages.some((p) => purlMatches(p, pkg))) ||
        (image.ref !== '' && c.s.images.some((i) => imageMatches(i, image.ref, image.digests ?? [])));
      if (hit) decided = c;
    }
    if (!decided || !v) {
      kept.push(f);
      continue;
    }
    const marked: Finding = { ...f, vulnerability: { ...v, vex: verdictOf(decided.s, decided.file) } };
    if (decided.s.status === 'not_affected' || decided.s.status === 'fixed') suppressed.push(marked);
    else kept.push(marked);
  }
  const said: Message[] = [];
  if (suppressed.length > 0) said.push(scanMessages.say('scan.note.vexSuppressed', { n: suppressed.length }));
  return { kept, suppressed, notes: [...notes, ...said.map((m) => english(m))], said };
}
