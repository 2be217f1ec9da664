// Which files the analyzers want, and what of them the walker keeps. A kept file is a small bundle: for each
// analyzer that wanted it, that analyzer's part (the whole file, or what its `reduce` kept), so an executable
// wanted for its Go build info costs a few kilobytes, not its size, and the analysis needs no file modes.
import type { Analyzer, AnalyzerOutput } from './analyzer.js';
import { analyzers, everyAnalyzer } from './analyzers/index.js';
import type { OsInfo } from './types.js';
import { messageOf } from '../core/errors.js';
import { packagesMessages as M } from './messages.js';

/** Names the kept-file format, for the layer cache's salt. */
export const KEPT_FORMAT = 'SGPK1';
/** What the analyzers may keep of one image's files, all together. */
export const KEPT_BUDGET_BYTES = 512 * 1024 * 1024;
const MAGIC = Buffer.from(`${KEPT_FORMAT}\n`, 'latin1');

export interface Part {
  analyzer: string;
  content: Buffer;
}

export function packParts(parts: readonly Part[]): Buffer {
  const chunks: Buffer[] = [MAGIC];
  for (const p of parts) {
    const id = Buffer.from(p.analyzer, 'utf8');
    const head = Buffer.alloc(5);
    head.writeUInt8(id.length, 0);
    head.writeUInt32BE(p.content.length, 1);
    chunks.push(head, id, p.content);
  }
  return Buffer.concat(chunks);
}

/** The parts of a bundle; anything malformed ends the list (a corrupt cache record yields no parts). */
export function unpackParts(buf: Buffer): Part[] {
  if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return [];
  const out: Part[] = [];
  let at = MAGIC.length;
  while (at + 5 <= buf.length) {
    const idLen = buf.readUInt8(at);
    const len = buf.readUInt32BE(at + 1);
    const idEnd = at + 5 + idLen;
    if (idEnd + len > buf.length) break;
    out.push({ analyzer: buf.toString('utf8', at + 5, idEnd), content: buf.subarray(idEnd, idEnd + len) });
    at = idEnd + len;
  }
  return out;
}

/** The analyzers that want an entry, by path and mode. */
export function wantedBy(path: string, mode: number, from: readonly Analyzer[] = analyzers.all()): Analyzer[] {
  return from.filter((a) => a.wants(path, mode));
}

/**
 * The walker's reduce step for a file some analyzer wanted: one part per analyzer that wants it and found
 * something. Undefined when none did (an executable that is neither a Go nor a Rust binary).
 */
export function keepFor(path: string, mode: number, content: Buffer, from: readonly Analyzer[] = analyzers.all()): Buffer | undefined {
  const parts: Part[] = [];
  for (const a of wantedBy(path, mode, from)) {
    let kept: Buffer | undefined;
    try {
      kept = a.reduce ? a.reduce(path, content) : content;
    } catch {
      kept = undefined; // reduce only narrows; analyze reports what is wrong with the file
    }
    if (kept !== undefined) parts.push({ analyzer: a.id, content: kept });
  }
  return parts.length ? packParts(parts) : undefined;
}

/** Runs each analyzer on its part of one kept file; an analyzer that throws costs a warning, not the scan. */
export function analyzeKept(
  path: string,
  kept: Buffer,
  layer: string,
  os: OsInfo | undefined,
  allowed?: ReadonlySet<string>,
  from: readonly Analyzer[] = everyAnalyzer(),
): AnalyzerOutput {
  const out: AnalyzerOutput = { packages: [], warnings: [] };
  for (const part of unpackParts(kept)) {
    if (allowed && !allowed.has(part.analyzer)) continue;
    const a = from.find((x) => x.id === part.analyzer);
    if (!a) continue;
    if (part.content.length > a.limits.maxFileBytes) {
      out.warnings.push(M.say('packages.analyze.tooLarge', { path, size: part.content.length, analyzer: a.id, max: a.limits.maxFileBytes }));
      continue;
    }
    try {
      const r = a.analyze({ path, content: part.content, layer, ...(os ? { os } : {}) });
      out.packages.push(...r.packages);
      out.warnings.push(...r.warnings);
    } catch (e) {
      out.warnings.push(M.say('packages.analyze.failed', { path, analyzer: a.id, error: messageOf(e) }));
    }
  }
  return out;
}

/** The analyzer ids in a kept file, for the per-analyzer file count caps. */
export function partIds(kept: Buffer): string[] {
  return unpackParts(kept).map((p) => p.analyzer);
}
