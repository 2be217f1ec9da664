// The contract every version scheme implements, the range type advisories are
// translated into, and the scheme-independent range evaluation (OSV events,
// "fixed in", comparator lists).

import { UserError } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { versionMessages as M } from './messages.js';

/** A version string that a scheme cannot parse (or a malformed range). */
export class VersionError extends UserError {
  /** Scheme id (`dpkg`, `apk`, …). */
  readonly scheme: string;
  /** The offending input, as given. */
  readonly input: string;

  constructor(scheme: string, input: string, reason: Message) {
    super(M.say('versions.invalid', { scheme, input: JSON.stringify(truncate(input)), reason }), {
      hint: M.say('versions.invalid.hint', { scheme }),
    });
    this.name = 'VersionError';
    this.scheme = scheme;
    this.input = input;
  }
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * One OSV `ranges[].events` entry. Exactly one key is set. `introduced: "0"`
 * means "from the very first version"; `last_affected` is inclusive; `fixed`
 * and `limit` are exclusive; `limit: "*"` means no limit.
 */
export type OsvEvent = { readonly introduced: string } | { readonly fixed: string } | { readonly last_affected: string } | { readonly limit: string };

/**
 * A set of versions, as an advisory describes it. Every scheme's `satisfies`
 * accepts every kind; `expression` is read in the scheme's own syntax.
 */
export type VersionRange =
  /** OSV `affected[].ranges[].events` of an ECOSYSTEM or SEMVER range. */
  | { readonly kind: 'osv'; readonly events: readonly OsvEvent[] }
  /**
   * "Fixed in X": affected when `introduced <= version < fixed`.
   * `fixed: null` means no fix yet (every version from `introduced` on is affected).
   * `fixed: "0"` means never affected (Debian tracker / Alpine secdb convention).
   * `introduced` absent or `"0"` means from the beginning.
   */
  | { readonly kind: 'fixed-in'; readonly fixed: string | null; readonly introduced?: string }
  /**
   * Scheme-native constraint text. semver: an npm range (`>=1.2.0 <1.4.5 || ^2`).
   * pep440: a specifier set (`>=1.0,<2.0`, `~=1.4`, `==1.*`, `!=1.3`).
   * dpkg / apk / rpm: comparator lists (`>= 1.0, << 2.0`, `|| = 3.1`), see `parseComparators`.
   */
  | { readonly kind: 'expression'; readonly expression: string }
  /** Exactly these versions (OSV `affected[].versions`); equality is the scheme's (`compare == 0`). */
  | { readonly kind: 'versions'; readonly versions: readonly string[] }
  /** Union: affected when any member matches (OSV lists several ranges per package). */
  | { readonly kind: 'any'; readonly ranges: readonly VersionRange[] };

export interface VersionScheme {
  /** Registry id: `dpkg`, `apk`, `rpm`, `semver`, `pep440`. */
  id: string;
  description: string;
  /** True when the scheme can order this string. Never throws. */
  isValid: (v: string) => boolean;
  /** <0, 0 or >0. Throws `VersionError` when either side is invalid. */
  compare: (a: string, b: string) => number;
  /** Whether `version` lies in `range`. Throws `VersionError` on invalid versions in either. */
  satisfies: (version: string, range: VersionRange) => boolean;
}

// ---------------------------------------------------------------------------
// Constructors (so callers do not spell the object shapes by hand)

export function osvRange(events: readonly OsvEvent[]): VersionRange {
  return { kind: 'osv', events };
}

export function fixedIn(fixed: string | null, introduced?: string): VersionRange {
  return introduced === undefined ? { kind: 'fixed-in', fixed } : { kind: 'fixed-in', fixed, introduced };
}

export function expression(text: string): VersionRange {
  return { kind: 'expression', expression: text };
}

export function exactVersions(versions: readonly string[]): VersionRange {
  return { kind: 'versions', versions };
}

export function anyOf(ranges: readonly VersionRange[]): VersionRange {
  return { kind: 'any', ranges };
}

// ---------------------------------------------------------------------------
// OSV events

export type Compare = (a: string, b: string) => number;

type EventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

interface ParsedEvent {
  kind: EventKind;
  version: string;
  /** `introduced: "0"`: below every version. */
  bottom: boolean;
  /** `limit: "*"`: above every version. */
  top: boolean;
}

const EVENT_KINDS: readonly EventKind[] = ['introduced', 'fixed', 'last_affected', 'limit'];
/** Tie-break for events at the same version: opening before closing makes `introduced X, fixed X` empty. */
const EVENT_RANK: Record<EventKind, number> = { introduced: 0, last_affected: 1, fixed: 2, limit: 3 };

function parseEvent(event: OsvEvent, scheme: string): ParsedEvent {
  const rec = event as Readonly<Record<string, unknown>>;
  const present = EVENT_KINDS.filter((k) => rec[k] !== undefined);
  const kind = present[0];
  if (present.length !== 1 || kind === undefined) {
    throw new VersionError(scheme, JSON.stringify(event), M.say('versions.event.oneKind'));
  }
  const version = rec[kind];
  if (typeof version !== 'string' || version === '') {
    throw new VersionError(scheme, JSON.stringify(event), M.say('versions.event.notString', { kind }));
  }
  return { kind, version, bottom: kind === 'introduced' && version === '0', top: kind === 'limit' && version === '*' };
}

function compareEvents(a: ParsedEvent, b: ParsedEvent, compare: Compare): number {
  const pos = (e: ParsedEvent): number => (e.bottom ? -1 : e.top ? 1 : 0);
  const pa = pos(a);
  const pb = pos(b);
  let c = pa !== 0 || pb !== 0 ? pa - pb : 0;
  if (c === 0 && pa === 0) c = compare(a.version, b.version);
  return c !== 0 ? c : EVENT_RANK[a.kind] - EVENT_RANK[b.kind];
}

/**
 * Whether `version` is affected by one OSV range, per the OSV schema's
 * evaluation: sort the events by version (`introduced: "0"` first), walk them
 * in order — at or past an `introduced` the version is affected, at or past a
 * `fixed` it is not, strictly past a `last_affected` it is not. When `limit`
 * events are present the version must also be below at least one of them.
 */
export function evaluateOsvEvents(version: string, events: readonly OsvEvent[], compare: Compare, scheme = 'osv'): boolean {
  compare(version, version); // throws VersionError on an invalid version, even when no bound needs a comparison
  const parsed = events.map((e) => parseEvent(e, scheme));
  const limits = parsed.filter((e) => e.kind === 'limit');
  if (limits.length > 0 && !limits.some((l) => l.top || compare(version, l.version) < 0)) return false;

  const walk = parsed.filter((e) => e.kind !== 'limit').sort((a, b) => compareEvents(a, b, compare));
  let affected = false;
  for (const e of walk) {
    switch (e.kind) {
      case 'introduced':
        if (e.bottom || compare(version, e.version) >= 0) affected = true;
        break;
      case 'fixed':
        if (compare(version, e.version) >= 0) affected = false;
        break;
      case 'last_affected':
        if (compare(version, e.version) > 0) affected = false;
        break;
      case 'limit':
        break;
    }
  }
  return affected;
}

// ---------------------------------------------------------------------------
// Comparator lists (the `expression` syntax of dpkg, apk and rpm)

export type ComparatorOp = '<' | '<=' | '=' | '!=' | '>=' | '>';

export interface Comparator {
  op: ComparatorOp;
  version: string;
}

const OP_ALIASES: Record<string, ComparatorOp> = {
  '<<': '<',
  '<': '<',
  '<=': '<=',
  '=': '=',
  '==': '=',
  '!=': '!=',
  '>=': '>=',
  '>': '>',
  '>>': '>',
};

/**
 * Parses a comparator list: alternatives separated by `||`, each a list of
 * `op version` pairs separated by commas or spaces, all of which must hold.
 * Operators: `<<` / `<` (strictly less — unlike the deprecated dpkg `<`, which
 * meant `<=`), `<=`, `=` / `==`, `!=`, `>=`, `>>` / `>`. A lone `*` matches
 * everything. Returns the alternatives (an empty list inside means "any").
 */
export function parseComparators(text: string, scheme = 'expression'): Comparator[][] {
  const alternatives = text.split('||');
  return alternatives.map((alt) => {
    const trimmed = alt.trim();
    if (trimmed === '*') return [];
    if (trimmed === '') throw new VersionError(scheme, text, M.say('versions.expr.emptyAlternative'));
    const out: Comparator[] = [];
    const re = /\s*(<<|>>|<=|>=|==|!=|=|<|>)\s*([^\s,<>=!|]+)\s*,?/y;
    let pos = 0;
    while (pos < trimmed.length) {
      re.lastIndex = pos;
      const m = re.exec(trimmed);
      if (!m || m[1] === undefined || m[2] === undefined) {
        throw new VersionError(scheme, text, M.say('versions.expr.unreadable', { at: trimmed.slice(pos, pos + 20) }));
      }
      const op = OP_ALIASES[m[1]];
      if (op === undefined) throw new VersionError(scheme, text, M.say('versions.expr.unknownOperator', { op: m[1] }));
      out.push({ op, version: m[2] });
      pos = re.lastIndex;
    }
    return out;
  });
}

export function testComparator(c: number, op: ComparatorOp): boolean {
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
  }
}

