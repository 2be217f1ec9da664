// `compose lint --fix`: encrypts overlay networks and replaces the implicit default network by inserting lines only,
// so comments, key order and formatting stay exactly as written.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, visit, type Pair, type YAMLMap } from 'yaml';
import { writeFileAtomic } from '../core/atomic-write.js';
import { InputError } from '../core/errors.js';
import type { LoadedCompose, NetworkModel } from './model.js';
import { isEncrypted, isOverlay } from './rules/overlay-not-encrypted.js';
import { composeMessages as M } from './messages.js';
import type { Message } from '../core/message.js';

/** Lines to insert after line `after` (1-based; 0 inserts at the top). */
export interface Insertion {
  after: number;
  lines: string[];
}

export interface FileFix {
  /** Absolute path. */
  file: string;
  /** As shown to the user (relative to cwd when possible). */
  display: string;
  original: string;
  updated: string;
  insertions: Insertion[];
  /** What the file got, one message a change. */
  summary: Message[];
}

export interface FixPlan {
  files: FileFix[];
  /** Problems the fixer will not touch, with the reason. */
  unfixable: Message[];
}

interface ParsedFile {
  abs: string;
  display: string;
  text: string;
  lc: LineCounter;
  root: YAMLMap;
  /** Indentation step used by the file (spaces). */
  unit: number;
  eol: string;
  insertions: Insertion[];
  summary: Message[];
}

/** What a network in flow style needs by hand (YAML, the same in every language). */
const ENCRYPTED_OPTS = 'driver_opts: {encrypted: ""}';

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p): p is Pair => isScalar(p.key) && String(p.key.value) === key);
}

function lineCol(f: ParsedFile, node: unknown): { line: number; col: number } {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  const pos = f.lc.linePos(range?.[0] ?? 0);
  return { line: pos.line, col: pos.col };
}

/** Column (1-based) of the first key of a block mapping; undefined when empty. */
function firstChildCol(f: ParsedFile, map: YAMLMap): number | undefined {
  const first = map.items[0];
  return first ? lineCol(f, first.key).col : undefined;
}

function isNullValue(v: unknown): boolean {
  return v === null || v === undefined || (isScalar(v) && v.value === null);
}

function guessUnit(root: YAMLMap, lc: LineCounter): number {
  for (const key of ['services', 'networks', 'volumes']) {
    const pair = findPair(root, key);
    if (pair && isMap(pair.value) && !pair.value.flow && pair.value.items[0]) {
      const parent = lc.linePos((pair.key as { range: [number, number, number] }).range[0]).col;
      const child = lc.linePos((pair.value.items[0].key as { range: [number, number, number] }).range[0]).col;
      if (child > parent) return child - parent;
    }
  }
  return 2;
}

async function openFile(abs: string, display: string): Promise<ParsedFile> {
  const text = await fs.readFile(abs, 'utf8');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, merge: true });
  if (doc.errors.length > 0 || !isMap(doc.contents)) throw new InputError(display, M.say('compose.fix.reread'));
  const root = doc.contents;
  return { abs, display, text, lc, root, unit: guessUnit(root, lc), eol: text.includes('\r\n') ? '\r\n' : '\n', insertions: [], summary: [] };
}

const pad = (n: number): string => ' '.repeat(Math.max(0, n));

