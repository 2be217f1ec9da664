// Loads compose files like `docker stack deploy -c a.yml -c b.yml`: YAML with positions, interpolation, merge, typed model.
import { promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import { InputError, errorMessage, messageOf } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { EnvFileSyntaxError, parseEnvFile, type EnvLine } from './env-file.js';
import { InterpolationError, interpolate } from './interpolate.js';
import { buildModel } from './normalize.js';
import { loadWarning } from './model.js';
import type { BlankVariable, ComposePath, EnvFileEntry, LoadOptions, LoadWarning, LoadedCompose, ServiceModel, SourcePosition } from './model.js';
import { pointerOf } from './model.js';
import { composeMessages as M } from './messages.js';
import { coreMessages } from '../core/messages.js';

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/**
 * The yaml package's alias guard: uses of an anchor weighted by the aliases nested inside it. A thousand services
 * sharing one `x-defaults` anchor weigh 1000; a "billion laughs" document weighs 9^9 and more.
 */
export const MAX_ALIAS_COUNT = 100_000;
/** Nodes allowed per file after alias expansion: the second guard, for documents just under the first. */
export const MAX_NODES = 1_000_000;

type Scalar = string | number | boolean | null;

/** A YAML value with the position of the key (map entries) or item (sequences) that holds it. */
export type PNode =
  | { kind: 'map'; pos: SourcePosition; entries: Map<string, PEntry> }
  | { kind: 'seq'; pos: SourcePosition; items: PNode[] }
  | { kind: 'scalar'; pos: SourcePosition; value: Scalar; raw?: string; blank?: BlankVariable[] };
interface PEntry {
  keyPos: SourcePosition;
  value: PNode;
}

const TOP_LEVEL_KEYS = new Set(['version', 'name', 'services', 'networks', 'volumes', 'secrets', 'configs']);

async function readCapped(file: string, display: string, maxBytes: number, what: Message = M.say('compose.what.composeFile')): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(display, code === 'ENOENT' ? M.say('compose.read.notFound', { what }) : M.say('compose.read.failed', { what, error: messageOf(e) }), {
      hint: code === 'ENOENT' ? M.say('compose.read.notFound.hint') : M.say('compose.read.permissions.hint'),
      cause: e,
    });
  }
  if (!stat.isFile()) throw new InputError(display, M.say('compose.read.notFile'), { hint: M.say('compose.read.notFile.hint', { what }) });
  if (stat.size > maxBytes) {
    throw new InputError(display, M.say('compose.read.tooBig', { what, size: stat.size, max: maxBytes }), {
      hint: M.say('compose.read.tooBig.hint'),
    });
  }
  const handle = await fs.open(file, 'r').catch((e: unknown) => {
    throw new InputError(display, M.say('compose.read.failed', { what, error: messageOf(e) }), { hint: M.say('compose.read.permissions.hint') });
  });
  try {
    // Read at most maxBytes+1 so a file that grew after stat() is still refused, never parsed whole.
    const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size, 0) + 1));
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled >= buf.length) break;
    }
    if (filled > maxBytes) throw new InputError(display, M.say('compose.read.grew', { what, max: maxBytes }));
    const text = buf.subarray(0, filled).toString('utf8');
    if (text.includes('\u0000')) throw new InputError(display, M.say('compose.read.nul', { what }));
    return text;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(display, M.say('compose.read.failed', { what, error: messageOf(e) }), { hint: M.say('compose.read.permissions.hint') });
  } finally {
    await handle.close();
  }
}

interface FileContext {
  display: string;
  lc: LineCounter;
  doc: Document;
  lookup: (name: string) => string | undefined;
  warnings: LoadWarning[];
  warned: Set<string>;
  budget: { nodes: number };
  /** Anchored nodes by name, in document order (an alias refers to the closest anchor before it). */
  anchors: Map<string, { offset: number; node: YamlNode }[]>;
}

/** One pass over the document; `Alias.resolve` would walk the whole document for every alias. */
function collectAnchors(doc: Document): Map<string, { offset: number; node: YamlNode }[]> {
  const anchors = new Map<string, { offset: number; node: YamlNode }[]>();
  if (doc.contents === null) return anchors;
  visit(doc, (_key, node) => {
    // A pair's missing key or value is visited as null (a document with errors may have one anywhere).
    if (node === null || typeof node !== 'object') return;
    const n = node as YamlNode & { anchor?: string };
    if (typeof n.anchor === 'string' && n.anchor !== '') {
      const list = anchors.get(n.anchor) ?? [];
      list.push({ offset: n.range?.[0] ?? 0, node: n });
      anchors.set(n.anchor, list);
    }
  });
  return anchors;
}

