// Debian package versions: [epoch:]upstream[-revision], ordered as Debian
// policy 5.6.12 describes and dpkg implements.

import { compareDigitStrings, defineScheme, sign, VersionError } from './scheme.js';
import { versionMessages as M } from './messages.js';
import { isMessage, type Message } from '../core/message.js';

export interface DpkgVersion {
  /** Decimal digits; "0" when absent. */
  epoch: string;
  upstream: string;
  /** "" when absent (which orders like "0"). */
  revision: string;
}

const EPOCH_MAX = '2147483647';
const UPSTREAM_RE = /^[0-9][A-Za-z0-9.+~:-]*$/;
const REVISION_RE = /^[A-Za-z0-9.+~]*$/;

/**
 * Parses a Debian version as dpkg's parseversion does. What dpkg refuses (empty parts, embedded blanks, a bad
 * epoch) is returned as the reason; what it only warns about (an upstream not starting with a digit, characters
 * outside the policy, as in `1.0-1.el6.x86_64`) is parsed, with the warning, and compared as dpkg compares it.
 */
function parse(input: string): (DpkgVersion & { warning?: string }) | Message {
  // dpkg trims and splits on blanks (space and tab) only.
  const v = input.replace(/^[ \t]+|[ \t]+$/g, '');
  if (v === '') return M.say('versions.empty');
  if (/[ \t]/.test(v)) return M.say('versions.dpkg.spaces');
  let epoch = '0';
  let rest = v;
  const colon = v.indexOf(':');
  if (colon >= 0) {
    // strtol: an optional sign, then digits, which must end at the colon.
    const m = /^([+-]?)([0-9]*)/.exec(v)!;
    if (m[0].length === 0 || m[2] === '') return m[0].length === colon ? M.say('versions.dpkg.epochEmpty') : M.say('versions.dpkg.epochNotNumber');
    if (m[0].length !== colon) return M.say('versions.dpkg.epochNotNumber');
    const digits = m[2]!.replace(/^0+(?=\d)/, '');
    if (m[1] === '-' && digits !== '0') return M.say('versions.dpkg.epochNegative');
    if (compareDigitStrings(digits, EPOCH_MAX) > 0) return M.say('versions.dpkg.epochTooBig');
    epoch = digits;
    rest = v.slice(colon + 1);
    if (rest === '') return M.say('versions.dpkg.nothingAfterColon');
  }
  let upstream = rest;
  let revision = '';
  const hyphen = rest.lastIndexOf('-');
  if (hyphen >= 0) {
    upstream = rest.slice(0, hyphen);
    revision = rest.slice(hyphen + 1);
    if (revision === '') return M.say('versions.dpkg.revisionEmpty');
  }
  if (upstream === '') return M.say('versions.dpkg.upstreamEmpty');
  const warning = !/^[0-9]/.test(upstream)
    ? 'upstream version does not start with a digit'
    : !UPSTREAM_RE.test(upstream)
      ? 'invalid character in upstream version'
      : !REVISION_RE.test(revision)
        ? 'invalid character in revision'
        : undefined;
  return { epoch, upstream, revision, ...(warning ? { warning } : {}) };
}

/** Whether dpkg would take the version without even a warning (Debian policy 5.6.12). */
export function isPolicyDpkgVersion(v: string): boolean {
  const p = typeof v === 'string' ? parse(v) : M.say('versions.notString');
  return !isMessage(p) && p.warning === undefined;
}

export function parseDpkgVersion(v: string): DpkgVersion {
  if (typeof v !== 'string') throw new VersionError('dpkg', String(v), M.say('versions.notString'));
  const p = parse(v);
  if (isMessage(p)) throw new VersionError('dpkg', v, p);
  return { epoch: p.epoch, upstream: p.upstream, revision: p.revision };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Weight of a non-digit character: `~` lowest (below end of string), then end, letters, other symbols. */
function order(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === 126) return -1; // '~'
  return c + 256;
}

/**
 * Compares upstream versions or revisions: alternating non-digit runs
 * (compared character by character with `order`) and digit runs (compared
 * numerically, at any length).
 */
export function dpkgCompareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a, i);
      const bc = order(b, j);
      if (ac !== bc) return sign(ac - bc);
      i++;
      j++;
    }
    const si = i;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    const sj = j;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    const c = compareDigitStrings(a.slice(si, i), b.slice(sj, j));
    if (c !== 0) return c;
  }
  return 0;
}

export function compareDpkgVersions(a: DpkgVersion, b: DpkgVersion): number {
  return compareDigitStrings(a.epoch, b.epoch) || dpkgCompareFragment(a.upstream, b.upstream) || dpkgCompareFragment(a.revision, b.revision);
}

/** Orders two Debian versions like `dpkg --compare-versions`: -1, 0 or 1. Throws `VersionError` on what dpkg refuses. */
export function dpkgCompare(a: string, b: string): number {
  return compareDpkgVersions(parseDpkgVersion(a), parseDpkgVersion(b));
}

export const dpkg = defineScheme({
  id: 'dpkg',
  description: 'Debian/Ubuntu package versions ([epoch:]upstream[-revision]) in dpkg order',
  // What dpkg compares, warnings included; isPolicyDpkgVersion is the stricter policy check.
  isValid: (v) => typeof v === 'string' && !isMessage(parse(v)),
  compare: dpkgCompare,
});
