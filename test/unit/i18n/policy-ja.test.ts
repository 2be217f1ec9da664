// --lang ja for what the policy and the KEV/EPSS/VEX parts of the scan say: rendered from message ids
// (src/policy/messages.ts, src/scan/messages.ts → src/i18n/ja/policy.ts), never from the English text.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { english, rawMessage } from '../../../src/core/message.js';
import { createStyler } from '../../../src/core/style.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { evaluatePolicy, type PolicyFacts } from '../../../src/policy/evaluate.js';
import { policyMessages } from '../../../src/policy/messages.js';
import { defaultPolicy } from '../../../src/policy/policy.js';
import { renderPolicyJson, renderPolicyTable } from '../../../src/report/policy.js';
import { scanMessages } from '../../../src/scan/messages.js';
import { kevCell } from '../../../src/scan/table.js';
import { vulnFinding } from '../scan/vuln-finding.js';
import { JAPANESE } from './ja-helpers.js';

const lint = (id: string, items?: string[]): Finding => ({
  id,
  title: id,
  severity: 'MEDIUM',
  category: 'image',
  target: { kind: 'image', ref: 'app:1' },
  message: `${id} (English from image lint)`,
  references: [],
  ...(items ? { items } : {}),
});
const kevHit = vulnFinding('CVE-2014-6271', 'pkg:deb/debian/bash@5.2.15-2', 'CRITICAL', {
  status: 'fixed',
  fixedVersion: '5.2.15-2+b1',
  kev: { dateAdded: '2022-01-28', knownRansomware: false },
});
const facts: PolicyFacts = {
  ref: 'app:1',
  config: { config: { User: '' } },
  os: { family: 'debian', version: '12', codename: 'bookworm', source: 'etc/os-release' },
  packages: [{ name: 'bash', version: '5.2.15-2', type: 'deb', license: 'GPL-3.0-or-later' } as PolicyFacts['packages'][number]],
  vulnerabilities: [kevHit],
  lint: [
    lint('image-runs-as-root'),
    lint('image-shell-present', ['/usr/bin/bash']),
    lint('image-no-healthcheck'),
    lint('image-package-manager', ['/usr/bin/dpkg']),
  ],
  attestations: { unknown: policyMessages.say('policy.attest.engine') },
};

describe('policy check in Japanese, by message id', () => {
  const result = evaluatePolicy(defaultPolicy(), facts);

  it('the table: headings, verdict, outcomes, rule titles and every evidence line in Japanese; values as they are', () => {
    const text = renderPolicyTable([result], createStyler(false), 'ja');
    const lines = text.split('\n');
    expect(lines[0]).toBe('app:1: ポリシー「swarmguard default」を満たしません');
    expect(text).toMatch(/^ルール\s+結果\s+根拠$/m);
    expect(text).toMatch(/^non-root-user 既定のユーザーが root でない\s+不合格\s+イメージは root で動きます（USER がありません）$/m);
    expect(text).toMatch(
      /^no-known-exploited 既知の悪用された脆弱性（CISA KEV）がない\s+不合格\s+bash 1 の CVE-2014-6271（CRITICAL、5\.2\.15-2\+b1 で修正）、2022-01-28 から KEV に掲載$/m,
    );
    expect(text).toMatch(/^supply-chain-attestations .*\s+判定不能\s+エンジンから読んだイメージです。/m);
    expect(text).toMatch(/^healthcheck イメージに HEALTHCHECK がある\s+警告\s+HEALTHCHECK がありません$/m);
    expect(text).toMatch(
      /^approved-base-image .*\s+合格\s+docker\.io\/library\/debian:bookworm（判断の元: \/etc\/os-release（debian 12）、ベース名のラベルなし）$/m,
    );
    // No line the policy says by id is left in English.
    for (const r of result.results) for (const e of r.evidence) if (!e.startsWith('/usr/')) expect(text).not.toContain(e);
    // The paths the image holds are values: as they are.
    expect(text).toContain('/usr/bin/bash');
  });

  it('every evidence line of the result has a message id with a Japanese text; JSON keeps the English only', () => {
    for (const r of result.results)
      for (const m of r.said) {
        const ja = localizeMessage(m, 'ja');
        if (m.id === '')
          expect(ja).toBe(m.en); // a value: a path
        else expect(ja, m.id).toMatch(JAPANESE);
        expect(english(m)).toBe(r.evidence[r.said.indexOf(m)]);
      }
    const json = JSON.parse(renderPolicyJson([result])) as { images: { results: Record<string, unknown>[] }[] };
    expect(json.images[0]?.results[0]).not.toHaveProperty('said');
    expect(json.images[0]?.results.find((r) => r.rule === 'non-root-user')?.evidence).toEqual(['the image runs as root (no USER)']);
    expect(localizeMessage(rawMessage('/usr/bin/bash'), 'ja')).toBe('/usr/bin/bash');
  });

  it('the English table is unchanged: rule ids, English outcomes', () => {
    const text = renderPolicyTable([result], createStyler(false), 'en');
    expect(text.split('\n')[0]).toBe('app:1: fails the policy "swarmguard default"');
    expect(text).toMatch(/^RULE\s+RESULT\s+EVIDENCE$/m);
    expect(text).toMatch(/^non-root-user\s+FAIL\s+the image runs as root \(no USER\)$/m);
  });
});

describe('the scan KEV marker and notes in Japanese, by message id', () => {
  it('KEV cell', () => {
    const ransomware = { ...kevHit, vulnerability: { ...kevHit.vulnerability!, kev: { dateAdded: '2022-01-28', knownRansomware: true } } };
    expect([kevCell(kevHit, undefined, 'ja'), kevCell(ransomware, undefined, 'ja'), kevCell(kevHit, undefined, 'en')]).toEqual([
      'あり',
      'ランサムウェア',
      'yes',
    ]);
  });

  it('the notes', () => {
    expect(localizeMessage(scanMessages.say('scan.note.vexSuppressed', { n: 3 }), 'ja')).toBe(
      '3 件の検出結果を VEX で抑止しました（not_affected または fixed）。--show-suppressed で一覧できます',
    );
    expect(localizeMessage(scanMessages.say('scan.note.noExploitation'), 'ja')).toMatch(/^データベースに KEV カタログも EPSS スコアもありません/);
  });
});