function resolveAlias(ctx: FileContext, name: string, at: number): YamlNode | undefined {
  let found: YamlNode | undefined;
  for (const a of ctx.anchors.get(name) ?? []) if (a.offset < at) found = a.node;
  return found;
}

function posOf(ctx: FileContext, range: readonly number[] | null | undefined): SourcePosition {
  const start = range?.[0] ?? 0;
  const end = range?.[1] ?? start;
  const a = ctx.lc.linePos(start);
  const b = ctx.lc.linePos(end);
  return { file: ctx.display, line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.value === '<<' && key.type === 'PLAIN'));
}

/** Converts a YAML node into a PNode, expanding aliases and `<<` merge keys, interpolating string values. */
function convert(ctx: FileContext, node: unknown, pathHere: ComposePath, holderPos: SourcePosition | undefined, interpolateHere: boolean): PNode {
  if (++ctx.budget.nodes > MAX_NODES) {
    throw new InputError(ctx.display, M.say('compose.yaml.nodes', { max: MAX_NODES }), {
      hint: M.say('compose.yaml.aliasBomb.hint'),
    });
  }
  if (isAlias(node)) {
    const target = resolveAlias(ctx, node.source, node.range?.[0] ?? Number.MAX_SAFE_INTEGER);
    if (target === undefined)
      throw new InputError(ctx.display, M.say('compose.yaml.unknownAlias', { name: node.source }), { line: posOf(ctx, node.range).line });
    return convert(ctx, target, pathHere, holderPos ?? posOf(ctx, node.range), interpolateHere);
  }
  const own = posOf(ctx, (node as YamlNode | null)?.range);
  const pos = holderPos ?? own;
  if (isMap(node)) {
    const entries = new Map<string, PEntry>();
    const merged: PEntry[][] = [];
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const src of sources) {
          const m = convert(ctx, src, pathHere, undefined, interpolateHere);
          if (m.kind !== 'map') throw new InputError(ctx.display, M.say('compose.yaml.mergeNeedsMap'), { line: posOf(ctx, (pair.key as YamlNode).range).line });
          merged.push([...m.entries.entries()].map(([k, v]) => ({ ...v, key: k })));
        }
        continue;
      }
      const keyNode = pair.key;
      const keyPos = posOf(ctx, isScalar(keyNode) || isMap(keyNode) || isSeq(keyNode) ? keyNode.range : undefined);
      if (!isScalar(keyNode) || (keyNode.value !== null && typeof keyNode.value === 'object')) {
        throw new InputError(ctx.display, M.say('compose.yaml.plainKeys'), { line: keyPos.line });
      }
      const key = String(keyNode.value);
      if (entries.has(key)) throw new InputError(ctx.display, M.say('compose.yaml.duplicateKey', { key }), { line: keyPos.line });
      const value = pair.value === null || pair.value === undefined ? nullAt(keyPos) : convert(ctx, pair.value, [...pathHere, key], undefined, interpolateHere);
      entries.set(key, { keyPos, value });
    }
    // Explicit keys win over merged ones; earlier merge sources win over later ones (YAML merge key semantics).
    for (const list of merged) {
      for (const e of list as (PEntry & { key: string })[]) if (!entries.has(e.key)) entries.set(e.key, { keyPos: e.keyPos, value: e.value });
    }
    return { kind: 'map', pos, entries };
  }
  if (isSeq(node)) {
    const items = node.items.map((item, i) =>
      item === null || item === undefined ? nullAt(pos) : convert(ctx, item, [...pathHere, i], undefined, interpolateHere),
    );
    return { kind: 'seq', pos, items };
  }
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') {
      if (!interpolateHere || !v.includes('$')) return { kind: 'scalar', pos, value: v };
      try {
        const r = interpolate(v, ctx.lookup);
        for (const name of r.missing) {
          if (ctx.warned.has(name)) continue;
          ctx.warned.add(name);
          ctx.warnings.push(loadWarning(M.say('compose.warn.unset', { name }), own));
        }
        // The variables that left this value blank, for an error that names them (`${MEDIA_PATH}:/media/` → ":/media/").
        const blank = [...new Set(r.variables)]
          .filter((name) => (ctx.lookup(name) ?? '') === '')
          .map((name) => ({ name, unset: ctx.lookup(name) === undefined }));
        return { kind: 'scalar', pos, value: r.value, raw: v, ...(blank.length > 0 ? { blank } : {}) };
      } catch (e) {
        if (e instanceof InterpolationError) {
          throw new InputError(ctx.display, coreMessages.say('core.inputAt', { where: pointerOf(pathHere), message: e.text }), {
            line: own.line,
            hint: e.variable !== undefined ? M.say('compose.var.set.hint', { variable: e.variable }) : M.say('compose.var.dollar.hint'),
          });
        }
        throw e;
      }
    }
    // Compose files are read by a YAML 1.1 parser in the docker CLI: a leading-zero integer (mode: 0440) is octal there.
    if (typeof v === 'number' && node.type === 'PLAIN' && /^0[0-7]+$/.test(node.source ?? ''))
      return { kind: 'scalar', pos, value: parseInt(node.source as string, 8) };
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return { kind: 'scalar', pos, value: v };
    if (typeof v === 'bigint') return { kind: 'scalar', pos, value: Number(v) };
    // Dates, binary and other tagged scalars: keep their source text.
    return { kind: 'scalar', pos, value: node.source ?? taggedText(v) };
  }
  return nullAt(pos);
}

