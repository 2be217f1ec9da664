// The kind of secret the swarm audit names is said by the kind's id: for every id its English is the phrase
// describeSecretReason says of a variable reported for it, and its Japanese the words the kind has in Japanese.
import { describe, expect, it } from 'vitest';
import { secretKindMessage } from '../../../src/audit/messages.js';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import {
  CREDENTIALS_FILE,
  REGISTRY_CREDENTIALS,
  SECRET_KIND_IDS,
  describeSecretReason,
  secretInVariable,
  secretKindOf,
  type SecretKindId,
} from '../../../src/security/secrets.js';

/** A reason of every kind a variable can be reported for, as the detector gives it. */
const REASONS = [
  secretInVariable('DB_PASSWORD', 'hunter2'),
  secretInVariable('DB_PASSWORD', null, '${DB_PASSWORD:-hunter2}'),
  secretInVariable('X', 'AKIAIOSFODNN7EXAMPLE'),
  secretInVariable('X', '-----BEGIN OPENSSH PRIVATE KEY-----'),
  secretInVariable('X', `ghp_${'a'.repeat(36)}`),
  secretInVariable('X', 'xoxb-1234567890-abcdefghij'),
].map((r) => r!);

/** The English of a kind: what describeSecretReason says of a variable's reason; a file's kind with its article. */
const englishOf = (id: SecretKindId): string => {
  const reason = REASONS.find((r) => secretKindOf(r) === id);
  if (reason !== undefined) return describeSecretReason(reason);
  const shape = [REGISTRY_CREDENTIALS, CREDENTIALS_FILE].find((s) => s.id === id);
  if (shape === undefined) throw new Error(`no reason nor shape for ${id}`);
  return `a ${shape.kind}`;
};

const JA: Readonly<Record<SecretKindId, string>> = {
  literal: 'シークレット（直接書かれた値）',
  'default-literal': 'シークレット（${VAR:-…} の既定値）',
  'aws-access-key-id': 'シークレット（AWS のアクセスキー ID）',
  'private-key': 'シークレット（秘密鍵）',
  'github-token': 'シークレット（GitHub のトークン）',
  'slack-token': 'シークレット（Slack のトークン）',
  'registry-credentials': 'シークレット（レジストリの認証情報）',
  'credentials-file': 'シークレット（認証情報ファイル）',
};

describe('the kind of a secret in the swarm audit, by id', () => {
  it.each([...SECRET_KIND_IDS])('%s: the English of describeSecretReason, the Japanese of the kind', (id) => {
    const m = secretKindMessage(id);
    expect(m.id).toBe(`audit.rule.secretKind.${id}`);
    expect(english(m)).toBe(englishOf(id));
    expect(localizeMessage(m, 'ja')).toBe(JA[id]);
  });
});
