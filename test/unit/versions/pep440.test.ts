import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { normalizePep440, pep440, pep440Compare, pep440Satisfies } from '../../../src/versions/pep440.js';
import { VersionError } from '../../../src/versions/scheme.js';
import { comparatorProperties, hugePair, itOrders, itRejects, stringFrom } from './support.js';

/** Strictly increasing, as PEP 440's ordering rules put them. */
const ORDERED = [
  '1.0.dev456',
  '1.0a1',
  '1.0a2.dev456',
  '1.0a12.dev456',
  '1.0a12',
  '1.0b1.dev456',
  '1.0b2',
  '1.0b2.post345.dev456',
  '1.0b2.post345',
  '1.0rc1.dev456',
  '1.0rc1',
  '1.0',
  '1.0+abc.5',
  '1.0+abc.7',
  '1.0+5',
  '1.0.post456.dev34',
  '1.0.post456',
  '1.0.15',
  '1.1.dev1',
  '1.1',
  '2.0',
  '1!0.1',
];

// Spellings that normalise to the same version: [spelling, canonical]
const EQUAL: Array<[string, string]> = [
  ['1.0.0a1', '1.0a1'],
  ['1.0-1', '1.0.post1'],
  ['1.0.post', '1.0.post0'],
  ['1.0alpha1', '1.0a1'],
  ['1.0-beta.2', '1.0b2'],
  ['1.0c1', '1.0rc1'],
  ['1.0pre1', '1.0rc1'],
  ['1.0preview1', '1.0rc1'],
  ['1.0-dev', '1.0.dev0'],
  ['1.0.r1', '1.0.post1'],
  ['1.0rev1', '1.0.post1'],
  ['1.0_post_1', '1.0.post1'],
  ['v1.0', '1.0'],
  ['V1.0', '1.0'],
  ['0!1.0', '1.0'],
  ['1.0+ubuntu-1', '1.0+ubuntu.1'],
  ['1.0+UBUNTU_1', '1.0+ubuntu.1'],
  ['01.0', '1.0'],
  ['1.0', '1.0.0.0'],
  ['1.0RC1', '1.0rc1'],
  ['  1.0  ', '1.0'],
  ['1.0a', '1.0a0'],
];

// Versions in the order compare(a, b) gives them
const CASES = [
  '1.0.dev0 < 1.0a1',
  '1.0a1 < 1.0',
  '1.0 < 1.0.post1',
  '1.0.dev0 < 1.0',
  '1.0.post1.dev0 < 1.0.post1',
  '1.0.post1.dev0 > 1.0',
  '1!0.1 > 2.0',
  '1.0+local > 1.0',
  '1.0+a < 1.0+1',
  '1.0+1.a > 1.0+1',
  '1.0+abc < 1.0+abd',
  '1.0+2 < 1.0+10',
  '1.0a1 < 1.0b0',
  '1.0b9 < 1.0rc0',
  '1.0rc1 = 1.0.0rc1',
  '1.9 < 1.10',
  '2.0.0 = 2',
  '2.0.1 > 2',
  '1.0a1.post1 < 1.0a2',
  '1.0a1.post1 > 1.0a1',
];

describe('pep440 order', () => {
  it('puts the PEP 440 example list in strictly increasing order', () => {
    for (let i = 0; i + 1 < ORDERED.length; i++) {
      const a = ORDERED[i] ?? '';
      const b = ORDERED[i + 1] ?? '';
      expect(pep440Compare(a, b), `${a} < ${b}`).toBe(-1);
    }
    expect([...ORDERED].reverse().sort(pep440Compare)).toEqual(ORDERED);
  });

  it.each(EQUAL)('%s normalises to %s', (a, canonical) => {
    expect(pep440Compare(a, canonical)).toBe(0);
    const normal = normalizePep440(a);
    expect(normalizePep440(normal)).toBe(normal);
    expect(pep440Compare(normal, canonical)).toBe(0);
  });

  it('writes the canonical form', () => {
    expect(normalizePep440('1.0.0a1')).toBe('1.0.0a1');
    expect(normalizePep440('1.0alpha1')).toBe('1.0a1');
    expect(normalizePep440('1.0-dev')).toBe('1.0.dev0');
    expect(normalizePep440('1.0.post')).toBe('1.0.post0');
    expect(normalizePep440('v1.0c1')).toBe('1.0rc1');
    expect(normalizePep440('1.0-1')).toBe('1.0.post1');
    expect(normalizePep440('1!01.02ALPHA03.POST04.DEV05+Ubuntu-006')).toBe('1!1.2a3.post4.dev5+ubuntu.6');
    expect(normalizePep440('0!1.0')).toBe('1.0');
  });

  itOrders(pep440Compare, CASES, { exact: true });

  const INVALID = [
    '',
    ' ',
    'a',
    '1.0.',
    '.1',
    '1..0',
    '1.0+',
    '1.0+local+more',
    '1.0-foo',
    '1.0b2.dev.post1',
    '1.0_',
    '1,0',
    'é',
    '1.0++',
    '!1.0',
    '1!',
    '1.*',
  ];
  itRejects(pep440, INVALID);

  it('compares numbers of any length without losing precision', () => {
    const [lo, hi] = hugePair(400);
    expect(pep440Compare(`1.${lo}`, `1.${hi}`)).toBe(-1);
    expect(pep440Compare(`${hi}!1.0`, `${lo}!9.0`)).toBe(1);
    expect(pep440Compare(`1.0a${lo}`, `1.0a${hi}`)).toBe(-1);
    expect(pep440Compare(`1.0.post${hi}`, `1.0.post${lo}`)).toBe(1);
    expect(pep440Compare(`1.0+${lo}`, `1.0+${hi}`)).toBe(-1);
    expect(pep440Compare(`1.${lo}.0`, `1.${lo}`)).toBe(0);
  });
});

