// RPM versions: [epoch:]version[-release], ordered as rpm's rpmvercmp and
// labelCompare order them.

import { compareDigitStrings, defineScheme, VersionError } from './scheme.js';
import { versionMessages as M } from './messages.js';
import { isMessage, type Message } from '../core/message.js';

export interface Evr {
  /** Decimal digits; "0" when absent. */
  epoch: string;
  version: string;
  /** null when absent: sorts below every release, as in rpm's labelCompare. */
  release: string | null;
}

/**
 * Splits `[epoch:]version[-release]` as rpm's parseEVR does: leading digits followed by `:` are the epoch (an
 * empty one is 0), the release is after the last hyphen. rpm compares any string this way, so nothing is
 * refused but a non-string; `isValid` says whether rpmbuild would have accepted it.
 */
function parse(input: string): Evr | Message {
  if (typeof input !== 'string') return M.say('versions.notString');
  // rpm would compare these too, but no rpm header holds one (rpmbuild refuses them): an empty version or one
  // with blanks or control characters is a broken record, not a version.
  if (input === '') return M.say('versions.empty');
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\s\u0000-\u001f\u007f]/.test(input)) return M.say('versions.rpm.blanks');
  let i = 0;
  while (i < input.length && isDigit(input.charCodeAt(i))) i++;
  let epoch = '0';
  let rest = input;
  if (input[i] === ':') {
    epoch = i === 0 ? '0' : input.slice(0, i);
    rest = input.slice(i + 1);
  }
  let version = rest;
  let release: string | null = null;
  const hyphen = rest.lastIndexOf('-');
  if (hyphen >= 0) {
    version = rest.slice(0, hyphen);
    release = rest.slice(hyphen + 1);
  }
  return { epoch, version, release };
}

/** Splits `[epoch:]version[-release]` (the release is after the last hyphen). Throws `VersionError` when invalid. */
export function parseEvr(v: string): Evr {
  const p = parse(v);
  if (isMessage(p)) throw new VersionError('rpm', String(v), p);
  return p;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const TILDE = 126;
const CARET = 94;

/**
 * rpmvercmp: compares two version (or release) strings segment by segment.
 * Runs of digits compare numerically (at any length), runs of letters
 * byte-wise, a digit run beats a letter run; other characters only separate.
 * `~` sorts before anything, even the end of the string; `^` sorts after the
 * end of the string but before any further segment.
 */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const sep = (c: number): boolean => !isDigit(c) && !isAlpha(c) && c !== TILDE && c !== CARET;
  while (i < a.length || j < b.length) {
    while (i < a.length && sep(a.charCodeAt(i))) i++;
    while (j < b.length && sep(b.charCodeAt(j))) j++;
    const ca = i < a.length ? a.charCodeAt(i) : -1;
    const cb = j < b.length ? b.charCodeAt(j) : -1;
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (ca === -1) return -1;
      if (cb === -1) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === -1 || cb === -1) break;
    const numeric = isDigit(ca);
    const kind = numeric ? isDigit : isAlpha;
    const si = i;
    while (i < a.length && kind(a.charCodeAt(i))) i++;
    const sj = j;
    while (j < b.length && kind(b.charCodeAt(j))) j++;
    // `a` starts a segment of its kind; `b` has none here: numbers beat letters.
    if (sj === j) return numeric ? 1 : -1;
    const segA = a.slice(si, i);
    const segB = b.slice(sj, j);
    const c = numeric ? compareDigitStrings(segA, segB) : segA < segB ? -1 : segA > segB ? 1 : 0;
    if (c !== 0) return c;
  }
  const endA = i >= a.length;
  const endB = j >= b.length;
  if (endA && endB) return 0;
  return endA ? -1 : 1;
}

export function compareEvr(a: Evr, b: Evr): number {
  const e = compareDigitStrings(a.epoch, b.epoch);
  if (e !== 0) return e;
  const v = rpmvercmp(a.version, b.version);
  if (v !== 0) return v;
  if (a.release === null || b.release === null) {
    return a.release === b.release ? 0 : a.release === null ? -1 : 1;
  }
  return rpmvercmp(a.release, b.release);
}

/** Orders two `[epoch:]version[-release]` strings like rpm's labelCompare: -1, 0 or 1. Throws `VersionError` only on an empty version or one with blanks. */
export function rpmCompare(a: string, b: string): number {
  return compareEvr(parseEvr(a), parseEvr(b));
}

export const rpm = defineScheme({
  id: 'rpm',
  description: 'RPM [epoch:]version[-release] in rpmvercmp order (Red Hat, Rocky, Alma, SUSE, Fedora)',
  isValid: (v) => !isMessage(parse(v)),
  compare: rpmCompare,
});
