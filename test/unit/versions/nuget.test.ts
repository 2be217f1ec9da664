// NuGet version order: tables from NuGet.Versioning's own tests (NuGet/NuGet.Client,
// test/NuGet.Core.Tests/NuGet.Versioning.Test), ranges, and properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedIn, nuget, nugetCompare, osvRange, parseNuGet, VersionError } from '../../../src/versions/index.js';
import { comparatorProperties, itOrders, SEMVER_11_EXAMPLE, stringFrom } from './support.js';

describe('NuGet versions: parsing (NuGetVersionTest, VersionParsingTests)', () => {
  it.each([
    ['1.0.0', [1, 0, 0, 0], []],
    ['2.3-alpha', [2, 3, 0, 0], ['alpha']],
    ['3.4.0.3-RC-3', [3, 4, 0, 3], ['RC-3']],
    ['1.0.0-beta.x.y.5.79.0+aa', [1, 0, 0, 0], ['beta', 'x', 'y', '5', '79', '0']],
    ['1.022', [1, 22, 0, 0], []],
    ['1.3.42.200930-RC-2', [1, 3, 42, 200930], ['RC-2']],
    ['  1.022-Beta', [1, 22, 0, 0], ['Beta']],
    ['   19   .   19   .   19   .   19   ', [19, 19, 19, 19], []],
    ['01.1.1.1', [1, 1, 1, 1], []],
    ['1.1.1.2147483647', [1, 1, 1, 2147483647], []],
    ['1.2.3-X.y3+0', [1, 2, 3, 0], ['X', 'y3']],
    ['1.2.3-0', [1, 2, 3, 0], ['0']],
    ['1.0.0009.01-1.1+A', [1, 0, 9, 1], ['1', '1']],
  ] as const)('%s', (text, numbers, labels) => {
    expect(parseNuGet(text)).toEqual({ numbers, labels });
  });

  it.each([
    '1.2.3.4.5',
    '1.2.3.Beta',
    'So.is.this',
    '1.34.2Alpha',
    '1.4.7-',
    '1.4.7-*',
    '1.4.7+*',
    '1.4.7-AA.01^',
    '1.4.7-A^A',
    '1.2147483648',
    '10000000000000000000',
    '1..2',
    '....',
    '-1.1.1.1',
    '1.-1.1.1',
    '1.',
    '1.1.1.1.',
    '1     1.1.1.1',
    '   19.   1 9',
    '1.2.3-A..B',
    '1.2.3-00',
    '1.2.3-A.00.B',
    '1.2.3-a$b',
    'v1.0.0',
    '',
  ])('rejects %j', (text) => {
    expect(nuget.isValid(text)).toBe(false);
    expect(() => parseNuGet(text)).toThrow(VersionError);
  });
});

describe('NuGet versions: order (VersionComparerTests, VersionComparison.Default)', () => {
  it.each([
    ['1.0.0', '1.0.0'],
    ['1.0.0-BETA', '1.0.0-beta'],
    ['1.0.0-BETA+AA', '1.0.0-beta+aa'],
    ['1.0.0-BETA.X.y.5.77.0+AA', '1.0.0-beta.x.y.5.77.0+aa'],
    ['1.0.0', '1.0.0+beta'],
    ['1.0', '1.0.0.0'],
    ['1.0+test', '1.0.0.0'],
    ['1.0.0.1-1.2.A', '1.0.0.1-1.2.a+A'],
    ['1.0.01', '1.0.1.0'],
  ])('%s = %s', (a, b) => {
    expect(nugetCompare(a, b)).toBe(0);
    expect(nugetCompare(b, a)).toBe(0);
  });

  itOrders(
    nugetCompare,
    [
      '0.0.0 < 1.0.0',
      '1.0.0 < 1.1.0',
      '1.0.0 < 1.0.1',
      '1.999.9999 < 2.1.1',
      '1.0.0-BETA < 1.0.0-beta2',
      '1.0.0-beta+AA < 1.0.0+aa',
      '1.0.0-BETA < 1.0.0-beta.1+AA',
      '1.0.0-BETA.X.y.5.77.0+AA < 1.0.0-beta.x.y.5.79.0+aa',
      '1.0.0-BETA.X.y.5.79.0+AA < 1.0.0-beta.x.y.5.790.0+abc',
      '1.0 < 1.0.0.1',
      '1.0.0.1-1.2.A < 1.0.0.1-1.2.a.A+A',
      '1.0.01 < 1.0.1.2',
      ...SEMVER_11_EXAMPLE,
    ],
    { exact: true },
  );

  it('compares labels numerically only within 32 bits, as int.TryParse does', () => {
    // 2147483648 is not an int: it is compared as text, after every numeric label.
    expect(nugetCompare('1.0.0-2147483647', '1.0.0-2147483648')).toBe(-1);
    expect(nugetCompare('1.0.0-2147483648', '1.0.0-a')).toBe(-1);
    expect(nugetCompare('1.0.0-9', '1.0.0-10')).toBe(-1);
  });

  it('orders labels case-insensitively by upper-cased code unit (hyphen before digits before letters)', () => {
    expect(nugetCompare('1.0.0-a-b', '1.0.0-a0')).toBe(-1);
    expect(nugetCompare('1.0.0-A', '1.0.0-b')).toBe(-1);
    expect(nugetCompare('1.0.0-rc', '1.0.0-RC')).toBe(0);
  });
});

describe('NuGet versions: advisory ranges', () => {
  it('reads GHSA ranges (introduced 0, fixed X) with four-part and pre-release versions', () => {
    const range = osvRange([{ introduced: '0' }, { fixed: '4.3.1' }]);
    expect(nuget.satisfies('4.3.0', range)).toBe(true);
    expect(nuget.satisfies('4.3.1-preview.1', range)).toBe(true);
    expect(nuget.satisfies('4.3.1', range)).toBe(false);
    expect(nuget.satisfies('4.3.1.0', range)).toBe(false);
    expect(nuget.satisfies('4.3.0.9', range)).toBe(true);
    expect(nuget.satisfies('13.0.1', fixedIn('13.0.1'))).toBe(false);
    expect(nuget.satisfies('13.0.1-BETA1', fixedIn('13.0.1-beta2'))).toBe(true);
  });
});

describe('NuGet versions: properties', () => {
  const part = fc.oneof(fc.constantFrom('0', '1', '2', '9', '10', '01', '2147483647'), fc.nat({ max: 99999 }).map(String));
  const label = fc.oneof(
    fc.constantFrom('alpha', 'Alpha', 'BETA', 'rc', 'rc-1', 'preview', 'a-', '-', '0', '1', '11', '2147483648'),
    stringFrom(['a', 'B', '1', '-'], 1, 4),
  );
  const version = fc
    .tuple(
      fc.array(part, { minLength: 1, maxLength: 4 }),
      fc.array(label, { maxLength: 3 }),
      fc.option(fc.constantFrom('meta', 'A.b', '0'), { nil: undefined }),
    )
    .map(([nums, labels, meta]) => `${nums.join('.')}${labels.length ? `-${labels.join('.')}` : ''}${meta !== undefined ? `+${meta}` : ''}`);
  comparatorProperties(nuget, version);
});
