// Version orders of the language ecosystems: Go modules, Maven (ComparableVersion), RubyGems (Gem::Version).

import { compareDigitStrings, defineScheme, orderBy, orderElementwise, parsedOrder, validBy, VersionError } from './scheme.js';
import { versionMessages as M } from './messages.js';
import { semverCompare, semver } from './semver.js';

const MAX_LEN = 256;

// ---------------------------------------------------------------- Go modules
/**
 * Go module versions are SemVer with a leading `v` (`v1.2.3`, pseudo-versions `v0.0.0-2021…-abcdef`,
 * `v2.0.0+incompatible`); OSV's Go records write them without the `v`. Both forms compare alike.
 */
function goCanonical(v: string): string {
  if (typeof v !== 'string' || v.length > MAX_LEN) throw new VersionError('go', String(v).slice(0, 80), M.say('versions.go.invalid'));
  const s = v
    .trim()
    .replace(/^v/, '')
    .replace(/\+incompatible$/, '');
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(s)) throw new VersionError('go', v, M.say('versions.go.shape'));
  return s;
}

export const goCompare: (a: string, b: string) => number = orderBy(goCanonical, semverCompare);

export const go = defineScheme({
  id: 'go',
  description: 'Go module versions: SemVer with an optional leading v, +incompatible ignored',
  isValid: validBy((v) => {
    if (!semver.isValid(goCanonical(v))) throw new VersionError('go', v, M.say('versions.go.notSemver'));
  }),
  compare: goCompare,
});

// --------------------------------------------------------------------- Maven
type MItem = { t: 'int'; v: string } | { t: 'str'; v: string } | { t: 'list'; v: MItem[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };

/** The sort key of a qualifier: known ones by rank, unknown ones after all of them, lexically. */
function qualifierKey(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i >= 0 ? String(i) : `${QUALIFIERS.length}-${q}`;
}

function strItem(s: string, followedByDigit: boolean): MItem {
  let v = s;
  if (followedByDigit && v.length === 1) v = v === 'a' ? 'alpha' : v === 'b' ? 'beta' : v === 'm' ? 'milestone' : v;
  return { t: 'str', v: ALIASES[v] ?? v };
}

const isNull = (it: MItem): boolean => (it.t === 'int' ? /^0+$/.test(it.v) : it.t === 'str' ? qualifierKey(it.v) === qualifierKey('') : it.v.length === 0);

function normalize(list: MItem[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const it = list[i] as MItem;
    if (isNull(it)) list.splice(i, 1);
    else if (it.t !== 'list') break;
  }
}

/** Maven's ComparableVersion parse: items split on '.', '-' and digit/letter changes; '-' opens a sub-list. */
function parseMaven(version: string): MItem[] {
  if (typeof version !== 'string' || version.trim() === '' || version.length > MAX_LEN)
    throw new VersionError('maven', String(version).slice(0, 80), M.say('versions.maven.invalid'));
  const v = version.trim().toLowerCase();
  const root: MItem[] = [];
  let list = root;
  const stack: MItem[][] = [root];
  let isDigit = false;
  let start = 0;
  /** A '-' or a change between digits and letters opens a sub-list. */
  const openSub = (): void => {
    const sub: MItem[] = [];
    list.push({ t: 'list', v: sub });
    list = sub;
    stack.push(sub);
  };
  for (let i = 0; i < v.length; i++) {
    const c = v[i] as string;
    if (c === '.') {
      list.push(i === start ? { t: 'int', v: '0' } : isDigit ? { t: 'int', v: v.slice(start, i) } : strItem(v.slice(start, i), false));
      start = i + 1;
    } else if (c === '-') {
      list.push(i === start ? { t: 'int', v: '0' } : isDigit ? { t: 'int', v: v.slice(start, i) } : strItem(v.slice(start, i), false));
      start = i + 1;
      openSub();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.push(strItem(v.slice(start, i), true));
        start = i;
        openSub();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push({ t: 'int', v: v.slice(start, i) });
        start = i;
        openSub();
      }
      isDigit = false;
    }
  }
  if (v.length > start) {
    // A trailing qualifier gets a sub-list of its own ("2.0.a" is 2-a, below 2-1), as Maven 3.9 parses it.
    if (!isDigit && list.length > 0) {
      openSub();
    }
    list.push(isDigit ? { t: 'int', v: v.slice(start) } : strItem(v.slice(start), false));
  }
  for (let i = stack.length - 1; i >= 0; i--) normalize(stack[i] as MItem[]);
  return root;
}

function cmpItem(a: MItem | undefined, b: MItem | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return -cmpItem(b, undefined);
  if (b === undefined) {
    if (a.t === 'int') return /^0+$/.test(a.v) ? 0 : 1;
    if (a.t === 'str') return qualifierKey(a.v) < qualifierKey('') ? -1 : qualifierKey(a.v) > qualifierKey('') ? 1 : 0;
    return a.v.length === 0 ? 0 : cmpItem(a.v[0], undefined);
  }
  if (a.t === 'int') return b.t === 'int' ? compareDigitStrings(a.v, b.v) : 1;
  if (a.t === 'str') {
    if (b.t === 'int' || b.t === 'list') return -1;
    const ka = qualifierKey(a.v);
    const kb = qualifierKey(b.v);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  }
  if (b.t === 'int') return -1;
  if (b.t === 'str') return 1;
  return cmpList(a.v, b.v);
}

const cmpList = (a: readonly MItem[], b: readonly MItem[]): number => orderElementwise(a, b, cmpItem);

export const maven = defineScheme({
  id: 'maven',
  description: "Maven versions in ComparableVersion's order (qualifiers alpha < beta < milestone < rc < snapshot < release < sp)",
  ...parsedOrder(parseMaven, cmpList),
});

export const mavenCompare = maven.compare;

// ------------------------------------------------------------------ RubyGems
const GEM_RE = /^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Gem::Version#canonical_segments: numbers and letter runs; trailing zeros dropped from the release and pre-release parts. */
function gemSegments(version: string): (string | number)[] {
  if (typeof version !== 'string' || version.length > MAX_LEN) throw new VersionError('gem', String(version).slice(0, 80), M.say('versions.gem.invalid'));
  const v = version.trim();
  if (!GEM_RE.test(v)) throw new VersionError('gem', version, M.say('versions.gem.shape'));
  const text = v.replace(/-/g, '.pre.');
  const segs: (string | number)[] = (text.match(/[0-9]+|[a-z]+/gi) ?? []).map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
  const firstStr = segs.findIndex((s) => typeof s === 'string');
  const release = firstStr < 0 ? segs : segs.slice(0, firstStr);
  const pre = firstStr < 0 ? [] : segs.slice(firstStr);
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  while (pre.length > 0 && pre[pre.length - 1] === 0) pre.pop();
  return [...release, ...pre];
}

export function gemCompare(a: string, b: string): number {
  const x = gemSegments(a);
  const y = gemSegments(b);
  return orderElementwise(x, y, (l = 0, r = 0) => {
    if (l === r) return 0;
    if (typeof l === 'string' && typeof r === 'number') return -1;
    if (typeof l === 'number' && typeof r === 'string') return 1;
    return l < r ? -1 : 1;
  });
}

export const gem = defineScheme({
  id: 'gem',
  description: 'RubyGems versions in Gem::Version order (a letter makes a pre-release: 1.0.a < 1.0)',
  isValid: validBy(gemSegments),
  compare: gemCompare,
});