/** A tagged scalar's value as text when its source text is not known: a date in ISO 8601, bytes in base64. */
function taggedText(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return JSON.stringify(v) ?? '';
}

function nullAt(pos: SourcePosition): PNode {
  return { kind: 'scalar', pos, value: null };
}

/** List forms that compose accepts as maps: `- KEY=value` (environment, labels, sysctls) and `- name` (networks). */
function listToMap(node: PNode, style: 'kv' | 'names'): PNode {
  if (node.kind !== 'seq') return node;
  const entries = new Map<string, PEntry>();
  for (const item of node.items) {
    if (item.kind !== 'scalar' || item.value === null) continue;
    const s = String(item.value);
    if (style === 'names') {
      entries.set(s, { keyPos: item.pos, value: nullAt(item.pos) });
      continue;
    }
    const eq = s.indexOf('=');
    const key = eq < 0 ? s : s.slice(0, eq);
    const value: PNode =
      eq < 0 ? nullAt(item.pos) : { kind: 'scalar', pos: item.pos, value: s.slice(eq + 1), ...(item.raw !== undefined ? { raw: item.raw } : {}) };
    entries.set(key, { keyPos: item.pos, value });
  }
  return { kind: 'map', pos: node.pos, entries };
}

function mapEntry(node: PNode | undefined, key: string): PEntry | undefined {
  return node?.kind === 'map' ? node.entries.get(key) : undefined;
}

function rewrite(node: PNode | undefined, key: string, fn: (n: PNode) => PNode): void {
  const e = mapEntry(node, key);
  if (e) e.value = fn(e.value);
}

/** Normalises list forms to maps in one file's tree, so files merge key by key. */
function normalizeForms(root: PNode): void {
  const services = mapEntry(root, 'services')?.value;
  if (services?.kind === 'map') {
    for (const { value: svc } of services.entries.values()) {
      rewrite(svc, 'environment', (n) => listToMap(n, 'kv'));
      rewrite(svc, 'labels', (n) => listToMap(n, 'kv'));
      rewrite(svc, 'sysctls', (n) => listToMap(n, 'kv'));
      rewrite(svc, 'networks', (n) => listToMap(n, 'names'));
      rewrite(mapEntry(svc, 'deploy')?.value, 'labels', (n) => listToMap(n, 'kv'));
    }
  }
  for (const section of ['networks', 'volumes', 'secrets', 'configs']) {
    const s = mapEntry(root, section)?.value;
    if (s?.kind !== 'map') continue;
    for (const { value } of s.entries.values()) rewrite(value, 'labels', (n) => listToMap(n, 'kv'));
  }
}

/** The key that identifies a sequence item when files merge (same key: the later file's item replaces it). */
function itemKey(listName: string, item: PNode): string {
  const scalar = (n: PNode | undefined): string => (n?.kind === 'scalar' ? String(n.value) : JSON.stringify(toPlain(n ?? nullAt(item.pos))));
  if (listName === 'volumes') {
    if (item.kind === 'map') return `t:${scalar(mapEntry(item, 'target')?.value)}`;
    if (item.kind === 'scalar') {
      const parts = String(item.value).split(':');
      return `t:${parts.length === 1 ? parts[0] : parts[1]}`;
    }
  }
  if (listName === 'secrets' || listName === 'configs') {
    if (item.kind === 'map') return `s:${scalar(mapEntry(item, 'source')?.value)}`;
    if (item.kind === 'scalar') return `s:${String(item.value)}`;
  }
  return JSON.stringify(toPlain(item));
}

