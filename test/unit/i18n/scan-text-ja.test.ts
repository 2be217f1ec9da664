// The `image scan` and `image diff` text in Japanese, on reports scanned from the real advisory fixtures: totals,
// "not covered", end of life, the diff's caveats, the summary of several images. The printers say each line by id in
// the reader's language; the vulnerability table keeps trivy's column names and values. In English the lines are
// the English templates word for word.
import { afterEach, describe, expect, it } from 'vitest';
import { createStyler } from '../../../src/core/style.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { fixtureStore, inv, pkg } from '../scan/fixture-store.js';
import { diffScans } from '../../../src/scan/diff.js';
import { renderDiffTable } from '../../../src/scan/diff-table.js';
import { renderScanManyTable, type ScanManyResult } from '../../../src/scan/many.js';
import { rawMessage } from '../../../src/core/message.js';
import { scanInventory } from '../../../src/scan/scan.js';
import { renderScanTable } from '../../../src/scan/table.js';
import { SEVERITIES } from '../../../src/core/severity.js';
import { englishSentences } from './english.js';

const fx = fixtureStore('sg-scan-ja-', ['test/fixtures/vulndb/ubuntu-osv', 'test/fixtures/vulndb/alpine-secdb/v3.9/main.yaml']);
const NOW = new Date('2026-06-01T00:00:00Z');
// The column names trivy prints, which stay as they are.
const TABLE_HEAD = /LIBRARY +VULNERABILITY ID +SEVERITY +STATUS +INSTALLED +FIXED +TITLE/;
const plain = createStyler(false);
const ESC = '\u001b';

afterEach(() => setLocale('en'));

const reports = () => {
  const jammy = inv({ family: 'ubuntu', version: '22.04', codename: 'jammy', source: 'etc/os-release' }, [
    pkg({ type: 'deb', name: 'libssl3', version: '3.0.2-0ubuntu1.7', sourceName: 'openssl' }),
  ]);
  const oldAlpine = inv({ family: 'alpine', version: '3.9.6', source: 'etc/os-release' }, [pkg({ type: 'apk', name: 'musl', version: '1.1.20-r4' })]);
  const newAlpine = inv({ family: 'alpine', version: '3.22.0', source: 'etc/os-release' }, [pkg({ type: 'apk', name: 'zlib', version: '1.3.1-r0' })]);
  const fedora = inv({ family: 'fedora', version: '40', source: 'etc/os-release' }, [pkg({ type: 'rpm', name: 'bash', version: '5.2-1.fc40' })]);
  return [jammy, oldAlpine, newAlpine, fedora].map((i) => scanInventory(fx.store, i, { now: NOW }));
};

/** Lines outside the vulnerability table and the summary table (their values and column names stay as they are). */
const outsideTables = (text: string): string =>
  text
    .split('\n')
    .filter((l) => !/^\S+ +CVE-|^LIBRARY |^─|^IMAGE |^SEVERITY |^\S+:\S+ +-? /.test(l))
    .join('\n');

const many = (all: ReturnType<typeof reports>): ScanManyResult => ({
  rows: [
    { ref: 'ubuntu:22.04', services: [], report: all[0]! },
    { ref: 'fedora:40', services: ['web'], report: all[3]! },
    { ref: 'gone:1', services: [], error: rawMessage('not on this engine: pull or build it first') },
  ],
  findings: all[0]!.findings.length,
  failed: 1,
  incomplete: 0,
  notCovered: 1,
  layers: { read: 3, readMoreThanOnce: 0, fromCache: 1, exports: 2 },
});