export function matchComparators(version: string, text: string, compare: Compare, scheme = 'expression'): boolean {
  return parseComparators(text, scheme).some((alt) => alt.every((c) => testComparator(compare(version, c.version), c.op)));
}

// ---------------------------------------------------------------------------
// Generic range evaluation

export interface RangeOps {
  id: string;
  compare: Compare;
  /** Reads the `expression` kind; defaults to comparator lists. */
  matchExpression?: (version: string, expression: string) => boolean;
}

/**
 * A version scheme whose `satisfies` is `evaluateRange` over its own `compare` (and `matchExpression`, for schemes
 * with a range syntax of their own): each scheme states only how it parses and orders.
 */
export function defineScheme(s: Omit<VersionScheme, 'satisfies'> & { matchExpression?: (version: string, expression: string) => boolean }): VersionScheme {
  const { matchExpression, ...scheme } = s;
  const ops: RangeOps = { id: s.id, compare: s.compare, ...(matchExpression ? { matchExpression } : {}) };
  return { ...scheme, satisfies: (version: string, range: VersionRange) => evaluateRange(version, range, ops) };
}

/** Evaluates any `VersionRange` with a scheme's comparator; used by every scheme's `satisfies`. */
export function evaluateRange(version: string, range: VersionRange, ops: RangeOps): boolean {
  ops.compare(version, version); // throws VersionError on an invalid version, whatever the range
  switch (range.kind) {
    case 'osv':
      return evaluateOsvEvents(version, range.events, ops.compare, ops.id);
    case 'fixed-in': {
      if (range.fixed === '0') return false;
      const intro = range.introduced;
      if (intro !== undefined && intro !== '0' && ops.compare(version, intro) < 0) return false;
      return range.fixed === null || ops.compare(version, range.fixed) < 0;
    }
    case 'expression':
      return ops.matchExpression ? ops.matchExpression(version, range.expression) : matchComparators(version, range.expression, ops.compare, ops.id);
    case 'versions':
      return range.versions.some((v) => ops.compare(version, v) === 0);
    case 'any':
      return range.ranges.some((r) => evaluateRange(version, r, ops));
  }
}

