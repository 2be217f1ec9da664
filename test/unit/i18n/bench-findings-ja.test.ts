// Benchmark findings in Japanese: the official English CIS title stays, the Japanese explanation beside it; the
// message is the explanation with what the check saw. Ids, verdicts, items and references do not change.
import { describe, expect, it } from 'vitest';
import { benchFindings, runBench } from '../../../src/bench/runner.js';
import { CATALOGUE_BY_ID } from '../../../src/bench/catalogue.js';
import { localizeFinding, localizeFindings } from '../../../src/i18n/findings.js';
import { JA_CIS } from '../../../src/i18n/ja/cis.js';
import { careless } from './bench-fixtures.js';
import { JAPANESE } from './ja-helpers.js';

describe('benchmark findings in Japanese', () => {
  const findings = benchFindings(runBench(careless(), {}, 0));

  it('every WARN keeps its official English title, with the Japanese explanation beside it', () => {
    expect(findings.length).toBeGreaterThan(20);
    for (const f of findings) {
      const ja = localizeFinding(f, 'ja');
      const official = CATALOGUE_BY_ID.get(f.id)?.title ?? '';
      expect(ja.title, f.id).toBe(`${official}（${JA_CIS[f.id]}）`);
      expect(ja.message.startsWith(JA_CIS[f.id] ?? '-'), f.id).toBe(true);
      expect(ja.message).toMatch(JAPANESE);
      expect(ja.remediation, f.id).toMatch(JAPANESE);
      expect({ ...ja, title: f.title, message: f.message, remediation: f.remediation }).toEqual(f);
    }
  });

  it('puts what the check saw after the explanation, in Japanese, with the names it quotes unchanged', () => {
    const privileged = localizeFindings(findings, 'ja').find((f) => f.id === '5.5');
    expect(findings.find((f) => f.id === '5.5')?.message).toMatch(/: web: privileged$/);
    expect(privileged?.message).toBe(`${JA_CIS['5.5']}: web: 特権モードで動いています`);
    expect(privileged?.items).toEqual(['web']);
  });

  it('leaves them untouched in English', () => {
    expect(localizeFindings(findings, 'en')).toEqual(findings);
  });
});
