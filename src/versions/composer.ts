// Packagist (PHP Composer) versions: composer/semver's VersionParser::normalize, then PHP's version_compare,
// which is how Composer's own constraints order versions.

import { compareDigitStrings, defineScheme, parsedOrder, sign, VersionError } from './scheme.js';
import { versionMessages as M } from './messages.js';

const MAX_LEN = 256;

/**
 * composer/semver's modifier: a stability word with optional numbers, then an optional `dev`. Its numbers,
 * `((?:[.-]?\d+)*+)` there, are written `((?:[.-]?\d)*)` here: the same strings, but one way to match them, as
 * JavaScript has no possessive quantifiers and `(?:[.-]?\d+)*` backtracks exponentially on a long digit run.
 */
const MODIFIER = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d)*)?)?([.-]?dev)?';
const CLASSICAL = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, 'i');
const DATED = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})${MODIFIER}$`, 'i');
const BRANCH = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/i;

function expandStability(s: string): string {
  const l = s.toLowerCase();
  return l === 'a' ? 'alpha' : l === 'b' ? 'beta' : l === 'p' || l === 'pl' ? 'patch' : l === 'rc' ? 'RC' : l;
}

/** PHP's empty(): "" and "0" are empty. */
const phpEmpty = (s: string | undefined): boolean => s === undefined || s === '' || s === '0';

/**
 * composer/semver `VersionParser::normalize`: `v1.0` → `1.0.0.0`, `1.0.0RC1dev` → `1.0.0.0-RC1-dev`,
 * `1.x-dev` → `1.9999999.9999999.9999999-dev`, `2010-01-02` → `2010.01.02`, `dev-main` → `dev-main`.
 * Aliases (`… as …`), stability flags (`@dev`) and build metadata (`+foo`) are dropped, as Composer does.
 * Throws `VersionError` on what Composer rejects (`1.0.0-meh`, `1.0.0.0.0`, `~1`).
 */
export function normalizeComposer(input: string): string {
  if (typeof input !== 'string' || input.length > MAX_LEN) throw new VersionError('composer', String(input).slice(0, 80), M.say('versions.composer.invalid'));
  let version = input.trim();
  const alias = /^([^,\s]+) +as +([^,\s]+)$/.exec(version);
  if (alias?.[1] !== undefined) version = alias[1];
  const flag = /@(?:stable|RC|beta|alpha|dev)$/i.exec(version);
  if (flag) version = version.slice(0, version.length - flag[0].length);
  if (version === 'master' || version === 'trunk' || version === 'default') version = `dev-${version}`;
  if (version.toLowerCase().startsWith('dev-')) return `dev-${version.slice(4)}`;
  const meta = /^([^,\s+]+)\+\S+$/.exec(version);
  if (meta?.[1] !== undefined) version = meta[1];

  let m = CLASSICAL.exec(version);
  let out: string | undefined;
  let index = 0;
  if (m) {
    out = `${m[1] ?? ''}${phpEmpty(m[2]) ? '.0' : (m[2] as string)}${phpEmpty(m[3]) ? '.0' : (m[3] as string)}${phpEmpty(m[4]) ? '.0' : (m[4] as string)}`;
    index = 5;
  } else if ((m = DATED.exec(version))) {
    out = (m[1] ?? '').replace(/\D/g, '.');
    index = 2;
  }
  if (m && out !== undefined) {
    const stability = m[index];
    if (!phpEmpty(stability) && stability !== undefined) {
      if (stability === 'stable') return out;
      const numbers = m[index + 1];
      out += `-${expandStability(stability)}${numbers !== undefined && numbers !== '' ? numbers.replace(/^[.-]+/, '') : ''}`;
    }
    if (!phpEmpty(m[index + 2])) out += '-dev';
    return out;
  }
  // "1.x-dev", "2.0.*-dev": a numeric branch, ordered at the top of its series.
  const dev = /^(.*?)[.-]?dev$/i.exec(version);
  const b = dev?.[1] !== undefined ? BRANCH.exec(dev[1].trim()) : null;
  if (b) {
    let v = '';
    for (let i = 1; i < 5; i++) v += b[i]?.replace(/[*X]/g, 'x') ?? '.x';
    return `${v.replace(/x/g, '9999999')}-dev`;
  }
  throw new VersionError('composer', input, M.say('versions.composer.shape'));
}

// ---------------------------------------------------------------------------
// PHP version_compare (ext/standard/versioning.c)

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isAlnumCode = (c: number): boolean => isDigitCode(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** php_canonicalize_version: `-`, `_`, `+` and other symbols become `.`; a `.` goes between digits and non-digits. */
export function phpCanonicalize(version: string): string {
  if (version === '') return '';
  let out = version[0] as string;
  let lp = version.charCodeAt(0);
  for (let i = 1; i < version.length; i++) {
    const p = version.charCodeAt(i);
    const lq = out.charCodeAt(out.length - 1);
    const dot = 46;
    const isdig = (c: number): boolean => isDigitCode(c) && c !== dot;
    const isndig = (c: number): boolean => !isDigitCode(c) && c !== dot;
    if (p === 45 || p === 95 || p === 43) {
      if (lq !== dot) out += '.';
    } else if ((isndig(lp) && isdig(p)) || (isdig(lp) && isndig(p))) {
      if (lq !== dot) out += '.';
      out += version[i] as string;
    } else if (!isAlnumCode(p)) {
      if (lq !== dot) out += '.';
    } else {
      out += version[i] as string;
    }
    lp = p;
  }
  return out;
}

/** PHP's special forms, matched as prefixes in this order; a number counts as `#`, anything else as -6. */
const SPECIAL_FORMS: readonly (readonly [string, number])[] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];

