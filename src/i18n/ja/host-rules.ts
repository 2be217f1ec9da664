// Japanese texts of the host hardening tips (src/hardening/): the Docker API over TCP and the docker group.
// The checks say their messages by id (Japanese in hardening.ts); these are the rules' titles and remediations.
import type { RuleTexts } from './rule-text.js';

export const JA_HOST_RULES: Readonly<Record<string, RuleTexts>> = {
  'engine-api-tcp-unauthenticated': {
    title: 'TLS クライアント認証なしで Docker API に TCP で到達できる',
    remediation:
      'dockerd から tcp:// のホスト指定を外すか、--tlsverify --tlscacert --tlscert --tlskey を付けて起動してください（daemon.json では "tlsverify": true）。' +
      'リモートのクライアントは DOCKER_HOST=ssh://user@host を使うか、tcp:// に DOCKER_TLS_VERIFY=1 を組み合わせます。',
  },
  'docker-group-ordinary-user': {
    title: '一般ユーザーが docker グループに所属している',
    remediation:
      'ユーザーをグループから外してください（`gpasswd -d USER docker`）。docker CLI は監査の記録が残る sudo 経由で使わせるか、rootless Docker を使います。本当の管理者は --trusted-users で指定してください。',
  },
};
