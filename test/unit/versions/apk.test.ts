import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { apk, apkCompare, isValidApkVersion } from '../../../src/versions/apk.js';
import { VersionError } from '../../../src/versions/scheme.js';
import { comparatorProperties, hugePair, itOrders, stringFrom } from './support.js';

// Versions in the order compare(a, b) gives them
const CASES = [
  '1.0 = 1.0',
  '1.2.3_rc1-r0 < 1.2.3-r0',
  '1.2.3_p1 > 1.2.3',
  '1.2.3_p1-r0 > 1.2.3-r5',
  '1.0-r1 < 1.0-r2',
  '1.0-r10 > 1.0-r9',
  '1.0 < 1.0-r0',
  '1.0-r0 < 1.0.1',
  '1.0 < 1.0.0',
  '1.9 < 1.10',
  '2 < 10',
  '1.2.10 > 1.2.9',
  // suffix ranks: alpha < beta < pre < rc < (none) < cvs < svn < git < hg < p
  '1.0_alpha < 1.0_beta',
  '1.0_beta < 1.0_pre',
  '1.0_pre < 1.0_rc',
  '1.0_rc < 1.0',
  '1.0 < 1.0_cvs',
  '1.0_cvs < 1.0_svn',
  '1.0_svn < 1.0_git',
  '1.0_git < 1.0_hg',
  '1.0_hg < 1.0_p',
  '1.0_alpha9 < 1.0_beta1',
  '1.0_rc1 < 1.0_rc2',
  '1.0_rc9 < 1.0_rc10',
  '1.0_rc < 1.0_rc1',
  '1.0_rc0 > 1.0_rc',
  '1.0_rc1 < 1.0_rc1_p2',
  '1.0_rc1 > 1.0_rc1_alpha',
  '1.0_p1 < 1.0_p1_p1',
  '1.0_alpha_beta < 1.0_alpha',
  '1.0_rc1-r1 > 1.0_rc1-r0',
  '1.0_p1 < 1.0.1',
  // letters
  '1.0a < 1.0b',
  '1.0a > 1.0',
  '1.0a < 1.0.1',
  '1.0z > 1.0_p1',
  '1.0a_rc1 < 1.0a',
  '1.0a-r1 < 1.0a_p1',
  // a component with a leading zero compares as a string
  '1.01 < 1.1',
  '1.0 < 1.00',
  '1.010 > 1.01',
  '1.05 < 1.1',
  '1.001 < 1.01',
  '1.09 < 1.1',
  '01 = 1',
  // commit hashes (~hex) rank after suffixes and before the revision
  '1.0~abc > 1.0',
  '1.0~abc-r1 < 1.0~abd-r0',
  '1.0~abc-r1 < 1.0~abc-r2',
  '1.0~abc < 1.0~abcd',
  '1.0~abc > 1.0-r1',
  '1.0_git20240101~0abc12-r0 > 1.0_git20240101-r1',
  '2.40.1-r0 = 2.40.1-r0',
  '3.0.13-r0 > 3.0.12-r1',
  '1.36.1-r15 > 1.36.1-r2',
  '0.9.8h-r0 > 0.9.8g-r1',
  '8.5.0-r0 > 8.4.0_p1-r3',
];

describe('apk order', () => {
  itOrders(apkCompare, CASES);

  it('sorts a release history', () => {
    const history = [
      '1.0_alpha1',
      '1.0_alpha2',
      '1.0_beta1',
      '1.0_pre1',
      '1.0_rc1',
      '1.0_rc1-r1',
      '1.0',
      '1.0-r1',
      '1.0_git1',
      '1.0_p1',
      '1.0_p2',
      '1.0a',
      '1.0.1_rc1',
      '1.0.1',
    ];
    const shuffled = [...history].reverse();
    expect(shuffled.sort(apkCompare)).toEqual(history);
  });

  const INVALID = [
    '',
    'a',
    'v1.0',
    '1.0-r',
    '1.0-x1',
    '1.0-',
    '1.0_foo',
    '1.0_',
    '1.0aa',
    '1.0A',
    '1.a',
    '1..0',
    '1.0.',
    '1.0-r1-r2',
    '1.0~',
    '1.0~xyz',
    '1.0~ABC',
    '1.0 ',
    '1.0_rc1.2',
    '1.0-r1_p1',
    '1.0a.1',
    '1.0a1',
    '1.0-r1~abc',
    '1.0~ab~cd',
    '١.0',
    '1.0_rc1rc',
    '0.9.8zh',
  ];
  it.each(INVALID)('rejects %j as a version, and compares it as apk-tools does only when it starts with a digit', (v) => {
    expect(isValidApkVersion(v)).toBe(false);
    expect(apk.isValid(v)).toBe(/^[0-9]/.test(v));
    if (/^[0-9]/.test(v)) {
      // apk-tools compares the valid tokens before the first invalid one; what follows makes it older.
      expect(apkCompare(v, v)).toBe(0);
      expect(apkCompare(v, '999')).toBe(-1);
    } else {
      expect(() => apkCompare(v, '1.0')).toThrow(VersionError);
      expect(() => apkCompare('1.0', v)).toThrow(/invalid apk version/);
    }
  });

  const VALID = ['1', '0', '1.0a_rc1', '1.0_alpha_beta', '1_p', '1.0~abc123', '1.2.3_rc1_p2~deadbeef-r10', '20240101', '1.0_p-r0'];
  it.each(VALID)('accepts %j', (v) => {
    expect(apk.isValid(v)).toBe(true);
  });

  it('compares numbers of any length without losing precision', () => {
    const [lo, hi] = hugePair(400);
    expect(apkCompare(`1.${lo}`, `1.${hi}`)).toBe(-1);
    expect(apkCompare(hi, lo)).toBe(1);
    expect(apkCompare(`1.0-r${lo}`, `1.0-r${hi}`)).toBe(-1);
    expect(apkCompare(`1.0_rc${hi}`, `1.0_rc${lo}`)).toBe(1);
  });
});

describe('apk properties', () => {
  const version = fc
    .tuple(
      fc.constantFrom('0', '1', '2', '10', '01', '9'.repeat(40)),
      stringFrom(['.0', '.1', '.01', '.10', '.2'], 0, 3),
      fc.option(fc.constantFrom('a', 'b', 'z'), { nil: '' }),
      stringFrom(['_alpha', '_beta', '_pre', '_rc', '_cvs', '_svn', '_git', '_hg', '_p', '1', '2', '10'], 0, 3),
      fc.option(fc.constantFrom('~abc', '~abd', '~0f'), { nil: '' }),
      fc.option(fc.constantFrom('-r0', '-r1', '-r10', `-r${'1'.repeat(400)}`), { nil: '' }),
    )
    .map((parts) => parts.join(''));
  comparatorProperties(apk, version);
});
