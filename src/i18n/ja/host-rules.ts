// Japanese texts of the host hardening tips (src/hardening/): the Docker API over TCP and the docker group.
// Endpoints, pids, user names and uids stay as they are; an operating system error is quoted verbatim. The checks
// say their messages by id (Japanese in hardening.ts), all but the Docker API answering over plain HTTP, said here.
import type { RuleTexts } from './rule-text.js';
import { str } from './common.js';

export const JA_HOST_RULES: Readonly<Record<string, RuleTexts>> = {
  'engine-api-tcp-unauthenticated': {
    title: 'TLS クライアント認証なしで Docker API に TCP で到達できる',
    remediation:
      'dockerd から tcp:// のホスト指定を外すか、--tlsverify --tlscacert --tlscert --tlskey を付けて起動してください（daemon.json では "tlsverify": true）。' +
      'リモートのクライアントは DOCKER_HOST=ssh://user@host を使うか、tcp:// に DOCKER_TLS_VERIFY=1 を組み合わせます。',
    // Said from the evidence: the English names the host ("root on HOST") and this Japanese does not, while a
    // message by id has the same values in every language.
    message: (e, f) => {
      const endpoint = f.target.kind === 'engine' ? f.target.endpoint : undefined;
      const pid = str(e.pid);
      if (endpoint === undefined || pid === undefined || e.probe !== 'open-http') return undefined;
      return `dockerd（pid ${pid}）が ${endpoint} で Docker API を認証なしの平文 HTTP で公開しています。このポートに到達できる者は誰でもホストの root 権限を得ます`;
    },
  },
  'docker-group-ordinary-user': {
    title: '一般ユーザーが docker グループに所属している',
    remediation:
      'ユーザーをグループから外してください（`gpasswd -d USER docker`）。docker CLI は監査の記録が残る sudo 経由で使わせるか、rootless Docker を使います。本当の管理者は --trusted-users で指定してください。',
  },
};
