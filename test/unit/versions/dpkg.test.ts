import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { dpkg, isPolicyDpkgVersion, dpkgCompare, parseDpkgVersion } from '../../../src/versions/dpkg.js';
import { comparatorProperties, hugePair, itOrders, itRejects, type OrderCase, stringFrom } from './support.js';

// Versions in the order compare(a, b) gives them
const CASES: (string | OrderCase)[] = [
  '1.0 = 1.0',
  '1.0~rc1 < 1.0',
  '1.0~ < 1.0',
  '1.0~~ < 1.0~',
  '1.0~~a > 1.0~~',
  '1.0~ < 1.0~a',
  '1.0~rc1 < 1.0~rc2',
  '1.0.0~beta2 < 1.0.0~beta10',
  '1:0.1 > 2.0',
  '2:1.0 > 1:9.9',
  '10:1 > 9:1',
  '0:1.0 = 1.0',
  '1.0 = 1.0-0',
  '1.0-0 < 1.0-1',
  '1.0 < 1.0.0',
  '1.0 = 1.00',
  '1.01 = 1.1',
  '1.001 = 1.1',
  '9 < 10',
  '0.9 < 0.10',
  '1.0a > 1.0',
  '1.0a < 1.0+',
  '1.0+ < 1.0.',
  '1.0 < 1.a',
  '1.a < 1.+',
  '1.0+~ < 1.0+',
  '1.0-1 < 1.0-2',
  '1.0-10 > 1.0-9',
  '1.0-a > 1.0-1',
  '3.0-1 > 3.0-1~',
  '1.0-1ubuntu1 > 1.0-1',
  '1.0-1ubuntu1 < 1.0-1.1',
  '1.0-1~bpo12+1 < 1.0-1',
  '2.30-1+deb12u1 > 2.30-1',
  '7.88.1-10+deb12u5 < 7.88.1-10+deb12u12',
  '1.2.3+dfsg-1 > 1.2.3-1',
  '1.2.3+dfsg-1 < 1.2.4-1',
  '1:2.0~rc1-1 < 1:2.0-1',
  '2.36-9+deb12u4 < 2.36-9+deb12u10',
  '1.2-3-4 > 1.2-3',
  '1:1.2:3-4 > 1:1.2-4',
  '3.0.11-1~deb12u2 < 3.0.11-1',
  '1.0+git20240101 > 1.0+git20231231',
  '0.0~git20240101.abc1234-1 = 0.0~git20240101.abc1234-1',
  '1A < 1a',
  '1.0 < 1.0-0.0',
  [' 1.0 ', '1.0', 0],
  '2147483647:1 > 2147483646:9',
];

describe('dpkg order', () => {
  itOrders(dpkgCompare, CASES, {
    also: (a, b, want) => expect(dpkg.satisfies(a, { kind: 'expression', expression: `${want < 0 ? '<<' : want > 0 ? '>>' : '='} ${b}` })).toBe(true),
  });

  it('splits epoch, upstream and revision (revision after the last hyphen)', () => {
    expect(parseDpkgVersion('1:2.3-4-5')).toEqual({ epoch: '1', upstream: '2.3-4', revision: '5' });
    expect(parseDpkgVersion('2.3')).toEqual({ epoch: '0', upstream: '2.3', revision: '' });
  });

  // What dpkg itself refuses (an error); what it only warns about is compared (below).
  const INVALID = ['', ' ', '1:', ':1', '-1', '1.0-', 'x:1.0', '1 0', '-1:1.0', '2147483648:1', '1.0-1:2'];
  const WARNED = ['a1', '1.0_1', '1.0-1_2', 'é', '1:a', '1.0-1.el6.x86_64'];
  it.each(WARNED)('compares %j as dpkg does, with only a warning, outside policy', (v) => {
    expect(dpkg.isValid(v)).toBe(true);
    expect(isPolicyDpkgVersion(v)).toBe(false);
    expect(dpkgCompare(v, v)).toBe(0);
  });
  itRejects(dpkg, INVALID);

  it('compares digit runs of any length without losing precision', () => {
    const [lo, hi] = hugePair(400);
    expect(dpkgCompare(`1.${lo}`, `1.${hi}`)).toBe(-1);
    expect(dpkgCompare(`${hi}`, `${lo}`)).toBe(1);
    expect(dpkgCompare(`1.${lo}-${hi}`, `1.${lo}-${lo}`)).toBe(1);
    expect(dpkgCompare(`1.000${lo}`, `1.${lo}`)).toBe(0);
    expect(dpkgCompare(`1.${'9'.repeat(400)}`, `1.1${'0'.repeat(400)}`)).toBe(-1);
  });
});

describe('dpkg properties', () => {
  const upstream = fc
    .tuple(fc.constantFrom('0', '1', '2', '10', '007'), stringFrom(['0', '1', '9', '12', 'a', 'z', 'A', '.', '+', '~', '~~', '-'], 0, 6))
    .map(([d, rest]) => d + rest);
  const version = fc
    .tuple(
      fc.option(fc.constantFrom('0', '1', '2', '00'), { nil: undefined }),
      upstream,
      fc.option(stringFrom(['0', '1', '2', 'a', 'b', '.', '+', '~'], 1, 5), { nil: undefined }),
      fc.option(fc.constantFrom('9'.repeat(60), '1'.repeat(400)), { nil: undefined }),
    )
    .map(([e, u, r, big]) => `${e !== undefined ? `${e}:` : ''}${u}${big ?? ''}${r !== undefined ? `-${r}` : ''}`);
  comparatorProperties(dpkg, version);
});