/** Adds `encrypted: ""` to one overlay network declared in `f`. Returns a reason when it cannot. */
function encryptNetwork(f: ParsedFile, key: string): Message | undefined {
  const nets = findPair(f.root, 'networks');
  if (!nets || !isMap(nets.value)) return M.say('compose.fix.networksNotBlock', { file: f.display, key });
  if (nets.value.flow) return M.say('compose.fix.networksFlow', { file: f.display, key, snippet: ENCRYPTED_OPTS });
  const pair = findPair(nets.value, key);
  if (!pair) return M.say('compose.fix.networkMissing', { file: f.display, key });
  const keyPos = lineCol(f, pair.key);
  if (isNullValue(pair.value)) {
    const ind = keyPos.col - 1 + f.unit;
    f.insertions.push({ after: keyPos.line, lines: [`${pad(ind)}driver_opts:`, `${pad(ind + f.unit)}encrypted: ""`] });
    f.summary.push(M.say('compose.fix.encrypted', { key }));
    return undefined;
  }
  if (!isMap(pair.value) || pair.value.flow) return M.say('compose.fix.networkFlow', { file: f.display, line: keyPos.line, key, snippet: ENCRYPTED_OPTS });
  const netMap = pair.value;
  const childCol = firstChildCol(f, netMap) ?? keyPos.col + f.unit;
  const opts = findPair(netMap, 'driver_opts');
  if (!opts) {
    f.insertions.push({ after: keyPos.line, lines: [`${pad(childCol - 1)}driver_opts:`, `${pad(childCol - 1 + f.unit)}encrypted: ""`] });
    f.summary.push(M.say('compose.fix.encrypted', { key }));
    return undefined;
  }
  const optsPos = lineCol(f, opts.key);
  if (isNullValue(opts.value)) {
    f.insertions.push({ after: optsPos.line, lines: [`${pad(optsPos.col - 1 + f.unit)}encrypted: ""`] });
  } else if (isMap(opts.value) && !opts.value.flow) {
    const col = firstChildCol(f, opts.value) ?? optsPos.col + f.unit;
    f.insertions.push({ after: optsPos.line, lines: [`${pad(col - 1)}encrypted: ""`] });
  } else {
    return M.say('compose.fix.driverOptsFlow', { file: f.display, line: optsPos.line, key });
  }
  f.summary.push(M.say('compose.fix.encrypted', { key }));
  return undefined;
}

/** Declares the encrypted overlay `name` at the top level of `f` (first entry under `networks:`, or a new section). */
function declareNetwork(f: ParsedFile, name: string): Message | undefined {
  const u = f.unit;
  const body = (ind: number) => [`${pad(ind)}${name}:`, `${pad(ind + u)}driver: overlay`, `${pad(ind + u)}driver_opts:`, `${pad(ind + 2 * u)}encrypted: ""`];
  const nets = findPair(f.root, 'networks');
  if (!nets) {
    const lines = f.text.split('\n');
    // Append after the last line (a missing final newline stays missing: existing lines are never touched).
    const last = lines.length - (lines[lines.length - 1] === '' ? 1 : 0);
    f.insertions.push({ after: last, lines: ['', 'networks:', ...body(u)] });
    f.summary.push(M.say('compose.fix.declared', { name }));
    return undefined;
  }
  const pos = lineCol(f, nets.key);
  if (isNullValue(nets.value)) {
    f.insertions.push({ after: pos.line, lines: body(pos.col - 1 + u) });
  } else if (isMap(nets.value) && !nets.value.flow) {
    f.insertions.push({ after: pos.line, lines: body((firstChildCol(f, nets.value) ?? pos.col + u) - 1) });
  } else {
    return M.say('compose.fix.topNetworksFlow', { file: f.display, line: pos.line, name });
  }
  f.summary.push(M.say('compose.fix.declared', { name }));
  return undefined;
}

/** Attaches service `svc` (which has no `networks:`) to `name`. */
function attachService(f: ParsedFile, svc: string, name: string): Message | undefined {
  const services = findPair(f.root, 'services');
  if (!services || !isMap(services.value) || services.value.flow) return M.say('compose.fix.servicesNotBlock', { file: f.display, service: svc, name });
  const pair = findPair(services.value, svc);
  if (!pair) return M.say('compose.fix.serviceMissing', { file: f.display, service: svc });
  const keyPos = lineCol(f, pair.key);
  let col: number;
  if (isNullValue(pair.value)) col = keyPos.col + f.unit;
  else if (isMap(pair.value) && !pair.value.flow) col = firstChildCol(f, pair.value) ?? keyPos.col + f.unit;
  else return M.say('compose.fix.serviceFlow', { file: f.display, line: keyPos.line, service: svc, name });
  f.insertions.push({ after: keyPos.line, lines: [`${pad(col - 1)}networks:`, `${pad(col - 1 + f.unit)}- ${name}`] });
  f.summary.push(M.say('compose.fix.attached', { service: svc, name }));
  return undefined;
}

function encryptedOverlay(n: NetworkModel | undefined): boolean {
  return n !== undefined && !n.implicit && isOverlay(n) && isEncrypted(n);
}