function specialOrder(form: string): number {
  for (const [name, order] of SPECIAL_FORMS) if (form.startsWith(name)) return order;
  return -6;
}

/**
 * PHP `version_compare($a, $b)`: -1, 0 or 1. Numbers compare numerically (exactly, at any length, where
 * PHP's strtol saturates at 2^63), words by their special form (`dev` < `alpha` < `beta` < `RC` < number
 * < `patch`), a word against a number as the word's form against `#`.
 */
export function phpVersionCompare(a: string, b: string): number {
  const pa = phpCanonicalize(a).split('.');
  const pb = phpCanonicalize(b).split('.');
  const NUMBER = '#N#';
  let i = 0;
  for (; i < pa.length && i < pb.length; i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    const xd = x !== '' && isDigitCode(x.charCodeAt(0));
    const yd = y !== '' && isDigitCode(y.charCodeAt(0));
    let c: number;
    if (xd && yd) c = compareDigitStrings(/^\d*/.exec(x)?.[0] ?? '', /^\d*/.exec(y)?.[0] ?? '');
    else if (!xd && !yd) c = sign(specialOrder(x) - specialOrder(y));
    else c = xd ? sign(specialOrder(NUMBER) - specialOrder(y)) : sign(specialOrder(x) - specialOrder(NUMBER));
    if (c !== 0) return c;
  }
  if (i < pa.length) {
    const x = pa[i] as string;
    return x !== '' && isDigitCode(x.charCodeAt(0)) ? 1 : sign(specialOrder(x) - specialOrder(NUMBER));
  }
  if (i < pb.length) {
    const y = pb[i] as string;
    return y !== '' && isDigitCode(y.charCodeAt(0)) ? -1 : sign(specialOrder(NUMBER) - specialOrder(y));
  }
  return 0;
}

/** A normalised version that can be ordered: not a `dev-` branch, which Composer never compares. */
function comparable(v: string): string {
  const n = normalizeComposer(v);
  if (n.startsWith('dev-')) throw new VersionError('composer', v, M.say('versions.composer.devBranch'));
  return n;
}

export const composer = defineScheme({
  id: 'composer',
  description: 'Packagist versions as Composer orders them (composer/semver normalisation, then PHP version_compare)',
  ...parsedOrder(comparable, phpVersionCompare),
});

/** Composer's version order: -1, 0 or 1. Throws `VersionError` on versions Composer cannot order. */
export const composerCompare = composer.compare;
