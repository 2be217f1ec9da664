// Image lint says every occurrence by id: each rule's message is kept on its finding; a secret's kind is said from
// the one book of the security predicates' words (test/unit/security/words.test.ts).
import { describe, expect, it } from 'vitest';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { EVERY_RULE } from './every-rule.js';
import { imageLintRules, lintImage } from '../../../src/imagelint/rules.js';
import { CREDENTIALS_FILE, REGISTRY_CREDENTIALS } from '../../../src/security/secrets.js';

describe('image lint messages by id', () => {
  it("keeps the message of every rule on its finding, its English the finding's message", () => {
    const findings = [
      ...lintImage(EVERY_RULE, { allowedRegistries: ['registry.internal:5000'], maxSizeMiB: 500 }),
      ...lintImage({ ...EVERY_RULE, ref: 'nginx:latest', config: { config: { User: '0' } } }, { allowedRegistries: [], maxSizeMiB: 500 }),
    ];
    expect(new Set(findings.map((f) => f.id)).size).toBe(imageLintRules.all().length);
    for (const f of findings) {
      expect(f.said?.message?.id, f.id).toMatch(/^imagelint\.rule\./);
      expect(english(f.said!.message!)).toBe(f.message);
    }
  });

  it('names a credential file by its kind, in English and in Japanese', () => {
    const files = lintImage(
      {
        ...EVERY_RULE,
        files: new Map([
          ['root/.docker/config.json', Buffer.from('{"auths":{"r":{"auth":"dXNlcjpwYXNz"}}}')],
          ['home/app/.netrc', Buffer.from('machine x login y password z')],
        ]),
      },
      { allowedRegistries: [], maxSizeMiB: 500 },
    ).filter((f) => f.id === 'image-secret-file');
    expect(files.map((f) => f.message)).toEqual([
      `/root/.docker/config.json: ${REGISTRY_CREDENTIALS.kind}; the content is not shown`,
      `/home/app/.netrc: ${CREDENTIALS_FILE.kind}; the content is not shown`,
    ]);
    expect(files.map((f) => localizeMessage(f.said!.message!, 'ja'))).toEqual([
      '/root/.docker/config.json: シークレット（レジストリの認証情報）を含むファイルです（内容は表示しません）',
      '/home/app/.netrc: シークレット（認証情報ファイル）を含むファイルです（内容は表示しません）',
    ]);
  });
});
