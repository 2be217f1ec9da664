// The `image scan` and `image diff` text in Japanese, on reports scanned from the real advisory fixtures: totals,
// "not covered", end of life, the diff's caveats. The vulnerability table keeps trivy's column names and values.
import { describe, expect, it } from 'vitest';
import { createStyler } from '../../../src/core/style.js';
import { localizeScanText } from '../../../src/i18n/scan.js';
import { notesSaid } from '../../../src/core/message.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { fixtureStore, inv, pkg } from '../scan/fixture-store.js';
import { diffScans } from '../../../src/scan/diff.js';
import { scanInventory } from '../../../src/scan/scan.js';
import { renderScanTable } from '../../../src/scan/table.js';
import { englishSentences } from './english.js';

const fx = fixtureStore('sg-scan-ja-', ['test/fixtures/vulndb/ubuntu-osv', 'test/fixtures/vulndb/alpine-secdb/v3.9/main.yaml']);
const NOW = new Date('2026-06-01T00:00:00Z');
// The column names trivy prints, which stay as they are.
const TABLE_HEAD = /LIBRARY +VULNERABILITY ID +SEVERITY +STATUS +INSTALLED +FIXED +TITLE/;

describe('image scan text in Japanese', () => {
  const reports = () => {
    const jammy = inv({ family: 'ubuntu', version: '22.04', codename: 'jammy', source: 'etc/os-release' }, [
      pkg({ type: 'deb', name: 'libssl3', version: '3.0.2-0ubuntu1.7', sourceName: 'openssl' }),
    ]);
    const oldAlpine = inv({ family: 'alpine', version: '3.9.6', source: 'etc/os-release' }, [pkg({ type: 'apk', name: 'musl', version: '1.1.20-r4' })]);
    const newAlpine = inv({ family: 'alpine', version: '3.22.0', source: 'etc/os-release' }, [pkg({ type: 'apk', name: 'zlib', version: '1.3.1-r0' })]);
    const fedora = inv({ family: 'fedora', version: '40', source: 'etc/os-release' }, [pkg({ type: 'rpm', name: 'bash', version: '5.2-1.fc40' })]);
    return [jammy, oldAlpine, newAlpine, fedora].map((i) => scanInventory(fx.store, i, { now: NOW }));
  };

  it('says totals, not covered and the notes in Japanese, with no English sentence outside the table', () => {
    const all = reports();
    setLocale('ja');
    const texts = all.map((r) => localizeScanText(renderScanTable(r, createStyler(false)), 'ja'));
    setLocale('en');
    expect(texts[0]).toMatch(/^合計: 1 \(.*HIGH: 1/m);
    expect(texts[1]).toContain('注: alpine 3.9.6 は 2020-11-01 にサポートが終了しています');
    expect(texts[2]).toContain('合計: 対象外（これらのパッケージのアドバイザリは確認していません）');
    expect(texts[3]).toContain('fedora 40 のアドバイザリのフィードがありません');
    for (const text of texts) {
      const outsideTable = text
        .split('\n')
        .filter((l) => !/^\S+ +CVE-|^LIBRARY |^─/.test(l))
        .join('\n');
      expect(englishSentences(outsideTable), text).toEqual([]);
    }
    expect(texts[0]).toMatch(TABLE_HEAD);
  });

  it('the diff: caveats and counts', () => {
    const [, oldAlpine, newAlpine, fedora] = reports();
    const d = diffScans(newAlpine!, fedora!);
    const lines = [
      'fedora:40 compared with alpine:3.22.0',
      '',
      'A: not covered, B: not covered',
      ...notesSaid(d.caveats).map((c) => `caveat: ${localizeMessage(c, 'ja')}`),
    ];
    const ja = localizeScanText(lines.join('\n'), 'ja');
    expect(ja).toContain('fedora:40 と alpine:3.22.0 の比較');
    expect(ja).toContain('A: 対象外、B: 対象外');
    expect(englishSentences(ja)).toEqual([]);
    const mixed = diffScans(oldAlpine!, fedora!);
    expect(
      englishSentences(
        localizeScanText(
          notesSaid(mixed.caveats)
            .map((c) => `caveat: ${localizeMessage(c, 'ja')}`)
            .join('\n'),
          'ja',
        ),
      ),
    ).toEqual([]);
  });

  it('is unchanged in English', () => {
    const text = renderScanTable(reports()[2]!, createStyler(false));
    expect(localizeScanText(text, 'en')).toBe(text);
  });
});