/** Orders two decimal digit strings numerically, at any length (leading zeros ignored; "" counts as 0). */
export function compareDigitStrings(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === 48) i++;
  let j = 0;
  while (j < b.length && b.charCodeAt(j) === 48) j++;
  const la = a.length - i;
  const lb = b.length - j;
  if (la !== lb) return la < lb ? -1 : 1;
  for (; i < a.length; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** An `isValid` made from a parser that throws on what it cannot read: never throws itself. */
export function validBy(parse: (v: string) => unknown): (v: string) => boolean {
  return (v) => {
    try {
      parse(v);
      return true;
    } catch {
      return false;
    }
  };
}

/**
 * A version order stated as what the scheme is: a parse (which throws `VersionError` on a version it cannot
 * order) and an order of parsed versions. Each side is parsed once; the result is -1, 0 or 1.
 */
export function orderBy<T>(parse: (v: string) => T, order: (a: T, b: T) => number): (a: string, b: string) => number {
  return (a, b) => sign(order(parse(a), parse(b)));
}

/** What a scheme stated as a parse and an order of parsed versions answers: validity (the parse succeeds) and order. */
export function parsedOrder<T>(parse: (v: string) => T, order: (a: T, b: T) => number): Pick<VersionScheme, 'isValid' | 'compare'> {
  return { isValid: validBy(parse), compare: orderBy(parse, order) };
}

/**
 * Orders two lists element by element, as far as the longer one goes (the shorter one's missing elements are
 * `undefined` to `order`): the first element that differs decides.
 */
export function orderElementwise<T>(a: readonly T[], b: readonly T[], order: (x: T | undefined, y: T | undefined) => number): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = order(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** Clamps a comparison result to -1, 0 or 1. */
export function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}
