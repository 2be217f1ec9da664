import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InterpolationError, interpolate } from '../../../src/compose/interpolate.js';

const env: Record<string, string> = { SET: 'value', EMPTY: '', TAG: '1.27' };
const lookup = (n: string): string | undefined => env[n];

describe('interpolate', () => {
  it.each([
    ['plain', 'plain'],
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['a-${SET}-b', 'a-value-b'],
    ['$SET.x', 'value.x'],
    ['${UNSET:-dflt}', 'dflt'],
    ['${EMPTY:-dflt}', 'dflt'],
    ['${EMPTY-dflt}', ''],
    ['${UNSET-dflt}', 'dflt'],
    ['${SET:-dflt}', 'value'],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['$$', '$'],
    ['$${SET}', '${SET}'],
    ['pa$$word', 'pa$word'],
    ['nginx:${TAG:-latest}', 'nginx:1.27'],
    ['${UNSET:-${TAG}}', '1.27'],
    ['${UNSET:-a:b/c}', 'a:b/c'],
  ])('%s → %s', (input, expected) => {
    expect(interpolate(input, lookup).value).toBe(expected);
  });

  it('reports unset variables without a default as missing (docker warns and uses "")', () => {
    const r = interpolate('x${NOPE}y$ALSO_NOPE', lookup);
    expect(r.value).toBe('xy');
    expect(r.missing).toEqual(['NOPE', 'ALSO_NOPE']);
  });

  it('fails on :? and ? with the message, not the value', () => {
    expect(() => interpolate('${UNSET:?set it please}', lookup)).toThrow(/required variable UNSET is missing: set it please/);
    expect(() => interpolate('${EMPTY:?}', lookup)).toThrow(/EMPTY is empty/);
    expect(interpolate('${EMPTY?x}', lookup).value).toBe('');
    expect(() => interpolate('${UNSET?x}', lookup)).toThrow(InterpolationError);
  });

  it.each(['${', '${SET', '${}', '${1A}', '${SET:x}', '$', 'a $ b', '$1'])('rejects invalid template %s', (t) => {
    expect(() => interpolate(t, lookup)).toThrow(InterpolationError);
  });

  it('property: strings without "$" are unchanged', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('$')),
        (s) => interpolate(s, lookup).value === s,
      ),
    );
  });

  it('property: escaping every "$" as "$$" gives back the literal string', () => {
    fc.assert(fc.property(fc.string(), (s) => interpolate(s.replace(/\$/g, '$$$$'), lookup).value === s));
  });

  it('property: ${NAME} yields the value of NAME, whatever the value', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/);
    fc.assert(
      fc.property(
        name,
        fc.string(),
        fc.string().filter((s) => !/[$}]/.test(s)),
        (n, value, prefix) => {
          const r = interpolate(`${prefix}\${${n}}`, (x) => (x === n ? value : undefined));
          return r.value === prefix + value && r.missing.length === 0;
        },
      ),
    );
  });

  it('property: ${NAME:-default} is the default exactly when NAME is unset or empty', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/);
    const dflt = fc.string().filter((s) => !/[$}]/.test(s));
    fc.assert(
      fc.property(name, fc.option(fc.string(), { nil: undefined }), dflt, (n, value, d) => {
        const r = interpolate(`\${${n}:-${d}}`, (x) => (x === n ? value : undefined));
        return r.value === (value === undefined || value === '' ? d : value);
      }),
    );
  });

  it('property: any string either interpolates or fails with an InterpolationError', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          interpolate(s, lookup);
          return true;
        } catch (e) {
          return e instanceof InterpolationError;
        }
      }),
    );
  });
});
