import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { UnitParseError, formatDuration, parseBytes, parseDuration, parseNanoCpus } from '../../../src/stack/units.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['10s', 10e9],
    ['1m30s', 90e9],
    ['1.5h', 5400e9],
    ['250ms', 250e6],
    ['100us', 100e3],
    ['100µs', 100e3],
    ['42ns', 42],
    ['2h45m', (2 * 3600 + 45 * 60) * 1e9],
    ['.5s', 5e8],
    [' 5s ', 5e9],
  ])('%s → %d ns', (input, ns) => {
    expect(parseDuration(input)).toBe(ns);
  });

  it.each(['', '10', '1x', 's', '1m30', '-5s', '1.2.3s', 'ten seconds', '5 s'])('refuses %j', (input) => {
    expect(() => parseDuration(input)).toThrow(UnitParseError);
  });

  it('refuses a bare non-zero number but accepts 0', () => {
    expect(parseDuration(0)).toBe(0);
    expect(() => parseDuration(30)).toThrow(/no unit/);
  });

  it('round-trips through formatDuration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (ms) => {
        const ns = ms * 1_000_000;
        expect(parseDuration(formatDuration(ns))).toBe(ns);
      }),
    );
  });

  it('never throws anything but UnitParseError on hostile input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          const v = parseDuration(s);
          expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(UnitParseError);
        }
      }),
    );
  });
});

describe('parseBytes (docker RAMInBytes)', () => {
  it.each([
    ['512M', 512 * 1024 ** 2],
    ['512m', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['1GiB', 1024 ** 3],
    ['1.5G', 1.5 * 1024 ** 3],
    ['64k', 65536],
    ['64kb', 65536],
    ['100', 100],
    ['100b', 100],
    ['2 M', 2 * 1024 ** 2],
    [2048, 2048],
  ] as [string | number, number][])('%s → %d', (input, bytes) => {
    expect(parseBytes(input)).toBe(bytes);
  });

  it.each(['', 'M', '12X', '-1M', '1.5.2M', 'lots', '1i'])('refuses %j', (input) => {
    expect(() => parseBytes(input)).toThrow(UnitParseError);
  });
});

describe('parseNanoCpus', () => {
  it.each([
    ['0.5', 500_000_000],
    ['2', 2_000_000_000],
    ['0.001', 1_000_000],
    ['1.000000001', 1_000_000_001],
    [0.25, 250_000_000],
    ['0.1000000000', 100_000_000],
  ] as [string | number, number][])('%s → %d', (input, nano) => {
    expect(parseNanoCpus(input)).toBe(nano);
  });

  it.each(['', 'half', '-1', '1e3', '0.0000000001', '1,5'])('refuses %j', (input) => {
    expect(() => parseNanoCpus(input)).toThrow(UnitParseError);
  });
});

describe('unit errors by id', () => {
  const error = (f: () => unknown): UnitParseError => {
    try {
      f();
    } catch (e) {
      if (e instanceof UnitParseError) return e;
    }
    throw new Error('no UnitParseError');
  };

  it('says the English as before and the Japanese from the catalogue, the value as it is', () => {
    const cases: [() => unknown, string, string][] = [
      [
        () => parseDuration('ten seconds'),
        '"ten seconds" is not a duration (use e.g. 10s, 1m30s, 500ms, 2h)',
        '"ten seconds" は時間ではありません（例: 10s、1m30s、500ms、2h）',
      ],
      [() => parseDuration('-5s'), 'duration "-5s" is negative', '時間 "-5s" が負の値です'],
      [
        () => parseBytes('lots'),
        '"lots" is not a size (use e.g. 512M, 1G, 64k or a number of bytes)',
        '"lots" はサイズではありません（例: 512M、1G、64k、またはバイト数）',
      ],
      [
        () => parseNanoCpus('0.1234567891'),
        'cpus "0.1234567891" is too precise (at most 9 decimals)',
        'cpus "0.1234567891" の精度が高すぎます（小数点以下は 9 桁まで）',
      ],
    ];
    for (const [f, en, ja] of cases) {
      const e = error(f);
      expect(e.message).toBe(en);
      expect(localizeMessage(e.text, 'ja')).toBe(ja);
    }
  });
});
