// Small pieces shared by the Japanese texts of every rule family: evidence readers and the words for
// what a secret looks like, by its id. Values themselves are never translated (nor shown, for secrets).
import type { EvidenceValue } from '../../core/finding.js';

export const str = (v: EvidenceValue | undefined): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

export const list = (v: EvidenceValue | undefined): string[] | undefined => (Array.isArray(v) ? v : undefined);

/**
 * What a secret looks like, by the id findings carry in their evidence (`kindId`, src/security/secrets.ts
 * SECRET_KIND_IDS; a test checks that every id has its words here).
 */
export const JA_SECRET_KIND: Readonly<Record<string, string>> = {
  literal: '直接書かれた値',
  'default-literal': '${VAR:-…} の既定値',
  'aws-access-key-id': 'AWS のアクセスキー ID',
  'private-key': '秘密鍵',
  'github-token': 'GitHub のトークン',
  'slack-token': 'Slack のトークン',
  'registry-credentials': 'レジストリの認証情報',
  'credentials-file': '認証情報ファイル',
};

/** "シークレット（what it looks like）" from the kind's id; a finding without one (kept by an older version) says "シークレット". */
export function jaSecretKind(id: EvidenceValue | undefined): string {
  const words = typeof id === 'string' && Object.hasOwn(JA_SECRET_KIND, id) ? JA_SECRET_KIND[id] : undefined;
  return words === undefined ? 'シークレット' : `シークレット（${words}）`;
}
