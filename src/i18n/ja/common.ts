// Small pieces shared by the Japanese texts of every rule family: evidence readers and the words for
// what a secret looks like. Values themselves are never translated (nor shown, for secrets).
import type { EvidenceValue } from '../../core/finding.js';

export const str = (v: EvidenceValue | undefined): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

export const list = (v: EvidenceValue | undefined): string[] | undefined => (Array.isArray(v) ? v : undefined);

const SECRET_KIND: Readonly<Record<string, string>> = {
  'literal value': '直接書かれた値',
  'AWS access key id': 'AWS のアクセスキー ID',
  'private key': '秘密鍵',
  'GitHub token': 'GitHub のトークン',
  'Slack token': 'Slack のトークン',
  'registry credentials': 'レジストリの認証情報',
  'credentials file': '認証情報ファイル',
};

/** "シークレット（what it looks like）", from the English words swarmguard's detectors use ("an AWS access key id"). */
export function jaSecretKind(kind: string | undefined): string {
  if (kind === undefined) return 'シークレット';
  if (kind.startsWith('a literal default')) return 'シークレット（${VAR:-…} の既定値）';
  const bare = kind.replace(/^(an?|the) /, '');
  return `シークレット（${SECRET_KIND[bare] ?? bare}）`;
}
