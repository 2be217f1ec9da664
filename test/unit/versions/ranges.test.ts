import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { apk } from '../../../src/versions/apk.js';
import { dpkg } from '../../../src/versions/dpkg.js';
import { pep440 } from '../../../src/versions/pep440.js';
import { rpm } from '../../../src/versions/rpm.js';
import {
  anyOf,
  evaluateOsvEvents,
  exactVersions,
  expression,
  fixedIn,
  matchComparators,
  osvRange,
  parseComparators,
  VersionError,
  type OsvEvent,
} from '../../../src/versions/scheme.js';
import { semver } from '../../../src/versions/semver.js';

const numeric = (a: string, b: string): number => Math.sign(Number(a) - Number(b));

describe('evaluateOsvEvents', () => {
  it('reads introduced "0" as the beginning and fixed as exclusive', () => {
    const events: OsvEvent[] = [{ introduced: '0' }, { fixed: '1.0-2' }];
    expect(evaluateOsvEvents('0.1-1', events, dpkg.compare)).toBe(true);
    expect(evaluateOsvEvents('1.0-1', events, dpkg.compare)).toBe(true);
    expect(evaluateOsvEvents('1.0-2~deb12u1', events, dpkg.compare)).toBe(true);
    expect(evaluateOsvEvents('1.0-2', events, dpkg.compare)).toBe(false);
    expect(evaluateOsvEvents('1:0.1', events, dpkg.compare)).toBe(false);
  });

  it('treats "0" as the beginning even where "0" is not the least version (dpkg 0~ < 0)', () => {
    const events: OsvEvent[] = [{ introduced: '0' }, { fixed: '2.0' }];
    expect(evaluateOsvEvents('0~~', events, dpkg.compare)).toBe(true);
    // "0" is not even a SemVer version, yet it opens the range
    expect(semver.satisfies('0.0.0-0', osvRange([{ introduced: '0' }, { fixed: '2.0.0' }]))).toBe(true);
  });

  it('reads last_affected as inclusive', () => {
    const events: OsvEvent[] = [{ introduced: '1.0' }, { last_affected: '1.5' }];
    expect(evaluateOsvEvents('0.9', events, numeric)).toBe(false);
    expect(evaluateOsvEvents('1.0', events, numeric)).toBe(true);
    expect(evaluateOsvEvents('1.5', events, numeric)).toBe(true);
    expect(evaluateOsvEvents('1.51', events, numeric)).toBe(false);
  });

  it('sorts events before walking them (several intervals, given out of order)', () => {
    const events: OsvEvent[] = [{ fixed: '23' }, { introduced: '20' }, { fixed: '12' }, { introduced: '10' }];
    const hits = ['5', '10', '11', '12', '15', '20', '22', '23', '30'].filter((v) => evaluateOsvEvents(v, events, numeric));
    expect(hits).toEqual(['10', '11', '20', '22']);
  });

  it('affects everything from introduced on when nothing fixes it', () => {
    expect(evaluateOsvEvents('99', [{ introduced: '3' }], numeric)).toBe(true);
    expect(evaluateOsvEvents('2', [{ introduced: '3' }], numeric)).toBe(false);
  });

  it('affects nothing without an introduced event', () => {
    expect(evaluateOsvEvents('1', [{ fixed: '3' }], numeric)).toBe(false);
    expect(evaluateOsvEvents('1', [], numeric)).toBe(false);
  });

  it('makes introduced X, fixed X empty and introduced X, last_affected X a single version', () => {
    expect(['4', '5', '6'].filter((v) => evaluateOsvEvents(v, [{ fixed: '5' }, { introduced: '5' }], numeric))).toEqual([]);
    expect(['4', '5', '6'].filter((v) => evaluateOsvEvents(v, [{ last_affected: '5' }, { introduced: '5' }], numeric))).toEqual(['5']);
  });

  it('bounds the range by limit events (exclusive; "*" is no limit)', () => {
    const limited: OsvEvent[] = [{ introduced: '0' }, { limit: '20' }];
    expect(evaluateOsvEvents('19', limited, numeric)).toBe(true);
    expect(evaluateOsvEvents('20', limited, numeric)).toBe(false);
    expect(evaluateOsvEvents('5000', [{ introduced: '0' }, { limit: '*' }], numeric)).toBe(true);
    expect(evaluateOsvEvents('25', [{ introduced: '0' }, { limit: '20' }, { limit: '30' }], numeric)).toBe(true);
  });

  it('uses the scheme equality (dpkg 1.0 = 1.0-0)', () => {
    expect(evaluateOsvEvents('1.0', [{ introduced: '0' }, { fixed: '1.0-0' }], dpkg.compare)).toBe(false);
    expect(evaluateOsvEvents('1.0', [{ introduced: '1.0-0' }, { last_affected: '1.00' }], dpkg.compare)).toBe(true);
  });

  it('rejects malformed events and invalid versions with VersionError', () => {
    expect(() => evaluateOsvEvents('1', [{} as OsvEvent], numeric)).toThrow(VersionError);
    expect(() => evaluateOsvEvents('1', [{ introduced: '1', fixed: '2' }], numeric)).toThrow(/exactly one/);
    expect(() => evaluateOsvEvents('1', [{ introduced: '' }], numeric)).toThrow(VersionError);
    expect(() => evaluateOsvEvents('1.0', [{ introduced: '0' }, { fixed: 'not a version' }], dpkg.compare)).toThrow(VersionError);
    expect(() => dpkg.satisfies('bo gus', osvRange([{ introduced: '0' }]))).toThrow(VersionError);
    expect(() => evaluateOsvEvents('1:', [{ introduced: '0' }], dpkg.compare)).toThrow(VersionError);
    expect(() => apk.satisfies('bogus', fixedIn('0'))).toThrow(VersionError);
    expect(() => rpm.satisfies('1 0', anyOf([]))).toThrow(VersionError);
  });

  it('agrees with the interval reading on well-formed ranges (property)', () => {
    const arb = fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 2, maxLength: 10 }).chain((bounds) => {
      const sorted = [...bounds].sort((a, b) => a - b);
      const pairs: Array<[number, number | undefined]> = [];
      for (let i = 0; i < sorted.length; i += 2) pairs.push([sorted[i] ?? 0, sorted[i + 1]]);
      return fc.tuple(
        fc.constant(pairs),
        fc.shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length }),
        fc.boolean(),
        fc.integer({ min: 0, max: 210 }),
      );
    });
    fc.assert(
      fc.property(arb, ([pairs, shuffled, lastAffected, v]) => {
        const events: OsvEvent[] = shuffled.flatMap(([lo, hi]): OsvEvent[] => {
          const out: OsvEvent[] = [{ introduced: String(lo) }];
          if (hi !== undefined) out.push(lastAffected ? { last_affected: String(hi) } : { fixed: String(hi) });
          return out;
        });
        const want = pairs.some(([lo, hi]) => v >= lo && (hi === undefined || (lastAffected ? v <= hi : v < hi)));
        return evaluateOsvEvents(String(v), events, numeric) === want;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('fixed-in ranges', () => {
  it('Debian fixed_version: affected below the fix', () => {
    const r = fixedIn('2.36-9+deb12u4');
    expect(dpkg.satisfies('2.36-9+deb12u3', r)).toBe(true);
    expect(dpkg.satisfies('2.36-9', r)).toBe(true);
    expect(dpkg.satisfies('2.36-9+deb12u4', r)).toBe(false);
    expect(dpkg.satisfies('2.36-9+deb12u10', r)).toBe(false);
  });

  it('Alpine secdb "fixed in": -r revisions and _rc suffixes count', () => {
    const r = fixedIn('1.2.3-r1');
    expect(apk.satisfies('1.2.3-r0', r)).toBe(true);
    expect(apk.satisfies('1.2.3_rc9-r5', r)).toBe(true);
    expect(apk.satisfies('1.2.3-r1', r)).toBe(false);
    expect(apk.satisfies('1.2.3_p1-r0', r)).toBe(false);
  });

  it('fixed "0" means never affected; fixed null means not fixed yet', () => {
    expect(dpkg.satisfies('0~~', fixedIn('0'))).toBe(false);
    expect(apk.satisfies('9.9-r9', fixedIn('0'))).toBe(false);
    expect(dpkg.satisfies('99:9', fixedIn(null))).toBe(true);
    expect(rpm.satisfies('1.0-1', fixedIn(null, '1.1'))).toBe(false);
    expect(rpm.satisfies('1.1-1', fixedIn(null, '1.1'))).toBe(true);
  });

  it('honours introduced', () => {
    const r = fixedIn('3.0.7-25.el9', '3.0.0');
    expect(rpm.satisfies('2.9-1', r)).toBe(false);
    expect(rpm.satisfies('3.0.7-24.el9', r)).toBe(true);
    expect(rpm.satisfies('1:3.0.7-24.el9', r)).toBe(false);
    expect(rpm.satisfies('3.0.7-1', fixedIn('3.0.7-25.el9', '0'))).toBe(true);
  });
});

describe('comparator expressions (dpkg, apk, rpm)', () => {
  it('parses alternatives of conjunctions', () => {
    expect(parseComparators('>= 1.0, << 2.0 || = 3.1')).toEqual([
      [
        { op: '>=', version: '1.0' },
        { op: '<', version: '2.0' },
      ],
      [{ op: '=', version: '3.1' }],
    ]);
    expect(parseComparators('>=1:1.0-1 <<1:2.0~rc1')).toEqual([
      [
        { op: '>=', version: '1:1.0-1' },
        { op: '<', version: '1:2.0~rc1' },
      ],
    ]);
    expect(parseComparators('*')).toEqual([[]]);
  });

  it('evaluates with the scheme order', () => {
    const r = expression('>= 1.0, << 2.0~');
    expect(dpkg.satisfies('1.5-1', r)).toBe(true);
    expect(dpkg.satisfies('2.0~rc1', r)).toBe(false);
    expect(dpkg.satisfies('1.0~rc1', r)).toBe(false);
    expect(apk.satisfies('1.2_p1-r0', expression('> 1.2 <= 1.2_p1-r0'))).toBe(true);
    expect(rpm.satisfies('1.0^git1', expression('>> 1.0, < 1.0.1'))).toBe(true);
    expect(rpm.satisfies('5.0', expression('< 1 || != 4.0'))).toBe(true);
    expect(rpm.satisfies('4.0', expression('< 1 || != 4.0'))).toBe(false);
    expect(dpkg.satisfies('7', expression('*'))).toBe(true);
    expect(matchComparators('3', '> 2 < 4', (a, b) => Number(a) - Number(b))).toBe(true);
  });

  it.each(['', '   ', '1.0', '>= ', 'foo 1.0', '>= 1.0 ||', '=> 1.0', '>=1.0,,<2'])('rejects %j', (text) => {
    expect(() => dpkg.satisfies('1.0', expression(text))).toThrow(VersionError);
  });
});

describe('versions and unions', () => {
  it('matches listed versions by scheme equality', () => {
    const r = exactVersions(['1.0', '1.1']);
    expect(dpkg.satisfies('1.0-0', r)).toBe(true);
    expect(dpkg.satisfies('1.01', r)).toBe(true);
    expect(dpkg.satisfies('1.2', r)).toBe(false);
    expect(pep440.satisfies('1.0.0', r)).toBe(true);
    expect(semver.satisfies('1.0.0', exactVersions(['v1.0.0']))).toBe(true);
  });

  it('unions any kinds', () => {
    const r = anyOf([osvRange([{ introduced: '1.0' }, { fixed: '1.2' }]), expression('>=2.0,<2.1'), exactVersions(['3.0'])]);
    const hits = ['0.9', '1.1', '1.2', '2.0.5', '2.1', '3.0', '3.0.0', '3.1'].filter((v) => pep440.satisfies(v, r));
    expect(hits).toEqual(['1.1', '2.0.5', '3.0', '3.0.0']);
    expect(dpkg.satisfies('1.0', anyOf([]))).toBe(false);
  });
});
