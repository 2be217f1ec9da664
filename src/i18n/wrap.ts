// Line wrapping by display width that also breaks Japanese text, which has no spaces between words.
import { visibleWidth } from '../core/style.js';

// Characters between which a line may break without a space: CJK ideographs, kana, full-width forms.
const BREAKABLE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u;
// Never at the start of a line (Japanese line-breaking rules, kinsoku): closing brackets and punctuation.
const NO_LINE_START = /^[、。，．・：；？！）」』】〕〉》ー〜…ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ)\]}.,:;!?]/u;
// Never at the end of a line: opening brackets.
const NO_LINE_END = /[（「『【〔〈《]$/u;

/** Splits a line into chunks that may not be broken: words with their leading spaces, or single wide characters. */
function chunks(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of line) {
    if (/\s/u.test(ch)) {
      if (cur.trim() !== '') {
        out.push(cur);
        cur = '';
      }
      cur += ch;
    } else if (BREAKABLE.test(ch)) {
      if (cur.trim() !== '') out.push(cur);
      else if (cur !== '') {
        out.push(cur + ch);
        cur = '';
        continue;
      }
      cur = '';
      out.push(ch);
    } else {
      const prev = out.at(-1);
      if (cur === '' && prev !== undefined && BREAKABLE.test(prev.slice(-1))) {
        cur = ch;
      } else cur += ch;
    }
  }
  if (cur !== '') out.push(cur);
  // Glue forbidden line starters to the chunk before them.
  const glued: string[] = [];
  for (const c of out) {
    const last = glued.at(-1);
    if (last !== undefined && (NO_LINE_START.test(c) || NO_LINE_END.test(last))) glued[glued.length - 1] = last + c;
    else glued.push(c);
  }
  return glued;
}

/** Wraps `text` to `width` terminal columns, keeping existing line breaks. */
export function wrapColumns(text: string, width: number): string {
  return text
    .split(/\r?\n/)
    .map((line) => {
      const parts = chunks(line);
      if (parts.length === 0) return '';
      const lines: string[] = [];
      let cur = parts[0] ?? '';
      let w = visibleWidth(cur);
      for (const part of parts.slice(1)) {
        const pw = visibleWidth(part);
        if (w + pw <= width) {
          cur += part;
          w += pw;
          continue;
        }
        lines.push(cur.trimEnd());
        cur = part.trimStart();
        w = visibleWidth(cur);
      }
      lines.push(cur.trimEnd());
      return lines.join('\n');
    })
    .join('\n');
}

/** For commander's `configureHelp`: widths and wrapping that know wide characters. */
export const helpLayout = {
  displayWidth: (s: string): number => visibleWidth(s),
  boxWrap: (s: string, width: number): string => (width < 40 ? s : wrapColumns(s, width)),
};