// [version, specifier set, inside?]
const SPECS: Array<[string, string, boolean]> = [
  ['1.5', '>=1.0,<2.0', true],
  ['2.0', '>=1.0,<2.0', false],
  ['0.9', '>=1.0,<2.0', false],
  ['1.0', '>=1.0, <2.0', true],
  ['2.2', '~=2.2', true],
  ['2.9.1', '~=2.2', true],
  ['3.0', '~=2.2', false],
  ['2.1', '~=2.2', false],
  ['1.4.5', '~=1.4.5', true],
  ['1.4.9', '~=1.4.5', true],
  ['1.5.0', '~=1.4.5', false],
  ['2.2.post3', '~=2.2.post3', true],
  ['2.3', '~=2.2.post3', true],
  ['1.0', '==1.*', true],
  ['1.9.9', '==1.*', true],
  ['1.0a1', '==1.*', true],
  ['2.0', '==1.*', false],
  ['1.1.5', '==1.1.*', true],
  ['1.1', '==1.1.*', true],
  ['1.10', '==1.1.*', false],
  ['1', '==1.0.*', true],
  ['1.3', '!=1.3', false],
  ['1.3.0', '!=1.3', false],
  ['1.3.1', '!=1.3', true],
  ['1.3.4', '!=1.3.*', false],
  ['1.4', '!=1.3.*', true],
  ['1.0', '==1.0', true],
  ['1.0.0', '==1.0', true],
  ['1.0+local', '==1.0', true],
  ['1.0', '==1.0+local', false],
  ['1.0+local', '==1.0+local', true],
  ['1.0.post1', '==1.0', false],
  ['2.0a1', '<2.0', false], // `<V` excludes V's own pre-releases
  ['2.0a1', '<2.0b1', true],
  ['2.0.dev0', '<2.0', false],
  ['1.9.dev0', '<2.0', true],
  ['2.0.post1.dev0', '<2.0.post1', false],
  ['1.0a1.post1', '>1.0a1', false],
  ['1.0rc3.post1', '>1.0a1', true],
  ['1.0a1+local', '>1.0a1', false],
  ['1.0a2+local', '>1.0a1', true],
  ['1.9', '<2.0', true],
  ['1.7.post1', '>1.7', false], // `>V` excludes V's post-releases
  ['1.7.1', '>1.7', true],
  ['1.7.post3', '>1.7.post2', true],
  ['1.7+local', '>1.7', false],
  ['1.7+local', '>=1.7', true],
  ['1.7+local', '<=1.7', true],
  ['1.0', '===1.0', true],
  ['1.0.0', '===1.0', false],
  ['1.0rc1', '>=0.9', true], // pre-releases always considered
  ['1.0', '', true],
  ['1!1.0', '>=2.0', true],
  ['1.0', '>=1!0.1', false],
];

describe('pep440 specifiers', () => {
  it.each(SPECS)('%s in %j → %s', (v, spec, want) => {
    expect(pep440Satisfies(v, spec)).toBe(want);
    expect(pep440.satisfies(v, { kind: 'expression', expression: spec })).toBe(want);
  });

  const BAD = ['~=1', '>=1.0+local', 'foo', '>=1.0,,<2', '=>1.0', '>= ', '==1.*.1', '~=1.*', '<1.0.*'];
  it.each(BAD)('rejects the specifier %j', (spec) => {
    expect(() => pep440Satisfies('1.0', spec)).toThrow(VersionError);
  });
});

describe('pep440 properties', () => {
  const version = fc
    .tuple(
      fc.option(fc.constantFrom('0!', '1!'), { nil: '' }),
      stringFrom(['1', '0', '2', '10', '01'], 1, 3).map((s) => s.split('').join('.')),
      fc.option(fc.constantFrom('a', 'b', 'rc', 'alpha', 'c', 'a1', 'b2', 'rc10', '-pre.3'), { nil: '' }),
      fc.option(fc.constantFrom('.post', '.post1', '-2', '.r3', `.post${'7'.repeat(400)}`), { nil: '' }),
      fc.option(fc.constantFrom('.dev', '.dev1', '.dev10'), { nil: '' }),
      fc.option(fc.constantFrom('+abc', '+1', '+abc.1', '+1.abc', '+2'), { nil: '' }),
    )
    .map((p) => p.join(''));
  comparatorProperties(pep440, version);
});

describe('PEP 440 specifier sets as advisories write them', () => {
  it('takes alternatives joined by ||', () => {
    expect(pep440Satisfies('1.2.4', '<1.2.5 || >=2.0,<2.0.3')).toBe(true);
    expect(pep440Satisfies('2.0.1', '<1.2.5 || >=2.0,<2.0.3')).toBe(true);
    expect(pep440Satisfies('1.9', '<1.2.5 || >=2.0,<2.0.3')).toBe(false);
    expect(pep440Satisfies('2.0.3', '<1.2.5||>=2.0,<2.0.3')).toBe(false);
  });

  it('refuses an invalid specifier wherever it stands, never answering false', () => {
    expect(() => pep440Satisfies('1.0', '==1.0.dev1.*')).toThrow(/prefix match \(\.\*\) cannot name a development release/);
    expect(() => pep440Satisfies('1.0', '<1.2.5 || >=banana')).toThrow(VersionError);
    expect(() => pep440Satisfies('9.0', '>=1.0 || ~=1')).toThrow(/~= needs at least two release segments/);
    expect(() => pep440Satisfies('1.0', '>=1.0 ||')).toThrow(/empty specifier/);
    expect(pep440Satisfies('1.0.dev1', '==1.0.*')).toBe(true);
  });
});
