// The security predicates' answers said by id, from one book (src/security-words/messages.ts): the English of each
// message is the predicate's own words (what describeSecretReason, SecretShape and EngineSocketExposure say), so
// the evidence a finding keeps and the message it says cannot drift apart; the Japanese is the kind's Japanese words.
import { describe, expect, it } from 'vitest';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { engineSocketAt, engineSocketExposedBy } from '../../../src/security/engine-socket.js';
import {
  CREDENTIALS_FILE,
  REGISTRY_CREDENTIALS,
  SECRET_KIND_IDS,
  describeSecretReason,
  secretInVariable,
  secretKindOf,
  secretValueShape,
} from '../../../src/security/secrets.js';
import { engineSocketSaid, secretKindSaid, secretNameSaid, secretReasonSaid } from '../../../src/security-words/messages.js';
import { JAPANESE } from '../i18n/ja-helpers.js';

/** The Japanese words of each kind. */
const JA_SECRET_KIND: Readonly<Record<string, string>> = {
  literal: '直接書かれた値',
  'default-literal': '${VAR:-…} の既定値',
  'aws-access-key-id': 'AWS のアクセスキー ID',
  'private-key': '秘密鍵',
  'github-token': 'GitHub のトークン',
  'slack-token': 'Slack のトークン',
  'registry-credentials': 'レジストリの認証情報',
  'credentials-file': '認証情報ファイル',
};

/** A reason of every kind a variable can be reported for, as the detector gives it. */
const REASONS = [
  secretInVariable('DB_PASSWORD', 'hunter2'),
  secretInVariable('DB_PASSWORD', null, '${DB_PASSWORD:-hunter2}'),
  secretInVariable('X', 'AKIAIOSFODNN7EXAMPLE'),
  secretInVariable('X', '-----BEGIN OPENSSH PRIVATE KEY-----'),
  secretInVariable('X', `ghp_${'a'.repeat(36)}`),
  secretInVariable('X', 'xoxb-1234567890-abcdefghij'),
].map((r) => r!);

describe('the kind of a secret, said by id', () => {
  it('says every reason a variable is reported for as describeSecretReason does, with the Japanese words of its kind', () => {
    expect(new Set(REASONS.map(secretKindOf))).toEqual(new Set(SECRET_KIND_IDS.filter((k) => k !== 'registry-credentials' && k !== 'credentials-file')));
    for (const r of REASONS) {
      const m = secretReasonSaid(r);
      expect(m.id).toBe(`security.secret.${secretKindOf(r)}`);
      expect(english(m)).toBe(describeSecretReason(r));
      expect(localizeMessage(m, 'ja')).toBe(JA_SECRET_KIND[secretKindOf(r)]);
    }
  });

  it('has a phrase and Japanese for every kind id, and a name for every shape, as the shape names itself', () => {
    for (const id of SECRET_KIND_IDS) expect(JAPANESE.test(localizeMessage(secretKindSaid(id), 'ja')), id).toBe(true);
    const shapes = [
      secretValueShape('AKIAIOSFODNN7EXAMPLE')!,
      secretValueShape('-----BEGIN OPENSSH PRIVATE KEY-----')!,
      secretValueShape(`ghp_${'a'.repeat(36)}`)!,
      secretValueShape('xoxb-1234567890-abcdefghij')!,
      REGISTRY_CREDENTIALS,
      CREDENTIALS_FILE,
    ];
    for (const s of shapes) {
      expect(english(secretNameSaid(s.id as Parameters<typeof secretNameSaid>[0]))).toBe(s.kind);
      expect(localizeMessage(secretNameSaid(s.id as Parameters<typeof secretNameSaid>[0]), 'ja')).toBe(JA_SECRET_KIND[s.id]);
    }
  });
});

describe('the engine socket a mount exposes, said by id', () => {
  it.each([
    '/var/run/docker.sock',
    '/run/docker.sock',
    '/run',
    '/var/run/',
    '/run/containerd',
    '/run/containerd/containerd.sock',
    '/run/docker/containerd/containerd.sock',
    '/var/run/docker',
    '/home/u/.docker/run/docker.sock',
    '/opt/k3s/containerd.sock',
  ])('%s: the same words as the predicate, in Japanese too', (p) => {
    const exposed = engineSocketAt(p)!;
    expect(english(engineSocketSaid(exposed))).toBe(engineSocketExposedBy(p));
    expect(JAPANESE.test(localizeMessage(engineSocketSaid(exposed), 'ja'))).toBe(true);
  });
});