/** Name of the network that replaces the implicit default: `encrypted`, unless that name is taken by something else. */
function pickNetworkName(networks: Record<string, NetworkModel>): string {
  for (const candidate of ['encrypted', 'encrypted_overlay', 'encrypted_net']) {
    const n = networks[candidate];
    if (n === undefined || encryptedOverlay(n)) return candidate;
  }
  let i = 2;
  while (networks[`encrypted${i}`] !== undefined && !encryptedOverlay(networks[`encrypted${i}`])) i++;
  return `encrypted${i}`;
}

export function applyInsertions(text: string, insertions: readonly Insertion[], eol = '\n'): string {
  const lines = text.split('\n');
  const byLine = new Map<number, string[]>();
  // Stable: insertions after the same line keep the order they were planned in.
  for (const ins of insertions) byLine.set(ins.after, [...(byLine.get(ins.after) ?? []), ...ins.lines]);
  const cr = eol === '\r\n' ? '\r' : '';
  const out: string[] = [];
  const add = (after: number) => {
    for (const l of byLine.get(after) ?? []) out.push(l + cr);
  };
  add(0);
  const hasFinalNewline = lines[lines.length - 1] === '';
  const count = hasFinalNewline ? lines.length - 1 : lines.length;
  for (let i = 0; i < count; i++) {
    out.push(lines[i] as string);
    add(i + 1);
  }
  return out.join('\n') + (hasFinalNewline ? '\n' : '');
}

/** True when `updated` is `original` with whole lines inserted and nothing else changed. */
export function onlyLinesAdded(original: string, updated: string): boolean {
  const a = original.split('\n');
  const b = updated.split('\n');
  let i = 0;
  for (const line of b) if (i < a.length && line === a[i]) i++;
  return i === a.length;
}

export async function planFixes(loaded: LoadedCompose, opts: { cwd?: string } = {}): Promise<FixPlan> {
  const cwd = opts.cwd ?? process.cwd();
  const files = new Map<string, ParsedFile>();
  const unfixable: Message[] = [];
  const fileFor = async (display: string): Promise<ParsedFile> => {
    const abs = path.resolve(cwd, display);
    let f = files.get(abs);
    if (!f) {
      f = await openFile(abs, display);
      files.set(abs, f);
    }
    return f;
  };
  const model = loaded.model;

  for (const n of Object.values(model.networks)) {
    if (n.implicit || !isOverlay(n) || isEncrypted(n)) continue;
    const pos = loaded.positionOf(['networks', n.key]);
    if (!pos) continue;
    const why = encryptNetwork(await fileFor(pos.file), n.key);
    if (why) unfixable.push(why);
  }

  if (model.networks.default?.implicit) {
    const name = pickNetworkName(model.networks);
    const declaredIn = new Set<string>();
    for (const svc of Object.values(model.services)) {
      if (svc.networks !== undefined) {
        if (Object.prototype.hasOwnProperty.call(svc.networks, 'default')) {
          const p = loaded.positionOf(['services', svc.name, 'networks', 'default']);
          unfixable.push(M.say('compose.fix.namesDefault', { where: p ? `${p.file}:${p.line}` : svc.name, service: svc.name, name }));
        }
        continue;
      }
      const pos = loaded.positionOf(['services', svc.name]);
      if (!pos) continue;
      const f = await fileFor(pos.file);
      const why = attachService(f, svc.name, name);
      if (why) {
        unfixable.push(why);
        continue;
      }
      const alreadyDeclared =
        findPair(f.root, 'networks') && isMap(findPair(f.root, 'networks')?.value) && findPair(findPair(f.root, 'networks')?.value as YAMLMap, name);
      if (!alreadyDeclared && !declaredIn.has(f.abs)) {
        const w = declareNetwork(f, name);
        if (w) unfixable.push(w);
        declaredIn.add(f.abs);
      }
    }
  }

  const out: FileFix[] = [];
  for (const f of files.values()) {
    if (f.insertions.length === 0) continue;
    const updated = applyInsertions(f.text, f.insertions, f.eol);
    out.push({ file: f.abs, display: f.display, original: f.text, updated, insertions: f.insertions, summary: f.summary });
  }
  return { files: out, unfixable };
}

/** Checks every planned file, then writes each one atomically. Nothing is written if any check fails. */
export async function applyFixPlan(plan: FixPlan): Promise<FileFix[]> {
  for (const f of plan.files) {
    if (!onlyLinesAdded(f.original, f.updated)) throw new Error(`fix for ${f.display} would change existing lines`);
    const doc = parseDocument(f.updated, { merge: true });
    if (doc.errors.length > 0) throw new Error(`fix for ${f.display} produced invalid YAML: ${doc.errors[0]?.message ?? ''}`);
    const now = await fs.readFile(f.file, 'utf8');
    if (now !== f.original) throw new InputError(f.display, M.say('compose.fix.changed'));
  }
  for (const f of plan.files) await writeFileAtomic(f.file, f.updated);
  return plan.files;
}

