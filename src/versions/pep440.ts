// Python package versions (PEP 440) and specifier sets.

import { compareDigitStrings, defineScheme, VersionError, orderBy } from './scheme.js';
import { versionMessages as M } from './messages.js';
import type { Message } from '../core/message.js';

export interface Pep440Version {
  /** Digits, "0" when absent. */
  epoch: string;
  /** Release segments as digit strings, as written (leading zeros kept). */
  release: string[];
  /** Pre-release: 0 = a, 1 = b, 2 = rc. */
  pre: { rank: 0 | 1 | 2; n: string } | null;
  post: string | null;
  dev: string | null;
  /** Local label segments, lower-cased. */
  local: string[] | null;
}

// The grammar of PEP 440's "parsing" appendix: permissive spellings that all
// normalise to one canonical form.
const VERSION_RE = new RegExp(
  '^\\s*v?' +
    '(?:([0-9]+)!)?' + // epoch
    '([0-9]+(?:\\.[0-9]+)*)' + // release
    '(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?)?' + // pre
    '(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?' + // post (implicit "-1" or spelled)
    '(?:[-_.]?(dev)[-_.]?([0-9]+)?)?' + // dev
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?' + // local
    '\\s*$',
  'i',
);

const PRE_RANK: Readonly<Record<string, 0 | 1 | 2>> = {
  a: 0,
  alpha: 0,
  b: 1,
  beta: 1,
  c: 2,
  rc: 2,
  pre: 2,
  preview: 2,
};

function tryParse(v: string): Pep440Version | null {
  if (typeof v !== 'string') return null;
  const m = VERSION_RE.exec(v);
  if (!m) return null;
  const [, epoch, release, preL, preN, postImplicit, postL, postN, devL, devN, local] = m;
  if (release === undefined) return null;
  const rank = preL === undefined ? undefined : PRE_RANK[preL.toLowerCase()];
  return {
    epoch: epoch ?? '0',
    release: release.split('.'),
    pre: rank === undefined ? null : { rank, n: preN ?? '0' },
    post: postImplicit ?? (postL !== undefined ? (postN ?? '0') : null),
    dev: devL !== undefined ? (devN ?? '0') : null,
    local: local === undefined ? null : local.toLowerCase().split(/[-_.]/),
  };
}

export function parsePep440(v: string): Pep440Version {
  const p = tryParse(v);
  if (p === null) throw new VersionError('pep440', String(v), v === '' ? M.say('versions.empty') : M.say('versions.pep440.invalid'));
  return p;
}

function stripZeros(digits: string): string {
  const s = digits.replace(/^0+/, '');
  return s === '' ? '0' : s;
}

/** The canonical spelling: `1.0.0a1` → `1.0.0a1`, `1.0-1` → `1.0.post1`, `1.0.DEV` → `1.0.dev0`. */
export function normalizePep440(v: string): string {
  const p = parsePep440(v);
  let out = p.epoch !== '0' && stripZeros(p.epoch) !== '0' ? `${stripZeros(p.epoch)}!` : '';
  out += p.release.map(stripZeros).join('.');
  if (p.pre) out += `${['a', 'b', 'rc'][p.pre.rank]}${stripZeros(p.pre.n)}`;
  if (p.post !== null) out += `.post${stripZeros(p.post)}`;
  if (p.dev !== null) out += `.dev${stripZeros(p.dev)}`;
  if (p.local) out += `+${p.local.map((s) => (/^[0-9]+$/.test(s) ? stripZeros(s) : s)).join('.')}`;
  return out;
}

function compareRelease(a: readonly string[], b: readonly string[]): number {
  const trim = (r: readonly string[]): number => {
    let n = r.length;
    while (n > 0 && stripZeros(r[n - 1] ?? '0') === '0') n--;
    return n;
  };
  const la = trim(a);
  const lb = trim(b);
  for (let i = 0; i < Math.min(la, lb); i++) {
    const c = compareDigitStrings(a[i] ?? '0', b[i] ?? '0');
    if (c !== 0) return c;
  }
  return la === lb ? 0 : la < lb ? -1 : 1;
}

