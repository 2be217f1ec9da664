// Every image lint rule speaks Japanese: the findings the real rules make on real image facts.
import { describe, expect, it } from 'vitest';
import { EVERY_RULE } from '../imagelint/every-rule.js';
import { imageLintRules, lintImage } from '../../../src/imagelint/rules.js';
import { JA_IMAGE_RULES } from '../../../src/i18n/ja/image-rules.js';
import { localizeFinding, localizeFindings } from '../../../src/i18n/findings.js';
import { expectEveryFindingJapanese, expectNoSecret, expectTextsForEvery } from './ja-helpers.js';

const SECRETS = ['hunter2-long-enough', 'AKIAIOSFODNN7EXAMPLE', 'ghp_' + 'x'.repeat(36), 's3cr3t-history-value'];

// One image that makes every rule report (EVERY_RULE), and a second one for the variants (latest tag, secret shapes).
const opts = { allowedRegistries: ['registry.internal:5000'], maxSizeMiB: 500 };

function corpus() {
  return [
    ...lintImage(EVERY_RULE, opts),
    ...lintImage({ ...EVERY_RULE, ref: 'nginx:latest', config: { config: { User: '0' } } }, { allowedRegistries: [], maxSizeMiB: 500 }),
  ];
}

describe('image lint in Japanese', () => {
  it('has Japanese texts for every registered rule', () => {
    expectTextsForEvery(
      'image',
      imageLintRules.all().map((r) => r.meta),
      JA_IMAGE_RULES,
    );
  });

  it('translates every finding the rules make, keeping ids, targets and evidence', () => {
    const findings = corpus();
    expect(new Set(findings.map((f) => f.id)).size).toBe(imageLintRules.all().length);
    expectEveryFindingJapanese(findings);
    const byId = (id: string) =>
      localizeFindings(findings, 'ja')
        .filter((f) => f.id === id)
        .map((f) => f.message);
    expect(byId('image-not-pinned')).toEqual([
      'ghcr.io/org/app にはタグもダイジェストもありません',
      'nginx:latest は latest タグで、ダイジェストの指定がありません',
    ]);
    expect(byId('image-secret-in-env')).toContain('ENV X にシークレット（AWS のアクセスキー ID）が含まれています（値は表示しません）');
    expect(byId('image-size')[0]).toBe('レイヤーの合計が 700 MiB あります（上限 500 MiB）');
  });

  it('says a finding by id: the English as it was made, the Japanese from the catalogue', () => {
    const f = lintImage(EVERY_RULE, opts).find((x) => x.id === 'image-secret-in-env' && x.evidence?.variable === 'X')!;
    expect(f.said?.message?.id).toBe('imagelint.rule.secretInEnv');
    expect(f.message).toBe('ENV X holds an AWS access key id; the value is not shown');
    expect(localizeFinding(f, 'en').message).toBe(f.message);
    expect(localizeFinding(f, 'ja').message).toBe('ENV X にシークレット（AWS のアクセスキー ID）が含まれています（値は表示しません）');
    // The package caches: the Japanese now says how many, as the English does.
    const cache = lintImage(EVERY_RULE, opts).find((x) => x.id === 'image-package-cache')!;
    expect(cache.said?.message?.id).toBe('imagelint.rule.packageCache');
    expect(cache.message).toBe('1 package-cache file(s) left, e.g. /var/cache/apk/APKINDEX.tar.gz');
    expect(localizeFinding(cache, 'ja').message).toBe('パッケージキャッシュのファイルが 1 個残っています（例: /var/cache/apk/APKINDEX.tar.gz）');
  });

  it('never prints a secret value, in Japanese either', () => {
    expectNoSecret(corpus(), SECRETS);
  });
});