/** A unified diff (3 lines of context) of every planned change; values of environment entries and secret-named keys are masked. */
export function renderFixDiff(plan: FixPlan): string {
  return plan.files.map((f) => unifiedDiff(f.display, f.original, f.insertions)).join('');
}

const SECRET_KEY = /pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential|auth/i;

/** Lines (1-based) whose value may be a secret: everything inside `environment:` blocks, and secret-named keys. */
export function sensitiveLines(text: string): Set<number> {
  const out = new Set<number>();
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, keepSourceTokens: false });
  const lineOf = (offset: number) => counter.linePos(offset).line;
  const mark = (range: readonly [number, number, number] | null | undefined) => {
    if (!range) return;
    for (let l = lineOf(range[0]); l <= lineOf(Math.max(range[0], range[1] - 1)); l++) out.add(l);
  };
  visit(doc, {
    Pair(_key, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = pair.value as { range?: [number, number, number] } | null;
      if (key === 'environment' || SECRET_KEY.test(key)) mark(value?.range);
    },
    Scalar(_key, node) {
      // `- DB_PASSWORD=…` in a list
      if (typeof node.value === 'string' && /^[^=\s]+=/.test(node.value) && SECRET_KEY.test(node.value.split('=')[0]!)) mark(node.range);
    },
  });
  return out;
}

/** `KEY: value` → `KEY: ***`, `- KEY=value` → `- KEY=***`, `KEY:` stays; any other line (a block scalar's text) → `***`. */
function maskValue(line: string): string {
  const m = /^(\s*(?:-\s+)?["']?[^\s:=#"']+["']?\s*(?::\s+|=))(\S.*)$/.exec(line);
  if (m) return `${m[1]}***`;
  if (/^\s*(?:-\s+)?["']?[^\s:=#"']+["']?\s*:\s*$/.test(line) || line.trim() === '') return line;
  return line.replace(/^(\s*(?:-\s+)?).*$/, '$1***');
}

function unifiedDiff(name: string, original: string, insertions: readonly Insertion[]): string {
  let hidden: Set<number>;
  try {
    hidden = sensitiveLines(original);
  } catch {
    hidden = new Set(original.split('\n').map((_l, i) => i + 1));
  }
  const lines = original.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  type Op = { kind: ' ' | '+'; text: string; oldNo: number; newNo: number };
  const byLine = new Map<number, string[]>();
  for (const ins of insertions) byLine.set(ins.after, [...(byLine.get(ins.after) ?? []), ...ins.lines]);
  const ops: Op[] = [];
  let oldNo = 0;
  let newNo = 0;
  const add = (after: number) => {
    for (const l of byLine.get(after) ?? []) ops.push({ kind: '+', text: l, oldNo, newNo: ++newNo });
  };
  add(0);
  lines.forEach((l, i) => {
    const text = l.replace(/\r$/, '');
    ops.push({ kind: ' ', text: hidden.has(i + 1) ? maskValue(text) : text, oldNo: ++oldNo, newNo: ++newNo });
    add(i + 1);
  });
  const CONTEXT = 3;
  const changed = ops.map((o, i) => (o.kind === '+' ? i : -1)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const start = Math.max(0, i - CONTEXT);
    const end = Math.min(ops.length - 1, i + CONTEXT);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else hunks.push([start, end]);
  }
  let out = `--- a/${name}\n+++ b/${name}\n`;
  for (const [s, e] of hunks) {
    const slice = ops.slice(s, e + 1);
    const oldLines = slice.filter((o) => o.kind === ' ');
    const first = slice[0] as Op;
    const oldStart = oldLines.length > 0 ? (oldLines[0] as Op).oldNo : first.oldNo;
    const newStart = first.kind === ' ' ? first.newNo : first.newNo;
    out += `@@ -${oldStart},${oldLines.length} +${newStart},${slice.length} @@\n`;
    for (const o of slice) out += `${o.kind}${o.text}\n`;
  }
  return out;
}
