import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { VersionError } from '../../../src/versions/scheme.js';
import { semver, semverCompare, semverSatisfies } from '../../../src/versions/semver.js';
import { comparatorProperties, itOrders, itRejects, type OrderCase, SEMVER_11_EXAMPLE, stringFrom } from './support.js';

// Versions in the order compare(a, b) gives them
const CASES: (string | OrderCase)[] = [
  '1.0.0 = 1.0.0',
  '1.0.0 < 2.0.0',
  '2.0.0 > 1.99.99',
  '1.10.0 > 1.9.0',
  '1.0.10 > 1.0.9',
  ...SEMVER_11_EXAMPLE,
  '1.0.0-alpha < 1.0.0',
  '1.0.0-1 < 1.0.0-alpha',
  '1.0.0-2 < 1.0.0-10',
  '1.0.0-a.2 < 1.0.0-a.10',
  '1.0.0-A < 1.0.0-a',
  '1.0.0-rc.1 < 1.0.0-rc.1.0',
  // build metadata does not take part in precedence
  '1.0.0+build.1 = 1.0.0+build.2',
  '1.0.0+build = 1.0.0',
  '1.0.0-rc.1+build.1 = 1.0.0-rc.1',
  // loose spellings npm accepts
  'v1.2.3 = 1.2.3',
  '=1.2.3 = 1.2.3',
  '1.2.3beta = 1.2.3-beta',
  [' 1.2.3 ', '1.2.3', 0],
  '01.2.3 = 1.2.3',
  '4.17.21 > 4.17.20',
  '0.0.0 < 0.0.1',
  '9007199254740990.0.0 > 9007199254740989.0.0',
];

describe('semver order', () => {
  itOrders(semverCompare, CASES, { exact: true });

  const INVALID = ['', ' ', '1', '1.2', '1.2.3.4', 'a.b.c', '1.2.x', '^1.2.3', '>=1.0.0', `${'9'.repeat(400)}.0.0`, '9007199254740993.0.0', 'é'];
  itRejects(semver, INVALID, '1.0.0');

  it('orders long numeric pre-release identifiers exactly (the semver package would round them)', () => {
    const a = `1.0.0-${'9'.repeat(200)}0`;
    const b = `1.0.0-${'9'.repeat(200)}1`;
    expect(semverCompare(a, b)).toBe(-1);
    expect(semverCompare(b, a)).toBe(1);
    expect(semverCompare(`1.0.0-x.${'1'.repeat(100)}`, `1.0.0-x.${'1'.repeat(99)}`)).toBe(1);
  });
});

// [version, npm range, inside?]
const RANGES: Array<[string, string, boolean]> = [
  ['1.3.0', '>=1.2.0 <1.4.5', true],
  ['1.2.0', '>=1.2.0 <1.4.5', true],
  ['1.4.5', '>=1.2.0 <1.4.5', false],
  ['1.1.9', '>=1.2.0 <1.4.5', false],
  ['1.4.5-rc.1', '>=1.2.0 <1.4.5', true],
  ['1.4.0-beta', '>=1.2.0 <1.4.5', true],
  ['1.9.9', '^1.2.3', true],
  ['2.0.0', '^1.2.3', false],
  ['0.2.5', '^0.2.3', true],
  ['0.3.0', '^0.2.3', false],
  ['1.2.9', '~1.2.3', true],
  ['1.3.0', '~1.2.3', false],
  ['2.3.4', '1.2.3 - 2.3.4', true],
  ['2.3.5', '1.2.3 - 2.3.4', false],
  ['3.1.0', '<1.0.0 || >=3.0.0', true],
  ['2.0.0', '<1.0.0 || >=3.0.0', false],
  ['1.2.7', '1.2.x', true],
  ['5.0.0', '*', true],
  ['v1.2.3', '=1.2.3', true],
];

describe('semver ranges', () => {
  it.each(RANGES)('%s in %j → %s', (v, range, want) => {
    expect(semverSatisfies(v, range)).toBe(want);
    expect(semver.satisfies(v, { kind: 'expression', expression: range })).toBe(want);
  });

  it('throws VersionError on an unreadable range or version', () => {
    expect(() => semverSatisfies('1.0.0', '>=> 1')).toThrow(VersionError);
    expect(() => semverSatisfies('not-a-version', '>=1.0.0')).toThrow(VersionError);
  });

  it('evaluates OSV SEMVER events', () => {
    const range = { kind: 'osv', events: [{ introduced: '0' }, { fixed: '1.4.5' }] } as const;
    expect(semver.satisfies('1.4.4', range)).toBe(true);
    expect(semver.satisfies('1.4.5-rc.1', range)).toBe(true);
    expect(semver.satisfies('1.4.5', range)).toBe(false);
  });
});

describe('semver properties', () => {
  const num = fc.constantFrom('0', '1', '2', '10', '9007199254740991');
  const pre = stringFrom(['alpha', 'beta', 'rc', '0', '1', '2', '11', 'A', 'x-y', '9'.repeat(120)], 1, 3).map((s) => s);
  const version = fc
    .tuple(
      num,
      num,
      num,
      fc.option(fc.array(pre, { minLength: 1, maxLength: 3 }), { nil: undefined }),
      fc.option(fc.constantFrom('b1', 'exp.sha.5114f85'), { nil: undefined }),
    )
    .map(([a, b, c, p, build]) => `${a}.${b}.${c}${p ? `-${p.join('.')}` : ''}${build ? `+${build}` : ''}`);
  comparatorProperties(semver, version);
});