/** -1 below everything, 1 above everything, 0 compare the value. */
type Slot = { inf: -1 | 1 } | { inf: 0; rank: number; n: string };

function preSlot(v: Pep440Version): Slot {
  // A dev release of a final version (1.0.dev0) sorts before its pre-releases.
  if (v.pre === null && v.post === null && v.dev !== null) return { inf: -1 };
  if (v.pre === null) return { inf: 1 };
  return { inf: 0, rank: v.pre.rank, n: v.pre.n };
}

function compareSlot(a: Slot, b: Slot): number {
  if (a.inf !== 0 || b.inf !== 0) return a.inf === b.inf ? 0 : a.inf < b.inf ? -1 : 1;
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  return compareDigitStrings(a.n, b.n);
}

function optional(v: string | null, absent: -1 | 1): Slot {
  return v === null ? { inf: absent } : { inf: 0, rank: 0, n: v };
}

function compareLocal(a: readonly string[] | null, b: readonly string[] | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    const xn = /^[0-9]+$/.test(x);
    const yn = /^[0-9]+$/.test(y);
    let c: number;
    if (xn && yn) c = compareDigitStrings(x, y);
    else if (xn !== yn)
      c = xn ? 1 : -1; // numeric segments sort above alphanumeric ones
    else c = x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function comparePep440Versions(a: Pep440Version, b: Pep440Version): number {
  return (
    compareDigitStrings(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    compareSlot(preSlot(a), preSlot(b)) ||
    compareSlot(optional(a.post, -1), optional(b.post, -1)) ||
    compareSlot(optional(a.dev, 1), optional(b.dev, 1)) ||
    compareLocal(a.local, b.local)
  );
}

/** PEP 440 order: -1, 0 or 1. Throws `VersionError` on invalid input. */
export const pep440Compare: (a: string, b: string) => number = orderBy(parsePep440, comparePep440Versions);

// ---------------------------------------------------------------------------
// Specifiers

const isPrerelease = (v: Pep440Version): boolean => v.pre !== null || v.dev !== null;
const publicOf = (v: Pep440Version): Pep440Version => ({ ...v, local: null });
const baseOf = (v: Pep440Version): Pep440Version => ({ epoch: v.epoch, release: v.release, pre: null, post: null, dev: null, local: null });

/** Segments used for prefix matching: epoch, release numbers, then pre/post/dev as single segments. */
function segments(v: Pep440Version, padRelease = 0): string[] {
  const rel = v.release.map(stripZeros);
  while (rel.length < padRelease) rel.push('0');
  const out = [stripZeros(v.epoch), ...rel];
  if (v.pre) out.push(`${['a', 'b', 'rc'][v.pre.rank]}${stripZeros(v.pre.n)}`);
  if (v.post !== null) out.push(`post${stripZeros(v.post)}`);
  if (v.dev !== null) out.push(`dev${stripZeros(v.dev)}`);
  return out;
}

function prefixMatch(candidate: Pep440Version, prefix: Pep440Version): boolean {
  const want = segments(prefix);
  const have = segments(publicOf(candidate), prefix.release.length).slice(0, want.length);
  return have.length === want.length && have.every((s, i) => s === want[i]);
}

const SPEC_RE = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*(\S+)\s*$/;

function specError(spec: string, reason: Message): VersionError {
  return new VersionError('pep440', spec, M.say('versions.pep440.specifier', { reason }));
}

function parseSpecVersion(spec: string, text: string, allowLocal: boolean): Pep440Version {
  const v = tryParse(text);
  if (v === null) throw specError(spec, M.say('versions.pep440.notVersion', { text }));
  if (!allowLocal && v.local !== null) throw specError(spec, M.say('versions.pep440.local'));
  return v;
}

function matchOne(candidate: Pep440Version, raw: string, spec: string): boolean {
  const m = SPEC_RE.exec(spec);
  if (!m || m[1] === undefined || m[2] === undefined) throw specError(raw, M.say('versions.pep440.unreadable', { spec: spec.trim() }));
  const op = m[1];
  const text = m[2];
  if (op === '===') return false; // handled by the caller, which has the candidate text
  if ((op === '==' || op === '!=') && text.endsWith('.*')) {
    const prefix = parseSpecVersion(spec, text.slice(0, -2), false);
    // PEP 440: a prefix match on a development release (`==1.0.dev1.*`) is invalid.
    if (prefix.dev !== null) throw specError(spec, M.say('versions.pep440.prefixDev'));
    const hit = prefixMatch(candidate, prefix);
    return op === '==' ? hit : !hit;
  }
  if (op === '==' || op === '!=') {
    const v = parseSpecVersion(spec, text, true);
    const c = comparePep440Versions(v.local === null ? publicOf(candidate) : candidate, v);
    return op === '==' ? c === 0 : c !== 0;
  }
  const v = parseSpecVersion(spec, text, false);
  switch (op) {
    case '~=': {
      if (v.release.length < 2) throw specError(spec, M.say('versions.pep440.compatible'));
      const prefix: Pep440Version = { ...baseOf(v), release: v.release.slice(0, -1) };
      return comparePep440Versions(publicOf(candidate), v) >= 0 && prefixMatch(candidate, prefix);
    }
    case '<=':
      return comparePep440Versions(publicOf(candidate), v) <= 0;
    case '>=':
      return comparePep440Versions(publicOf(candidate), v) >= 0;
    case '<': {
      // `<V` does not admit V's own pre-releases (V.dev0 and up) unless V is one itself.
      if (comparePep440Versions(candidate, v) >= 0) return false;
      const earliestPre: Pep440Version = { ...v, dev: '0', local: null };
      return !(!isPrerelease(v) && isPrerelease(candidate) && comparePep440Versions(candidate, earliestPre) >= 0);
    }
    case '>': {
      // `>V` does not admit V's post-releases (unless V is one) nor V+local.
      if (comparePep440Versions(candidate, v) <= 0) return false;
      const postBase: Pep440Version = { ...candidate, post: null, dev: null, local: null };
      if (v.post === null && candidate.post !== null && comparePep440Versions(postBase, v) === 0) return false;
      return !(candidate.local !== null && comparePep440Versions(publicOf(candidate), v) === 0);
    }
    default:
      throw specError(spec, M.say('versions.expr.unknownOperator', { op }));
  }
}

/**
 * Whether `version` is in the specifier set (`>=1.0,<2.0`, `~=1.4.2`, `==1.*`, `!=1.3`, `===1.0-foo`), or in any
 * of several joined by `||` as advisory ranges are written (`<1.2.5 || >=2.0,<2.0.3`). Every specifier is read
 * before the answer is given, so an invalid one throws `VersionError` wherever it stands, never answers false.
 * Pre-releases are always considered (advisory matching wants them); an empty set matches everything.
 */
export function pep440Satisfies(version: string, specifierSet: string): boolean {
  const candidate = parsePep440(version);
  if (typeof specifierSet !== 'string') throw specError(String(specifierSet), M.say('versions.notString'));
  if (specifierSet.trim() === '') return true;
  const results = specifierSet.split('||').map((alternative) => {
    const parts = alternative.split(',').map((s) => s.trim());
    return parts
      .map((part) => {
        if (part === '') throw specError(specifierSet, M.say('versions.pep440.emptySpecifier'));
        const arbitrary = /^===\s*(\S+)$/.exec(part);
        if (arbitrary) return version.trim().toLowerCase() === (arbitrary[1] ?? '').toLowerCase();
        return matchOne(candidate, specifierSet, part);
      })
      .every(Boolean);
  });
  return results.some(Boolean);
}

export const pep440 = defineScheme({
  id: 'pep440',
  description: 'Python package versions (PEP 440) and specifier sets',
  isValid: (v) => tryParse(v) !== null,
  compare: pep440Compare,
  matchExpression: pep440Satisfies,
});
