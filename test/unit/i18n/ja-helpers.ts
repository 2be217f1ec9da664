// Shared checks for each rule family's Japanese texts: every registered id has texts, every real finding gets a
// Japanese message built from its evidence (no English fallback), and nothing but title, message and
// remediation changes.
import { expect } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { localizeFinding, localizeFindings, ruleTexts } from '../../../src/i18n/findings.js';

export const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/u;

/** Every id of the family has a Japanese title and remediation that differ from the English ones; no extra ids. */
export function expectTextsForEvery(
  category: string,
  rules: readonly { id: string; title: string; remediation: string }[],
  registered: Readonly<Record<string, unknown>>,
): void {
  expect(Object.keys(registered).sort()).toEqual(rules.map((r) => r.id).sort());
  for (const r of rules) {
    const ja = ruleTexts('ja', category, r.id);
    expect(ja?.title, r.id).toMatch(JAPANESE);
    expect(ja?.title).not.toBe(r.title);
    expect(ja?.remediation, r.id).toMatch(JAPANESE);
    expect(ja?.remediation).not.toBe(r.remediation);
  }
}

/** Each finding gets a Japanese message from its own texts, and keeps id, severity, target, evidence, items. */
export function expectEveryFindingJapanese(findings: readonly Finding[]): void {
  expect(findings.length).toBeGreaterThan(0);
  for (const f of findings) {
    // Said by id (the finding keeps the message), else from the rule's texts over its evidence.
    const texts = ruleTexts('ja', f.category, f.id);
    const ja = f.said?.message !== undefined ? localizeMessage(f.said.message, 'ja') : texts?.message?.(f.evidence ?? {}, f);
    expect(ja, `${f.category}/${f.id}: ${f.message}`).toBeDefined();
    const localized = localizeFinding(f, 'ja');
    expect(localized.message).toBe(ja);
    expect(localized.message).toMatch(JAPANESE);
    expect(localized.message).not.toBe(f.message);
    expect({ ...localized, title: f.title, message: f.message, remediation: f.remediation }).toEqual(f);
  }
  expect(localizeFindings(findings, 'en')).toEqual(findings);
}

export function expectNoSecret(findings: readonly Finding[], secrets: readonly string[]): void {
  const text = JSON.stringify(localizeFindings(findings, 'ja'));
  for (const s of secrets) expect(text).not.toContain(s);
}
