// Alpine package versions, ordered as apk-tools (2.14 / 3.x) orders them:
//   digits{.digits}...{letter}{_suffix{digits}}...{~commithash}{-rN}

import { compareDigitStrings, defineScheme, VersionError } from './scheme.js';
import { versionMessages as M } from './messages.js';

/** Token types, in the order apk-tools ranks them: at a point where one version ended a run, the higher type is the older version. */
const enum T {
  InitialDigit = 0,
  Digit = 1,
  Letter = 2,
  Suffix = 3,
  SuffixNo = 4,
  CommitHash = 5,
  RevisionNo = 6,
  End = 7,
  Invalid = 8,
}

/** `_suffix` ranks; below NONE are pre-releases, above it post-releases. */
const SUFFIXES: Readonly<Record<string, number>> = {
  alpha: 0,
  beta: 1,
  pre: 2,
  rc: 3,
  cvs: 5,
  svn: 6,
  git: 7,
  hg: 8,
  p: 9,
};
const SUFFIX_NONE = 4;

interface Token {
  type: T;
  /** The characters this token compares on (digits, letter, suffix name, hash). */
  text: string;
  /** Suffix rank, for `Suffix` tokens. */
  suffix: number;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102);
}

function span(s: string, from: number, pred: (c: number) => boolean): number {
  let i = from;
  while (i < s.length && pred(s.charCodeAt(i))) i++;
  return i;
}

/** Splits a version into tokens; the last one is `End` (valid) or `Invalid`. */
function tokenize(s: string): Token[] {
  const out: Token[] = [];
  const push = (type: T, text = '', suffix = SUFFIX_NONE): void => {
    out.push({ type, text, suffix });
  };
  let pos = span(s, 0, isDigit);
  if (pos === 0) {
    push(T.Invalid);
    return out;
  }
  push(T.InitialDigit, s.slice(0, pos));
  let prev: T = T.InitialDigit;
  for (;;) {
    if (pos >= s.length) {
      push(T.End);
      return out;
    }
    const c = s.charCodeAt(pos);
    let type: T = T.Invalid;
    let text = '';
    let suffix = SUFFIX_NONE;
    if (isLower(c)) {
      if (prev <= T.Digit) {
        type = T.Letter;
        text = s[pos] ?? '';
        pos++;
      }
    } else if (c === 46 /* . */ || isDigit(c)) {
      const start = c === 46 ? pos + 1 : pos;
      const dotOk = c !== 46 || prev <= T.Digit;
      const numType: T = prev <= T.Digit ? T.Digit : prev === T.Suffix ? T.SuffixNo : T.Invalid;
      if (dotOk && numType !== T.Invalid) {
        const end = span(s, start, isDigit);
        if (end > start) {
          type = numType;
          text = s.slice(start, end);
          pos = end;
        }
      }
    } else if (c === 95 /* _ */) {
      if (prev <= T.SuffixNo) {
        const end = span(s, pos + 1, isLower);
        const name = s.slice(pos + 1, end);
        const rank = Object.hasOwn(SUFFIXES, name) ? SUFFIXES[name] : undefined;
        if (rank !== undefined) {
          type = T.Suffix;
          text = name;
          suffix = rank;
          pos = end;
        }
      }
    } else if (c === 126 /* ~ */) {
      if (prev < T.CommitHash) {
        const end = span(s, pos + 1, isHex);
        if (end > pos + 1) {
          type = T.CommitHash;
          text = s.slice(pos + 1, end);
          pos = end;
        }
      }
    } else if (c === 45 /* - */) {
      if (prev < T.RevisionNo && s.charCodeAt(pos + 1) === 114 /* r */) {
        const end = span(s, pos + 2, isDigit);
        if (end > pos + 2) {
          type = T.RevisionNo;
          text = s.slice(pos + 2, end);
          pos = end;
        }
      }
    }
    if (type === T.Invalid) {
      push(T.Invalid);
      return out;
    }
    push(type, text, suffix);
    prev = type;
  }
}

/** Byte-wise string order, shorter first on a common prefix (apk's blob sort). */
function blobSort(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTokens(a: Token, b: Token): number {
  switch (a.type) {
    case T.Digit:
      // A component with a leading zero compares as a string (1.01 < 1.1, 1.0 < 1.00).
      if (a.text.startsWith('0') || b.text.startsWith('0')) return blobSort(a.text, b.text);
      return compareDigitStrings(a.text, b.text);
    case T.InitialDigit:
    case T.SuffixNo:
    case T.RevisionNo:
      return compareDigitStrings(a.text, b.text);
    case T.Letter:
      return blobSort(a.text, b.text);
    case T.Suffix:
      return a.suffix < b.suffix ? -1 : a.suffix > b.suffix ? 1 : 0;
    default:
      return blobSort(a.text, b.text);
  }
}

/**
 * The tokens apk-tools reads, up to the end or the first that is not valid. A string without a leading digit is
 * refused: apk-tools would compare it, but as equal to every other such string, which orders nothing.
 */
function tokensOf(v: string): Token[] {
  if (typeof v !== 'string') throw new VersionError('apk', String(v), M.say('versions.notString'));
  const tokens = tokenize(v);
  if (tokens[0]?.type === T.Invalid)
    throw new VersionError('apk', v, M.say('versions.apk.noDigit', { shape: 'digits{.digits}{letter}{_suffix{N}}{~hash}{-rN}' }));
  return tokens;
}

/**
 * Orders two Alpine versions like `apk version -t`: -1, 0 or 1. As apk-tools does, a version that is not valid
 * is still compared, token by token up to where it stops being one (`1.0 < 1.0bc`, `23_foo > 4_beta`); with
 * `fuzzy`, a version that `b` is a prefix of equals it (apk's `~` operator). Throws `VersionError` on a version
 * without a leading digit.
 */
export function apkCompare(a: string, b: string, fuzzy = false): number {
  const ta = tokensOf(a);
  const tb = tokensOf(b);
  let i = 0;
  let x = ta[0];
  let y = tb[0];
  while (x !== undefined && y !== undefined && x.type === y.type && x.type < T.End) {
    const c = compareTokens(x, y);
    if (c !== 0) return c;
    i++;
    x = ta[i];
    y = tb[i];
  }
  if (x === undefined || y === undefined || x.type === y.type) return 0;
  if (fuzzy && y.type === T.End) return 0;
  // Equal so far and one goes on: a pre-release suffix makes it older,
  // otherwise the one whose next token ranks higher (e.g. End) is older.
  if (x.type === T.Suffix && x.suffix < SUFFIX_NONE) return -1;
  if (y.type === T.Suffix && y.suffix < SUFFIX_NONE) return 1;
  return x.type > y.type ? -1 : 1;
}

/** A version as apk-tools' `apk_version_validate` accepts it: every token valid. */
export function isValidApkVersion(v: string): boolean {
  return typeof v === 'string' && v !== '' && tokenize(v).at(-1)?.type === T.End;
}

/** Whether `apkCompare` orders the string: it starts with a digit (apk-tools compares the rest as far as it reads). */
export function isComparableApkVersion(v: string): boolean {
  return typeof v === 'string' && tokenize(v)[0]?.type !== T.Invalid;
}

export const apk = defineScheme({
  id: 'apk',
  description: 'Alpine (apk-tools) package versions: 1.2.3a_rc1~hash-r0',
  isValid: isComparableApkVersion,
  compare: (a, b) => apkCompare(a, b),
});
