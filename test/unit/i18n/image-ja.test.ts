// Every image lint rule speaks Japanese: the findings the real rules make on real image facts.
import { describe, expect, it } from 'vitest';
import type { ImageLintFacts } from '../../../src/imagelint/facts.js';
import { imageLintRules, lintImage } from '../../../src/imagelint/rules.js';
import { JA_IMAGE_RULES } from '../../../src/i18n/ja/image-rules.js';
import { localizeFinding, localizeFindings } from '../../../src/i18n/findings.js';
import { expectEveryFindingJapanese, expectNoSecret, expectTextsForEvery } from './ja-helpers.js';

const entry = (mode: number, type = 'file') => ({ mode, type, size: 1, layer: 'l', layerIndex: 0 });
const SECRETS = ['hunter2-long-enough', 'AKIAIOSFODNN7EXAMPLE', 'ghp_' + 'x'.repeat(36), 's3cr3t-history-value'];

// One image that makes every rule report, and a second one for the variants (latest tag, secret shapes).
const EVERY_RULE: ImageLintFacts = {
  ref: 'ghcr.io/org/app',
  config: {
    config: { User: '', Env: ['DB_PASSWORD=hunter2-long-enough', 'X=AKIAIOSFODNN7EXAMPLE'], Labels: { 'org.token': 'ghp_' + 'x'.repeat(36) } },
    history: [
      { created_by: '/bin/sh -c apt-get update' },
      { created_by: 'ADD https://example.com/x.tgz /opt' },
      { created_by: '/bin/sh -c API_TOKEN=s3cr3t-history-value ./configure' },
      { created_by: '/bin/sh -c echo AKIAIOSFODNN7EXAMPLE > /k' },
    ],
  },
  size: 700 * 1024 * 1024,
  tracked: new Map([
    ['bin/sh', entry(0o755, 'symlink')],
    ['usr/bin/apt-get', entry(0o755)],
    ['usr/bin/passwd', entry(0o4755)],
    ['var/cache/apk/APKINDEX.tar.gz', entry(0o644)],
  ]),
  files: new Map([
    ['root/.docker/config.json', Buffer.from('{"auths":{"r":{"auth":"dXNlcjpwYXNz"}}}')],
    ['etc/ssl/private/k.pem', Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nMIIB\n')],
  ]),
  warnings: [],
};
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
