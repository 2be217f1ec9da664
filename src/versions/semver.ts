// npm / SemVer 2.0 versions, parsed by the `semver` package (loose mode, so
// `v1.2.3`, `=1.2.3` and `1.2.3beta` are read as npm reads them).

import semverLib from 'semver';

import { compareDigitStrings, defineScheme, VersionError } from './scheme.js';
import { versionMessages as M } from './messages.js';

const OPTIONS = { loose: true } as const;
/** Advisory matching must see pre-releases: `1.4.0-beta` is inside `>=1.2.0 <1.4.5`. */
const RANGE_OPTIONS = { loose: true, includePrerelease: true } as const;

function tryParse(v: string): semverLib.SemVer | null {
  if (typeof v !== 'string' || v.trim() === '') return null;
  try {
    return new semverLib.SemVer(v, OPTIONS);
  } catch {
    return null;
  }
}

function parse(v: string): semverLib.SemVer {
  const p = tryParse(v);
  if (p === null) {
    throw new VersionError('semver', String(v), v === '' ? M.say('versions.empty') : M.say('versions.semver.invalid'));
  }
  return p;
}

const NUMERIC = /^[0-9]+$/;

/**
 * Pre-release identifiers: numeric ones numerically (at any length — the
 * `semver` package turns long ones into floats), below alphanumeric ones,
 * which compare in ASCII order; a shorter list that is a prefix is lower.
 */
function comparePrerelease(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = String(a[i]);
    const y = String(b[i]);
    const xn = NUMERIC.test(x);
    const yn = NUMERIC.test(y);
    let c: number;
    if (xn && yn) c = compareDigitStrings(x, y);
    else if (xn !== yn) c = xn ? -1 : 1;
    else c = x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function cmpNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SemVer precedence (build metadata ignored): -1, 0 or 1. Throws `VersionError` on invalid input. */
export function semverCompare(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  return cmpNum(x.major, y.major) || cmpNum(x.minor, y.minor) || cmpNum(x.patch, y.patch) || comparePrerelease(x.prerelease, y.prerelease);
}

/** Whether `version` is in the npm range `range` (pre-releases included). */
export function semverSatisfies(version: string, range: string): boolean {
  const v = parse(version);
  if (typeof range !== 'string' || semverLib.validRange(range, RANGE_OPTIONS) === null) {
    throw new VersionError('semver', String(range), M.say('versions.semver.range'));
  }
  return semverLib.satisfies(v, range, RANGE_OPTIONS);
}

export const semver = defineScheme({
  id: 'semver',
  description: 'SemVer 2.0 / npm versions and ranges (via the semver package, loose parsing)',
  isValid: (v) => tryParse(v) !== null,
  compare: semverCompare,
  matchExpression: semverSatisfies,
});
