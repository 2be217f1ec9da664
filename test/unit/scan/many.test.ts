// The summary of several images (`image scan a b c`): each image's report once, then the summary table.
import { afterEach, describe, expect, it } from 'vitest';
import { createStyler } from '../../../src/core/style.js';
import { SEVERITIES } from '../../../src/core/severity.js';
import { rawMessage } from '../../../src/core/message.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { imageMessages } from '../../../src/image/messages.js';
import { renderScanManyTable, scanManyJson, type ScanManyResult } from '../../../src/scan/many.js';
import { scanInventory, type ScanReport } from '../../../src/scan/scan.js';
import { fixtureStore, inv, pkg } from './fixture-store.js';

const fx = fixtureStore('sg-scan-many-', ['test/fixtures/vulndb/alpine-secdb/v3.9/main.yaml']);
const NOW = new Date('2026-06-01T00:00:00Z');
const plain = createStyler(false);

afterEach(() => setLocale('en'));

const alpine = (): ScanReport =>
  scanInventory(fx.store, inv({ family: 'alpine', version: '3.9.6', source: 'etc/os-release' }, [pkg({ type: 'apk', name: 'musl', version: '1.1.20-r4' })]), {
    now: NOW,
  });

const result = (report: ScanReport): ScanManyResult => ({
  rows: [
    { ref: 'alpine:3.9.6', services: [], report },
    { ref: 'gone:1', services: [], error: rawMessage('not on this engine: pull or build it first') },
  ],
  findings: report.findings.length,
  failed: 1,
  incomplete: 0,
  notCovered: 0,
  layers: { read: 1, readMoreThanOnce: 0, fromCache: 0, exports: 1 },
});

const occurrences = (text: string, part: string): number => text.split(part).length - 1;

describe('image scan of several images', () => {
  it('prints each note of a report once', () => {
    const report = { ...alpine(), notes: ['a note of this report'] };
    const text = renderScanManyTable(result(report), plain, SEVERITIES);
    expect(occurrences(text, 'a note of this report')).toBe(1);
    setLocale('ja');
    const ja = renderScanManyTable(result(report), plain, SEVERITIES);
    expect(occurrences(ja, 'a note of this report')).toBe(1);
  });

  it("keeps an image's error in English in JSON and says it in the reader's language in the table", () => {
    const said = result(alpine());
    said.rows[1] = { ref: 'gone:1', services: [], error: imageMessages.say('image.batch.notOnEngine') };
    setLocale('ja');
    const json = JSON.parse(scanManyJson(said, SEVERITIES)) as { images: { ref: string; error?: string }[] };
    expect(json.images.find((i) => i.ref === 'gone:1')?.error).toBe('not on this engine: pull or build it first');
    expect(json.images.find((i) => i.ref === 'alpine:3.9.6')?.error).toBeUndefined();
    expect(renderScanManyTable(said, plain, SEVERITIES)).toContain('エラー: このエンジンにありません: 先に pull かビルドをしてください');
  });
});