describe('image scan text in Japanese', () => {
  it('says totals, not covered and the notes in Japanese, with no English sentence outside the table', () => {
    const all = reports();
    setLocale('ja');
    const texts = all.map((r) => renderScanTable(r, plain));
    expect(texts[0]).toMatch(/^合計: 1 \(.*HIGH: 1/m);
    expect(texts[1]).toContain('注: alpine 3.9.6 は 2020-11-01 にサポートが終了しています');
    expect(texts[2]).toContain('合計: 対象外（これらのパッケージのアドバイザリは確認していません）');
    expect(texts[3]).toContain('fedora 40 のアドバイザリのフィードがありません');
    for (const text of texts) expect(englishSentences(outsideTables(text)), text).toEqual([]);
    expect(texts[0]).toMatch(TABLE_HEAD);
  });

  it('keeps the colours around the lines it says (the words change, the escapes do not)', () => {
    const all = reports();
    const colour = createStyler(true);
    const en = renderScanTable(all[2]!, colour);
    setLocale('ja');
    const ja = renderScanTable(all[2]!, colour);
    expect(en).toContain(`${ESC}[33mTotal: not covered (no advisories were checked for these packages)${ESC}[39m`);
    expect(ja).toContain(`${ESC}[33m合計: 対象外（これらのパッケージのアドバイザリは確認していません）${ESC}[39m`);
  });

  it('the diff: the comparison line, the counts, the notes and caveats', () => {
    const [, oldAlpine, newAlpine, fedora] = reports();
    const d = diffScans(newAlpine!, fedora!);
    const en = renderDiffTable(d, newAlpine!, fedora!, plain, SEVERITIES);
    expect(en.split('\n')[0]).toBe('fedora:40 compared with alpine:3.22.0');
    expect(en).toMatch(/^A: not covered, B: not covered$/m);
    expect(en).toMatch(/^caveat: alpine:3\.22\.0 is Alpine-based/m);
    expect(en).toMatch(/^SEVERITY +FIXED IN fedora:40 +ADDED IN fedora:40 +IN BOTH$/m);
    setLocale('ja');
    const ja = renderDiffTable(d, newAlpine!, fedora!, plain, SEVERITIES);
    expect(ja).toMatch(/^深刻度 +fedora:40 で修正 +fedora:40 で追加 +両方$/m);
    expect(ja.split('\n')[0]).toBe('fedora:40 と alpine:3.22.0 の比較');
    expect(ja).toContain('A: 対象外、B: 対象外');
    expect(ja).toMatch(/^注意: alpine:3\.22\.0 は Alpine ベースです/m);
    expect(englishSentences(outsideTables(ja))).toEqual([]);
    const mixed = diffScans(oldAlpine!, fedora!);
    const text = renderDiffTable(mixed, oldAlpine!, fedora!, plain, SEVERITIES);
    expect(text).toMatch(/^注: alpine:3\.9\.6: alpine 3\.9\.6 \(apk\): alpine 3\.9\.6 は 2020-11-01 にサポートが終了しています/m);
    expect(englishSentences(outsideTables(text))).toEqual([]);
  });

  it('the summary of several images: the title, the error of an image, the counts and the layers', () => {
    const all = reports();
    const en = renderScanManyTable(many(all), plain, SEVERITIES);
    expect(en).toContain('\nerror: not on this engine: pull or build it first\n');
    expect(en).toMatch(/^Summary$/m);
    expect(en).toMatch(/^IMAGE +SERVICES +OS +PACKAGES +CRITICAL .* TOTAL$/m);
    expect(en).toMatch(/^gone:1 +- +error +- /m);
    expect(en).toMatch(/^fedora:40 +web +fedora 40 .* not covered$/m);
    expect(en.trimEnd().split('\n').at(-1)).toBe('3 image(s), 1 vulnerability, 1 not scanned, 1 not covered; 3 layer(s) read, 1 from the cache, 2 export(s)');
    setLocale('ja');
    const ja = renderScanManyTable(many(all), plain, SEVERITIES);
    expect(ja).toMatch(/^まとめ$/m);
    expect(ja.trimEnd().split('\n').at(-1)).toBe(
      'イメージ 3 個、脆弱性 1 件、1 個はスキャンできませんでした、1 個は対象外。レイヤーの読み込み 3 個（キャッシュから 1 個）、エクスポート 2 回',
    );
    expect(ja).toContain('エラー: ');
    expect(ja).toMatch(/^イメージ +サービス +OS と版 +パッケージ数 +CRITICAL .* 合計$/m);
    expect(ja).toMatch(/^gone:1 +- +エラー +- /m);
    expect(ja).toMatch(/^fedora:40 +web +fedora 40 .* 対象外$/m);
  });
});
