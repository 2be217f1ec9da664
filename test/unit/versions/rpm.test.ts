import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parseEvr, rpm, rpmCompare, rpmvercmp } from '../../../src/versions/rpm.js';
import { comparatorProperties, hugePair, itOrders, itRejects, stringFrom } from './support.js';

// Bare version strings in the order rpmvercmp gives them, beyond rpm's own tests/rpmvercmp.at (vectors.test.ts
// runs every one of those)
const VERCMP = [
  '1.0 = 1..0',
  '1.a < 1.1',
  'A < a',
  '1.0 < 1.0.a',
  // tilde: before anything, even the end
  '1.0~~ < 1.0~',
  '1.0~ < 1.0',
  // caret: after the end, before any further segment
  '1.0^git1 < 1.0.1',
  '1.0~rc1^git1 < 1.0',
  '1.0^ > 1.0~',
  '1.0^1 > 1.0^',
];

// Full EVR strings, in the order rpmCompare gives them
const EVR = [
  '1:0.1 > 2.0',
  '0:1.0 = 1.0',
  '2:1.0-1 > 1:9.9-9',
  '1.0 < 1.0-1',
  '1.0-1 < 1.0-2',
  '1.0-10 > 1.0-9',
  '1.0-1.el9 > 1.0-1.el8',
  '1.0-1.el9_2 > 1.0-1.el9',
  '3.0.7-24.el9 < 3.0.7-25.el9',
  '1:3.0.7-24.el9 > 3.0.8-1.el9',
  '2.34-100.el9_4.2 < 2.34-100.el9_4.12',
  '1.0~rc1-1 < 1.0-1',
  '1.0^git1-1 > 1.0-1',
  '1.0-1~beta < 1.0-1',
  '1.0-1^post > 1.0-1',
  '7.76.1-29.el9_4.1 > 7.76.1-29.el9_4',
];

describe('rpmvercmp', () => {
  itOrders(rpmvercmp, VERCMP, { exact: true, also: (a, b, want) => expect(Math.sign(rpmCompare(a, b))).toBe(want) });
});

describe('rpm EVR order', () => {
  itOrders(rpmCompare, EVR);

  it('parses [epoch:]version[-release] with the release after the last hyphen', () => {
    expect(parseEvr('1:2.3-4.el9')).toEqual({ epoch: '1', version: '2.3', release: '4.el9' });
    expect(parseEvr('2.3')).toEqual({ epoch: '0', version: '2.3', release: null });
    expect(parseEvr('0:2.3-1')).toEqual({ epoch: '0', version: '2.3', release: '1' });
  });

  // rpm compares any string; only an empty one or one with blanks is refused (no rpm header holds one).
  const INVALID = ['', '1 0', '1.0-1 ', '\t1', '1.0\n'];
  const UNBUILDABLE = ['-1', '1.0-', ':1.0', 'a:1.0', '1.0-1-2', '1.0/2', 'é', '1:', '1.0-a:b'];
  it.each(UNBUILDABLE)('compares %j as rpm does, though rpmbuild may refuse it', (v) => {
    expect(rpm.isValid(v)).toBe(true);
    expect(rpmCompare(v, v)).toBe(0);
  });
  itRejects(rpm, INVALID);

  it('compares numbers of any length without losing precision', () => {
    const [lo, hi] = hugePair(400);
    expect(rpmCompare(`1.${lo}`, `1.${hi}`)).toBe(-1);
    expect(rpmCompare(`${hi}:1`, `${lo}:2`)).toBe(1);
    expect(rpmCompare(`1.0-${lo}`, `1.0-${hi}`)).toBe(-1);
    expect(rpmCompare(`1.000${lo}`, `1.${lo}`)).toBe(0);
  });
});

describe('rpm properties', () => {
  const part = stringFrom(['0', '1', '2', '10', '007', 'a', 'b', 'rc', 'A', '.', '_', '+', '~', '^'], 1, 7);
  const version = fc
    .tuple(
      fc.option(fc.constantFrom('0', '1', '2', '00'), { nil: undefined }),
      part,
      fc.option(part, { nil: undefined }),
      fc.option(fc.constantFrom('9'.repeat(60), '3'.repeat(400)), { nil: undefined }),
    )
    .map(([e, v, r, big]) => `${e !== undefined ? `${e}:` : ''}${v}${big ?? ''}${r !== undefined ? `-${r}` : ''}`);
  comparatorProperties(rpm, version);
});
