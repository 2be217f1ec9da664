import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { visibleWidth } from '../../../src/core/style.js';
import { renderTable } from '../../../src/core/table.js';
import { wrapColumns } from '../../../src/i18n/wrap.js';

describe('display width', () => {
  it('counts wide characters as two columns and colour codes as none', () => {
    expect(visibleWidth('脆弱性')).toBe(6);
    expect(visibleWidth('ＣＶＥ')).toBe(6);
    expect(visibleWidth('\u001b[31mHIGH\u001b[39m')).toBe(4);
    expect(visibleWidth('ｱｲｳ')).toBe(3); // half-width katakana
  });
  it('answers as string-width does, on the ASCII fast path and off it (colour codes, controls, any text)', () => {
    const sgr = fc.constantFrom('\u001b[31m', '\u001b[1m', '\u001b[39m', '\u001b[0m', '\u001b[2;33m');
    const ascii = fc.array(fc.oneof(fc.string({ unit: fc.constantFrom(...' ~aZ09-|/:') }), sgr)).map((p) => p.join(''));
    const any = fc
      .array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), sgr, fc.constantFrom('\t', '\u001b', '…', '—')))
      .map((p) => p.join(''));
    fc.assert(fc.property(fc.oneof(ascii, any), (s) => visibleWidth(s) === stringWidth(s)));
  });
  it('aligns table columns that mix Japanese and ASCII', () => {
    const out = renderTable(
      ['重大度', 'ID'],
      [
        ['HIGH', 'a'],
        ['高', 'b'],
      ],
    );
    const lines = out.split('\n');
    const col = (l: string) => visibleWidth(l.slice(0, l.lastIndexOf(' ') + 1));
    expect(new Set(lines.filter((l) => !l.startsWith('─')).map(col)).size).toBe(1);
  });
});

describe('wrapColumns', () => {
  it('breaks Japanese text between characters within the width', () => {
    const text = 'サービスがホストのエンジンソケットをマウントしています。ノード全体の root 権限を渡すことになります。';
    for (const line of wrapColumns(text, 30).split('\n')) expect(visibleWidth(line)).toBeLessThanOrEqual(30);
    expect(wrapColumns(text, 30).replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });
  it('never starts a line with closing punctuation', () => {
    const text = 'あいうえおかきくけこ。さしすせそ';
    for (const line of wrapColumns(text, 20).split('\n').slice(1)) expect(line).not.toMatch(/^[。、]/);
  });
  it('never ends a line with an opening bracket', () => {
    const text = 'あいうえおかきくけ（CRITICAL、HIGH）';
    for (let w = 10; w < 30; w++) for (const line of wrapColumns(text, w).split('\n')) expect(line, `width ${w}`).not.toMatch(/（$/);
  });
  it('wraps English at spaces as before', () => {
    expect(wrapColumns('the quick brown fox jumps', 10)).toBe('the quick\nbrown fox\njumps');
  });
  it('keeps every non-space character, in order, for any input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('あ', '漢', 'a', 'b', ' ', '。', 'Ｘ', '-') }), fc.integer({ min: 4, max: 40 }), (s, w) => {
        const out = wrapColumns(s, w);
        expect(out.replace(/\s/g, '')).toBe(s.replace(/\s/g, ''));
      }),
    );
  });
});
