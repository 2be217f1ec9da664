// Japanese texts of the host hardening tips (src/hardening/): the Docker API over TCP and the docker group.
// Endpoints, pids, user names and uids stay as they are; an operating system error is quoted verbatim.
import type { RuleTexts } from './rule-text.js';
import { str } from './common.js';

export const JA_HOST_RULES: Readonly<Record<string, RuleTexts>> = {
  'engine-api-tcp-unauthenticated': {
    title: 'TLS クライアント認証なしで Docker API に TCP で到達できる',
    remediation:
      'dockerd から tcp:// のホスト指定を外すか、--tlsverify --tlscacert --tlscert --tlskey を付けて起動してください（daemon.json では "tlsverify": true）。' +
      'リモートのクライアントは DOCKER_HOST=ssh://user@host を使うか、tcp:// に DOCKER_TLS_VERIFY=1 を組み合わせます。',
    message: (e, f) => {
      const endpoint = f.target.kind === 'engine' ? f.target.endpoint : undefined;
      const pid = str(e.pid);
      if (endpoint === undefined || pid === undefined) return undefined;
      if (e.probe === 'open-http')
        return `dockerd（pid ${pid}）が ${endpoint} で Docker API を認証なしの平文 HTTP で公開しています。このポートに到達できる者は誰でもホストの root 権限を得ます`;
      if (e.probe === 'open-tls')
        return `dockerd（pid ${pid}）が ${endpoint} で Docker API を TLS で公開していますが、クライアント証明書を要求していません（--tlsverify なしの --tls）。TLS で暗号化はされても認証はされません`;
      if (str(e.host) !== undefined)
        return `dockerd（pid ${pid}）は --tlsverify なしで ${str(e.host)} を待ち受ける設定です。アドレスがループバックでもワイルドカードでもない、または待ち受けていないため、接続は確認していません`;
      return undefined;
    },
  },
  'docker-group-ordinary-user': {
    title: '一般ユーザーが docker グループに所属している',
    remediation:
      'ユーザーをグループから外してください（`gpasswd -d USER docker`）。docker CLI は監査の記録が残る sudo 経由で使わせるか、rootless Docker を使います。本当の管理者は --trusted-users で指定してください。',
    message: (e) => {
      if (str(e.error) !== undefined) return `アカウントのファイルを読めませんでした: ${str(e.error)}`;
      const user = str(e.user);
      if (user === undefined) return undefined;
      if (e.uid === null)
        return `"${user}" は docker グループに載っていますが /etc/passwd にアカウントがありません（ディレクトリサービスのユーザー？）。このグループへの所属は root と同等です`;
      return `ユーザー "${user}"（uid ${str(e.uid)}）が docker グループに${e.via === 'primary' ? 'プライマリグループとして' : ''}所属しています。このグループへの所属は root と同等です`;
    },
  },
};
