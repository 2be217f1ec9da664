// The `image scan` and `image diff` text in the reader's language, line by line: the totals, the notes and caveats
// (end of life, not covered), the summary of several images, the diff's comparison line. The vulnerability table
// keeps trivy's column names and values (ids, versions, statuses, advisory titles) so the two read side by side.
import type { Locale } from './locale.js';
import { localizeUserText } from './user-errors.js';

type Line = readonly [RegExp, (...parts: string[]) => string];

const ESC = '(?:\\x1b\\[[0-9;]*m)*';
const line = (body: string): RegExp => new RegExp(`^(${ESC})${body}(${ESC})$`, 's');

const LINES: readonly Line[] = [
  [
    line('Total: not covered \\(no advisories were checked for these packages\\)'),
    (a, z) => `${a}合計: 対象外（これらのパッケージのアドバイザリは確認していません）${z}`,
  ],
  [line('Total: (\\d+) \\((.*)\\)'), (a, n, parts, z) => `${a}合計: ${n} (${parts})${z}`],
  [line('no packages found in the image'), (a, z) => `${a}イメージにパッケージが見つかりません${z}`],
  // The note and the caveat were said in the reader's language where they were printed (by id).
  [line(`note:(${ESC}) (.*)`), (a, b, note, z) => `${a}注:${b} ${note}${z}`],
  [line('caveat: (.*)'), (a, c, z) => `${a}注意: ${c}${z}`],
  [line(`error: (.*)`), (a, e, z) => `${a}エラー: ${localizeUserText(e, 'ja')}${z}`],
  [
    line('Not scanned: (\\d+) part\\(s\\) of the image were not read; the totals below cover only the rest'),
    (a, n, z) => `${a}スキャンできませんでした: イメージの ${n} 箇所を読めませんでした。以下の合計は残りの部分だけのものです${z}`,
  ],
  [line('not scanned: (\\d+) part\\(s\\) of (.+) were not read'), (a, n, ref, z) => `${a}スキャンできませんでした: ${ref} の ${n} 箇所を読めませんでした${z}`],
  [line('not covered: (.+) \\(--fail-on-uncovered\\)'), (a, list, z) => `${a}対象外: ${list}（--fail-on-uncovered）${z}`],
  [line('wrote (.+)'), (a, file, z) => `${a}${file} に書き込みました${z}`],
  [line(`(${ESC}.+${ESC}) compared with (${ESC}.+${ESC})`), (a, b, other, z) => `${a}${b} と ${other} の比較${z}`],
  [
    line('A: (not covered|\\d+ vulnerabilities(?: \\(not covered: .+?\\))?), B: (not covered|\\d+ vulnerabilities(?: \\(not covered: .+\\))?)'),
    (a, ra, rb, z) => `${a}A: ${jaCount(ra)}、B: ${jaCount(rb)}${z}`,
  ],
  [
    line(
      `(\\d+) image\\(s\\), (\\d+) vulnerabilit(?:y|ies)(?:, (${ESC})(\\d+) not scanned(${ESC}))?(?:, (${ESC})(\\d+) not covered(${ESC}))?; (\\d+) layer\\(s\\) read, (\\d+) from the cache, (\\d+) export\\(s\\)`,
    ),
    (a, images, vulns, c1, failed, c2, c3, uncovered, c4, read, cached, exports, z) =>
      `${a}イメージ ${images} 個、脆弱性 ${vulns} 件${failed ? `、${c1}${failed} 個はスキャンできませんでした${c2}` : ''}${uncovered ? `、${c3}${uncovered} 個は対象外${c4}` : ''}。レイヤーの読み込み ${read} 個（キャッシュから ${cached} 個）、エクスポート ${exports} 回${z}`,
  ],
  [line('Summary'), (a, z) => `${a}まとめ${z}`],
];

const jaCount = (s: string): string => {
  if (s === 'not covered') return '対象外';
  const part = /\(not covered: (.+)\)$/.exec(s)?.[1];
  return `脆弱性 ${/^\d+/.exec(s)?.[0] ?? s} 件${part !== undefined ? `（対象外: ${part}）` : ''}`;
};

/** The text of a scan in the locale, line by line; lines no pattern knows (the table) stay as they are. */
export function localizeScanText(text: string, locale: Locale): string {
  if (locale !== 'ja') return text;
  return text
    .split('\n')
    .map((l) => {
      for (const [re, ja] of LINES) {
        const m = re.exec(l);
        if (m) return ja(...m.slice(1).map((x) => x ?? ''));
      }
      return l;
    })
    .join('\n');
}
