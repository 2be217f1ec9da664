// Go, Maven (ComparableVersion) and RubyGems (Gem::Version) orders: tables from each tool's own tests, and properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gem, gemCompare, go, goCompare, maven, mavenCompare, VersionError } from '../../../src/versions/index.js';

/** Every version in the list is lower than every later one. */
function expectAscending(compare: (a: string, b: string) => number, list: readonly string[]): void {
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      expect([list[i], list[j], compare(list[i] as string, list[j] as string)]).toEqual([list[i], list[j], -1]);
      expect(compare(list[j] as string, list[i] as string)).toBe(1);
    }
  }
}

describe('Maven ComparableVersion', () => {
  // The orders of Maven's own ComparableVersionTest (VERSIONS_QUALIFIER, VERSIONS_NUMBER).
  it('orders qualifiers: alpha < beta < milestone < rc < snapshot < release < sp < unknown', () => {
    expectAscending(mavenCompare, [
      '1-alpha2snapshot',
      '1-alpha2',
      '1-alpha-123',
      '1-beta-2',
      '1-beta123',
      '1-m2',
      '1-m11',
      '1-rc',
      '1-cr2',
      '1-rc123',
      '1-SNAPSHOT',
      '1',
      '1-sp',
      '1-sp2',
      '1-sp123',
      '1-abc',
      '1-def',
      '1-pom-1',
      '1-1-snapshot',
      '1-1',
      '1-2',
      '1-123',
    ]);
  });

  it('orders numbers and mixed versions', () => {
    expectAscending(mavenCompare, [
      '2.0',
      '2.0.a',
      '2-1',
      '2.0.2',
      '2.0.123',
      '2.1.0',
      '2.1-a',
      '2.1b',
      '2.1-c',
      '2.1-1',
      '2.1.0.1',
      '2.2',
      '2.123',
      '11.a2',
      '11.a11',
      '11.b2',
      '11.b11',
      '11.m2',
      '11.m11',
      '11',
      '11.a',
      '11b',
      '11c',
      '11m',
    ]);
  });

  it.each([
    ['1', '1.0'],
    ['1', '1.0.0'],
    ['1.0', '1.0.0'],
    ['1', '1-0'],
    ['1', '1.0-0'],
    ['1a', '1-a'],
    ['1a', '1.0-a'],
    ['1a1', '1-a1'],
    ['1a1', '1-alpha-1'],
    ['1b2', '1-beta-2'],
    ['1m3', '1-milestone-3'],
    ['1X', '1x'],
    ['1A', '1a'],
    ['1cr', '1rc'],
    ['1ga', '1'],
    ['1final', '1'],
    ['1release', '1'],
    ['1-SNAPSHOT', '1-snapshot'],
  ])('%s equals %s', (a, b) => {
    expect(mavenCompare(a, b)).toBe(0);
  });

  it('is a total order: antisymmetric and transitive on generated versions', () => {
    const part = fc.oneof(fc.nat({ max: 20 }).map(String), fc.constantFrom('alpha', 'beta', 'm', 'rc', 'cr', 'snapshot', 'ga', 'final', 'sp', 'xyz', 'a', 'b'));
    const version = fc
      .array(fc.tuple(part, fc.constantFrom('.', '-', '')), { minLength: 1, maxLength: 5 })
      .map((ps) => ps.map(([p, s], i) => (i === 0 ? p : s + p)).join(''));
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(Math.sign(mavenCompare(a, b))).toBe(-Math.sign(mavenCompare(b, a)) || 0);
        if (mavenCompare(a, b) <= 0 && mavenCompare(b, c) <= 0) expect(mavenCompare(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 400 },
    );
  });

  it('matches OSV ranges and rejects hostile input quickly', () => {
    expect(maven.satisfies('2.14.1', { kind: 'osv', events: [{ introduced: '2.0-beta9' }, { fixed: '2.15.0' }] })).toBe(true);
    expect(maven.satisfies('2.15.0', { kind: 'osv', events: [{ introduced: '2.0-beta9' }, { fixed: '2.15.0' }] })).toBe(false);
    expect(maven.isValid('')).toBe(false);
    expect(maven.isValid('1'.repeat(300))).toBe(false);
    expect(() => mavenCompare('', '1')).toThrow(VersionError);
  });
});

describe('RubyGems Gem::Version', () => {
  it('orders as Gem::Version does (a letter makes a pre-release)', () => {
    expectAscending(gemCompare, ['0.9', '1.0.a', '1.0.a.1', '1.0.b1', '1.0.rc1', '1.0', '1.0.1', '1.1', '1.2.3', '1.10']);
    expectAscending(gemCompare, ['5.2.4.rc1', '5.2.4', '5.2.4.1', '6.0.0.beta1', '6.0.0']);
  });

  it.each([
    ['1.0', '1'],
    ['1.0.0', '1'],
    ['1.0.a', '1.a'],
    ['1.0-1', '1.0.pre.1'],
  ])('%s equals %s', (a, b) => expect(gemCompare(a, b)).toBe(0));

  it('is antisymmetric on generated versions, and rejects what is not a gem version', () => {
    const seg = fc.oneof(fc.nat({ max: 30 }).map(String), fc.constantFrom('a', 'b', 'rc', 'pre', 'beta'));
    const v = fc.tuple(fc.nat({ max: 9 }), fc.array(seg, { maxLength: 4 })).map(([h, r]) => [String(h), ...r].join('.'));
    fc.assert(
      fc.property(v, v, (a, b) => {
        expect(Math.sign(gemCompare(a, b))).toBe(-Math.sign(gemCompare(b, a)) || 0);
      }),
      { numRuns: 300 },
    );
    expect(gem.isValid('not a version')).toBe(false);
    expect(gem.isValid('1.2.3')).toBe(true);
  });
});

describe('Go module versions', () => {
  it('compares with or without the v, ignoring +incompatible, pseudo-versions as pre-releases', () => {
    expect(goCompare('v1.2.3', '1.2.3')).toBe(0);
    expect(goCompare('v2.0.0+incompatible', '2.0.0')).toBe(0);
    expectAscending(goCompare, ['v0.0.0-20210101000000-abcdefabcdef', 'v0.1.0', 'v1.2.3-rc.1', 'v1.2.3', 'v1.10.0']);
    expect(go.satisfies('v0.17.0', { kind: 'osv', events: [{ introduced: '0' }, { fixed: '0.17.1' }] })).toBe(true);
    expect(go.isValid('(devel)')).toBe(false);
  });
});
