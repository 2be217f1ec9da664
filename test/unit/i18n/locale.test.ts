import { describe, expect, it } from 'vitest';
import { localeFromName, resolveLocale } from '../../../src/i18n/locale.js';

describe('resolveLocale', () => {
  it('takes --lang over every variable', () => {
    expect(resolveLocale('en', { SWARMGUARD_LANG: 'ja', LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(resolveLocale('JA', {})).toBe('ja');
  });
  it('refuses an unknown --lang with a hint', () => {
    expect(() => resolveLocale('fr', {})).toThrow(/unknown language "fr"/);
  });
  it('reads SWARMGUARD_LANG, then LC_ALL, LC_MESSAGES and LANG, skipping empty values', () => {
    expect(resolveLocale(undefined, { SWARMGUARD_LANG: 'ja', LC_ALL: 'C' })).toBe('ja');
    expect(resolveLocale(undefined, { LC_ALL: '', LC_MESSAGES: 'ja_JP.UTF-8', LANG: 'en_US.UTF-8' })).toBe('ja');
    expect(resolveLocale(undefined, { LC_ALL: 'en_US.UTF-8', LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(resolveLocale(undefined, { LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(resolveLocale(undefined, {})).toBe('en');
  });
  it('maps locale names to their language and unknown ones to English', () => {
    for (const name of ['ja_JP.eucJP', 'ja-JP', 'ja']) expect(localeFromName(name), name).toBe('ja');
    for (const name of ['C.UTF-8', 'POSIX', 'de_DE.UTF-8', 'jam_JM']) expect(localeFromName(name), name).toBe('en');
  });
});