/** Sequences that a later file replaces instead of extending. */
const REPLACED_SEQUENCES = new Set(['command', 'entrypoint', 'test', 'env_file']);

export function mergeNodes(base: PNode, over: PNode, key = ''): PNode {
  if (base.kind === 'map' && over.kind === 'map') {
    const entries = new Map(base.entries);
    for (const [k, e] of over.entries) {
      const prev = entries.get(k);
      if (!prev) {
        entries.set(k, e);
        continue;
      }
      const value = mergeNodes(prev.value, e.value, k);
      // A mapping merged into an existing one keeps the first file's key position (where the service or network is
      // declared); a replaced value points to the file that set it.
      entries.set(k, { keyPos: prev.value.kind === 'map' && e.value.kind === 'map' ? prev.keyPos : e.keyPos, value });
    }
    return { kind: 'map', pos: over.pos, entries };
  }
  if (base.kind === 'seq' && over.kind === 'seq' && !REPLACED_SEQUENCES.has(key)) {
    const byKey = new Map<string, PNode>();
    for (const item of base.items) byKey.set(itemKey(key, item), item);
    for (const item of over.items) {
      const k = itemKey(key, item);
      byKey.delete(k);
      byKey.set(k, item);
    }
    return { kind: 'seq', pos: over.pos, items: [...byKey.values()] };
  }
  return over;
}

export function toPlain(node: PNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const o: Record<string, unknown> = {};
      for (const [k, e] of node.entries) o[k] = toPlain(e.value);
      return o;
    }
  }
}

function pathKey(p: ComposePath): string {
  return JSON.stringify(p.map(String));
}

function indexPositions(
  node: PNode,
  here: (string | number)[],
  positions: Map<string, SourcePosition>,
  raws: Map<string, string>,
  blanks: Map<string, BlankVariable[]>,
): void {
  if (node.kind === 'scalar') {
    if (node.raw !== undefined) raws.set(pathKey(here), node.raw);
    if (node.blank !== undefined) blanks.set(pathKey(here), node.blank);
    return;
  }
  if (node.kind === 'seq') {
    node.items.forEach((item, i) => {
      const p = [...here, i];
      positions.set(pathKey(p), item.pos);
      indexPositions(item, p, positions, raws, blanks);
    });
    return;
  }
  for (const [k, e] of node.entries) {
    const p = [...here, k];
    positions.set(pathKey(p), e.keyPos);
    indexPositions(e.value, p, positions, raws, blanks);
  }
}

function parseFile(text: string, ctx: Omit<FileContext, 'doc' | 'lc' | 'anchors'>): PNode {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, merge: true, prettyErrors: true, uniqueKeys: false, strict: false });
  const full: FileContext = { ...ctx, lc, doc, anchors: collectAnchors(doc) };
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0].line;
    const msg = first.message.split('\n')[0] ?? first.message;
    throw new InputError(ctx.display, M.say('compose.yaml.invalid', { detail: msg.replace(/ at line \d+, column \d+:?$/, '') }), {
      ...(line !== undefined ? { line } : {}),
      hint: M.say('compose.yaml.invalid.hint'),
    });
  }
  // The yaml package's own guard first: it counts alias expansions and stops a "billion laughs" document early.
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError || /alias/i.test(errorMessage(e))) {
      throw new InputError(ctx.display, M.say('compose.yaml.aliases', { max: MAX_ALIAS_COUNT }), {
        hint: M.say('compose.yaml.aliasBomb.hint'),
      });
    }
    throw new InputError(ctx.display, M.say('compose.yaml.invalid', { detail: messageOf(e) }));
  }
  if (doc.contents === null) throw new InputError(ctx.display, M.say('compose.yaml.empty'), { hint: M.say('compose.yaml.empty.hint') });
  if (!isMap(doc.contents)) {
    throw new InputError(ctx.display, M.say('compose.yaml.topNotMap'), {
      line: posOf(full, doc.contents.range).line,
      hint: M.say('compose.yaml.topNotMap.hint'),
    });
  }
  // Values are interpolated everywhere, extension fields included, as docker does.
  const root: PNode = convert(full, doc.contents, [], undefined, true);
  if (root.kind !== 'map') throw new InputError(ctx.display, M.say('compose.yaml.topNotMap'));
  for (const [k, e] of root.entries) {
    if (k.startsWith('x-')) continue;
    if (!TOP_LEVEL_KEYS.has(k)) {
      throw new InputError(ctx.display, M.say('compose.yaml.topKey', { key: k }), {
        line: e.keyPos.line,
        hint: M.say('compose.yaml.topKey.hint', { list: [...TOP_LEVEL_KEYS].join(', ') }),
      });
    }
  }
  return root;
}

