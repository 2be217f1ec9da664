import { describe, expect, it } from 'vitest';
import { CATALOGUE, SECTIONS } from '../../../src/bench/catalogue.js';
import { JA_CIS, JA_CIS_SECTIONS } from '../../../src/i18n/ja/cis.js';

describe('CIS Docker Benchmark 1.6.0 in Japanese', () => {
  it('explains every recommendation of the catalogue in Japanese, and nothing else', () => {
    expect(Object.keys(JA_CIS).sort()).toEqual(CATALOGUE.map((c) => c.id).sort());
    for (const c of CATALOGUE) {
      const ja = JA_CIS[c.id] ?? '';
      expect(ja, c.id).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
      expect(ja).not.toBe(c.title);
    }
  });
  it('names every section in Japanese', () => {
    expect(Object.keys(JA_CIS_SECTIONS).sort()).toEqual(Object.keys(SECTIONS).sort());
  });
});
