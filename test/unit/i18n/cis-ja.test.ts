import { describe, expect, it } from 'vitest';
import { CATALOGUES, CIS_VERSIONS, SECTIONS } from '../../../src/bench/catalogue.js';
import { REQUIREMENTS } from '../../../src/bench/checks/index.js';
import { JA_CIS, JA_CIS_SECTIONS, jaCis } from '../../../src/i18n/ja/cis.js';

describe('CIS Docker Benchmark 1.6.0, 1.7.0 and 1.8.0 in Japanese', () => {
  it('explains every requirement of the catalogues in Japanese, and nothing else', () => {
    expect(Object.keys(JA_CIS).sort()).toEqual([...REQUIREMENTS].sort());
    for (const key of REQUIREMENTS) expect(JA_CIS[key], key).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
  });

  it("gives each version's recommendation the explanation of its requirement, whatever its number", () => {
    for (const v of CIS_VERSIONS) {
      for (const c of CATALOGUES[v]) {
        expect(jaCis(c.id, v), `${v} ${c.id}`).toBe(JA_CIS[c.check]);
        expect(jaCis(c.id, v)).not.toBe(c.title);
      }
    }
    // 1.8.0 inserted devicemapper at 2.7: its 2.8 is 1.6.0's 2.7 (TLS), not 1.6.0's 2.8 (ulimits).
    expect(jaCis('2.8', '1.8.0')).toBe(JA_CIS['2.7']);
    expect(jaCis('2.7', '1.8.0')).toContain('devicemapper');
    expect(jaCis('2.8')).toBe(JA_CIS['2.8']);
    expect(jaCis('9.9', '1.8.0')).toBeUndefined();
  });

  it('names every section in Japanese', () => {
    expect(Object.keys(JA_CIS_SECTIONS).sort()).toEqual(Object.keys(SECTIONS).sort());
  });
});