/** Reads `.env` (or the given file) for interpolation. Missing default `.env` is fine; a missing explicit one is not. */
async function readDotEnv(file: string, display: string, explicit: boolean, maxBytes: number): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readCapped(file, display, maxBytes, M.say('compose.what.envFile'));
  } catch (e) {
    if (!explicit && e instanceof InputError && (e.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return {};
    throw e;
  }
  const out: Record<string, string> = {};
  for (const l of envLines(text, display)) if (l.value !== undefined) out[l.name] = l.value;
  return out;
}

/** The KEY=VALUE lines of an env file; a line that is not one is refused at its line. */
function envLines(text: string, display: string): EnvLine[] {
  try {
    return parseEnvFile(text);
  } catch (e) {
    if (e instanceof EnvFileSyntaxError) throw new InputError(display, e.text, { line: e.line, hint: M.say('compose.envFile.syntax.hint') });
    throw e;
  }
}

function displayName(file: string, cwd: string): string {
  return path.isAbsolute(file) ? file : path.relative(cwd, path.resolve(cwd, file)) || file;
}

/** Files found by the loader (env_file): relative to cwd when inside it, absolute otherwise. */
function derivedName(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

/** True when `file` is `dir` or below it, also after resolving symlinks where the path exists. */
function isInside(file: string, dir: string): boolean {
  const lexical = (f: string, d: string) => {
    const rel = path.relative(d, f);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  if (!lexical(file, dir)) return false;
  try {
    return lexical(realpathSync(file), realpathSync(dir));
  } catch {
    return true;
  }
}

/** The settings of one load, resolved: where the files are, how large they may be, and how variables are looked up. */
interface LoadContext {
  cwd: string;
  maxBytes: number;
  /** The folder of the first file: the project directory (.env beside it, files outside it are warned about). */
  firstDir: string;
  lookup: (name: string) => string | undefined;
  warnings: LoadWarning[];
}

/** Resolves the options and reads `.env` for interpolation; the shell wins over .env, as with docker compose. */
async function loadContext(files: string[], options: LoadOptions): Promise<LoadContext> {
  if (files.length === 0) throw new InputError('(none)', M.say('compose.noFile'), { hint: M.say('compose.noFile.hint') });
  const cwd = options.cwd ?? process.cwd();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const baseEnv = options.env ?? process.env;
  const firstDir = path.dirname(path.resolve(cwd, files[0] as string));
  const dotEnvPath = options.envFile !== undefined ? path.resolve(cwd, options.envFile) : path.join(firstDir, '.env');
  const dotEnv = await readDotEnv(dotEnvPath, displayName(options.envFile ?? dotEnvPath, cwd), options.envFile !== undefined, maxBytes);
  return { cwd, maxBytes, firstDir, lookup: (name) => baseEnv[name] ?? dotEnv[name], warnings: [] };
}

/** Reads, parses and merges the files in order, as `docker stack deploy -c a.yml -c b.yml` does. */
async function readMerged(files: string[], ctx: LoadContext): Promise<{ root: PNode; displays: string[] }> {
  const warned = new Set<string>();
  let merged: PNode | undefined;
  const displays: string[] = [];
  for (const f of files) {
    const display = displayName(f, ctx.cwd);
    displays.push(display);
    const text = await readCapped(path.resolve(ctx.cwd, f), display, ctx.maxBytes);
    const root = parseFile(text, { display, lookup: ctx.lookup, warnings: ctx.warnings, warned, budget: { nodes: 0 } });
    normalizeForms(root);
    merged = merged ? mergeNodes(merged, root) : root;
  }
  return { root: merged as PNode, displays };
}

/** Where each value of the merged tree came from, and its text before interpolation. */
interface TreeIndex {
  positionOf: (p: ComposePath) => SourcePosition | undefined;
  raws: Map<string, string>;
  blanks: Map<string, BlankVariable[]>;
}

function indexTree(root: PNode): TreeIndex {
  const positions = new Map<string, SourcePosition>();
  const raws = new Map<string, string>();
  const blanks = new Map<string, BlankVariable[]>();
  indexPositions(root, [], positions, raws, blanks);
  const positionOf = (p: ComposePath): SourcePosition | undefined => {
    for (let n = p.length; n > 0; n--) {
      const hit = positions.get(pathKey(p.slice(0, n)));
      if (hit) return hit;
    }
    return root.pos;
  };
  return { positionOf, raws, blanks };
}

/** Top-level `x-` extensions, as merged: where in-file settings (x-swarmguard waivers) live. */
function extensionsOf(plain: unknown): Record<string, unknown> {
  return typeof plain === 'object' && plain !== null && !Array.isArray(plain)
    ? Object.fromEntries(Object.entries(plain as Record<string, unknown>).filter(([k]) => k.startsWith('x-')))
    : {};
}

/**
 * A file outside the project directory ships whatever that path holds on the deploying machine (`file: /etc/shadow`,
 * `env_file: ../../.aws/credentials`): worth a word before it is read.
 */
function warnOutside(ctx: LoadContext, abs: string, what: string, at: SourcePosition | undefined): void {
  if (isInside(abs, ctx.firstDir)) return;
  ctx.warnings.push(loadWarning(M.say('compose.warn.outside', { what, file: abs, dir: ctx.firstDir }), at));
}

/** Reads one service's env_file entries, refusing a missing or bad file at the line that names it. */
async function readEnvFiles(ctx: LoadContext, svc: ServiceModel, index: TreeIndex, firstDisplay: string): Promise<EnvFileEntry[]> {
  const list: EnvFileEntry[] = [];
  for (let i = 0; i < svc.envFiles.length; i++) {
    const at = index.positionOf(['services', svc.name, 'env_file', i]);
    const abs = path.resolve(path.dirname(path.resolve(ctx.cwd, at?.file ?? firstDisplay)), svc.envFiles[i] as string);
    const display = derivedName(abs, ctx.cwd);
    warnOutside(ctx, abs, `services.${svc.name}.env_file`, at);
    let text: string;
    try {
      text = await readCapped(abs, display, ctx.maxBytes, M.say('compose.what.envFile'));
    } catch (e) {
      if (e instanceof InputError && at) {
        throw new InputError(at.file, coreMessages.say('core.inputAt', { where: `services.${svc.name}.env_file`, message: e.text }), {
          line: at.line,
          hint: e.hintText ?? M.say('compose.envFile.relative.hint'),
        });
      }
      throw e;
    }
    for (const l of envLines(text, display)) if (l.value !== undefined) list.push({ name: l.name, value: l.value, file: display, line: l.line });
  }
  return list;
}

export async function loadCompose(files: string[], options: LoadOptions = {}): Promise<LoadedCompose> {
  const ctx = await loadContext(files, options);
  const { root, displays } = await readMerged(files, ctx);
  const index = indexTree(root);
  const { positionOf, raws, blanks } = index;
  const firstDisplay = displays[0] ?? '';
  const plain = toPlain(root);
  const model = buildModel(plain, {
    positionOf,
    fileOf: (p) => path.resolve(ctx.cwd, positionOf(p)?.file ?? firstDisplay),
    blankVariables: (p) => blanks.get(pathKey(p)) ?? [],
    warnings: ctx.warnings,
  });
  for (const kind of ['secrets', 'configs'] as const) {
    for (const [name, obj] of Object.entries(model[kind]))
      if (obj.file !== undefined) warnOutside(ctx, obj.file, `${kind}.${name}.file`, positionOf([kind, name, 'file']));
  }
  // env_file values feed the plaintext-secret rule; they are kept apart and never printed.
  const envFileEntries: Record<string, EnvFileEntry[]> = {};
  for (const svc of Object.values(model.services)) envFileEntries[svc.name] = await readEnvFiles(ctx, svc, index, firstDisplay || '.');
  return {
    model,
    files: displays,
    positionOf,
    target(p) {
      const pos = positionOf(p);
      return {
        kind: 'file',
        path: pos?.file ?? firstDisplay,
        ...(pos ? { line: pos.line, column: pos.column, endLine: pos.endLine, endColumn: pos.endColumn } : {}),
        pointer: pointerOf(p),
      };
    },
    rawValue: (p) => raws.get(pathKey(p)),
    envFileEntries,
    extensions: extensionsOf(plain),
    warnings: ctx.warnings,
  };
}
