import { describe, expect, it } from 'vitest';
import { defineCatalogue, format, placeholders, translate } from '../../../src/i18n/catalogue.js';
import { messages } from '../../../src/i18n/messages.js';

// Ids whose Japanese text may equal the English one (proper names, symbols). None today.
const SAME_IN_BOTH = new Set<string>([]);

describe('message catalogue', () => {
  it('gives every id a Japanese text with the same placeholders, different from the English', () => {
    for (const [id, en] of Object.entries(messages.en)) {
      const ja = (messages.ja as Record<string, string>)[id];
      expect(ja, id).toBeTruthy();
      expect(placeholders(ja ?? ''), id).toEqual(placeholders(en));
      if (!SAME_IN_BOTH.has(id)) expect(ja, id).not.toBe(en);
    }
    expect(Object.keys(messages.ja).sort()).toEqual(Object.keys(messages.en).sort());
  });

  it('fills placeholders and never translates the values put in them', () => {
    expect(format('{count} findings in {file}', { count: 3, file: 'a.yml' })).toBe('3 findings in a.yml');
    expect(format('left {alone}', {})).toBe('left {alone}');
    expect(format('{x}', { x: '{y}', y: 'no' })).toBe('{y}');
    const c = defineCatalogue({ hi: 'hello {name}' }, { ja: { hi: 'こんにちは {name}' } });
    expect(translate(c, 'hi', { name: 'web' }, 'ja')).toBe('こんにちは web');
    expect(translate(c, 'hi', { name: 'web' }, 'en')).toBe('hello web');
  });

  it('finds placeholders', () => {
    expect(placeholders('{b} and {a} and {b}')).toEqual(['a', 'b']);
    expect(placeholders('no {1x} here')).toEqual([]);
  });
});
