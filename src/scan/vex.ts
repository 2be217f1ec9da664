// VEX in a scan: load the documents given with --vex, then let their statements suppress or mark findings.
import { joinNotes, pushNote } from '../core/message.js';
import { scanMessages } from './messages.js';
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { InputError, messageOf } from '../core/errors.js';
import type { Finding, VexVerdict } from '../core/finding.js';
import { sameRepository, tryParseImageReference, type ImageReference } from '../core/image-reference.js';
import { imagePurlName, parsePurl, purlMatches, type Purl } from './purl.js';
import { parseCsafVex, parseCycloneDxVex, parseOpenVex, type VexDocument, type VexStatement } from './vex-parse.js';
import { vexMessages } from './vex-messages.js';

const say = vexMessages.say;

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
      throw new InputError(
        file,
        say('vex.invalid', { format, issue: issue ? say('vex.issue', { path: issue.path.join('.') || say('vex.top'), problem: issue.message }) : e.message }),
      );
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

/**
 * The repository an image purl writes out, beyond its name: pkg:oci's `repository_url` is the whole repository
 * (`docker.io/library/debian`), pkg:docker's is the registry before the namespace (`gcr.io` + `team/web`). Undefined
 * when it writes nothing beyond its name; null when what it writes is no repository.
 */
function writtenRepository(image: Purl): ImageReference | null | undefined {
  const url = image.qualifiers.repository_url;
  if (image.type !== 'docker') return url === undefined ? undefined : (tryParseImageReference(url) ?? null);
  if (url === undefined && image.namespace === undefined) return undefined;
  return tryParseImageReference([url, image.namespace, image.name].filter((p) => p !== undefined).join('/')) ?? null;
}

/**
 * Whether a pkg:oci / pkg:docker purl names the scanned image. Its name is the repository's last path component; what
 * else it writes must agree, read by the one reference type (so `nginx`, `docker.io/library/nginx` and
 * `index.docker.io/library/nginx` are one repository, and `localhost:5000/web` another than `web`): the repository it
 * writes (writtenRepository), and its version, a digest among the image's or else the image's tag. What it leaves out
 * does not restrict. A scanned archive (no reference) is named as imagePurl names it: its file name, its path as
 * repository_url, and its digests.
 */
export function imageMatches(image: Purl, ref: string, digests: readonly string[]): boolean {
  const scanned = tryParseImageReference(ref);
  const { version } = image;
  const pinned = version !== undefined && /^sha\d+:/.test(version);
  if (pinned && !digests.includes(version) && version !== scanned?.digest) return false;
  if (image.name !== imagePurlName(ref)) return false;
  if (scanned === undefined) {
    const url = image.qualifiers.repository_url;
    return (url === undefined || url === ref) && (version === undefined || pinned);
  }
  const written = writtenRepository(image);
  if (written === null || (written !== undefined && !sameRepository(written, scanned))) return false;
  // A version that is no digest is a tag; a reference without tag or digest means `latest`, as docker pull reads it.
  return version === undefined || pinned || version === (scanned.tag ?? (scanned.digest === undefined ? 'latest' : undefined));
}

export interface VexOutcome {
  kept: Finding[];
  /** not_affected or fixed by a statement: left out of the findings, kept for --show-suppressed and JSON. */
  suppressed: Finding[];
  /** Each note's message kept with the list (pushNote): `notesSaid` gives them back to say in the reader's language. */
  notes: string[];
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
  // The documents' notes, each as it was said (by id where the parser said it so).
  const notes = joinNotes(...docs.map((d) => d.notes));
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
  if (suppressed.length > 0) pushNote(notes, scanMessages.say('scan.note.vexSuppressed', { n: suppressed.length }));
  return { kept, suppressed, notes };
}
