// Japanese texts of the compose lint rules: title and remediation (each occurrence's message is said by id,
// src/i18n/ja/compose.ts). Ids, names, paths and values are never translated.
import type { RuleTexts } from './rule-text.js';

/** Why each capability is dangerous, in Japanese (compose lint and the benchmark say it by id: ja/compose.ts, ja/bench.ts). */
export const CAPABILITY_REASON: Readonly<Record<string, string>> = {
  ALL: 'すべてのケーパビリティ。ホスト上の root とほぼ同等です',
  SYS_ADMIN: 'mount、名前空間、BPF など、コンテナから抜け出す手段が多数あります',
  SYS_MODULE: 'カーネルモジュールを読み込めます',
  SYS_PTRACE: '他のプロセスをトレースし、コードを注入できます',
  SYS_RAWIO: 'I/O ポートやメモリに直接アクセスできます',
  SYS_BOOT: 'ホストを再起動できます',
  SYS_TIME: 'ホストの時刻を変更できます',
  DAC_READ_SEARCH: 'ファイルハンドル経由で任意のファイルを開けます（"shocker" による脱出）',
  DAC_OVERRIDE: 'ファイルのパーミッションを無視できます',
  NET_ADMIN: 'インターフェース、ルーティング、ファイアウォールを変更できます',
  NET_RAW: 'raw ソケットによる なりすましや盗聴ができます',
  MAC_ADMIN: 'LSM（AppArmor/SELinux）のポリシーを変更できます',
  MAC_OVERRIDE: 'LSM のポリシーを迂回できます',
  BPF: 'BPF プログラムを読み込めます',
  PERFMON: 'カーネルの性能監視機能を使えます',
  SYSLOG: 'カーネルログ（アドレス情報）を読めます',
  SETFCAP: 'ファイルケーパビリティを設定できます',
  LINUX_IMMUTABLE: 'immutable 属性のファイルを変更できます',
};

export const JA_COMPOSE_RULES: Readonly<Record<string, RuleTexts>> = {
  'capabilities-not-dropped': {
    title: '既定のケーパビリティが削除されていない',
    remediation:
      '`cap_drop: [ALL]` を指定し、プログラムに必要なものだけを `cap_add` で戻してください（例: root で起動してユーザーを切り替えるサーバーなら NET_BIND_SERVICE、CHOWN、SETUID、SETGID）。',
  },
  'dangerous-capability': {
    title: '危険な Linux ケーパビリティの追加',
    remediation: 'そのケーパビリティを削除してください。限られた権限が一つだけ必要なら、それだけを付与し、他は ALL で削除します（`cap_drop: [ALL]`）。',
  },
  'docker-socket-mount': {
    title: 'Docker ソケットがサービスにマウントされている',
    remediation:
      'マウントを削除してください。プロキシやエージェントなど、どうしても API が必要なサービスでは、呼び出しを絞り込むソケットプロキシを前段に置き、配置制約で専用のノードに限定し、その理由を文書に残してください。',
  },
  'host-namespace': {
    title: 'サービスがホストのネットワーク・PID・IPC 名前空間を共有している',
    remediation: 'サービスを暗号化したオーバーレイネットワークに接続し、必要なポートだけを公開してください。`network_mode`、`pid`、`ipc` は削除します。',
  },
  'image-not-pinned': {
    title: 'イメージが固定されていない',
    remediation:
      'バージョンタグとダイジェストを両方指定してください: `image: nginx:1.27.2@sha256:…`（ダイジェストは `docker buildx imagetools inspect` で確認できます）。',
  },
  'no-healthcheck': {
    title: 'ヘルスチェックがない',
    remediation:
      'イメージに含まれるコマンドで `healthcheck: {test: ["CMD", "…"], interval: 30s, timeout: 5s, retries: 3, start_period: 10s}` を追加してください。',
  },
  'no-resource-limits': {
    title: 'メモリや PID 数の上限がない',
    remediation:
      '`deploy.resources.limits: {memory: 256M, pids: 100}` をサービスに合わせた値で設定してください（`pids` には compose ファイルのバージョン 3.9 以降が必要です）。スケジューラーが収まるノードに配置できるよう、reservations も設定します。',
  },
  'not-read-only': {
    title: 'ルートファイルシステムが書き込み可能',
    remediation: '`read_only: true` を設定し、書き込みが必要なパスを明示的にマウントしてください（例: `volumes: [{type: tmpfs, target: /tmp}]`）。',
  },
  'overlay-not-encrypted': {
    title: 'オーバーレイネットワークの通信が暗号化されていない',
    remediation:
      'オーバーレイネットワークに `driver_opts: {encrypted: ""}` を追加し、サービスは暗黙の default ではなく明示的に宣言した暗号化ネットワークに接続してください（`swarmguard compose lint --fix` が両方を行います）。ノード間で IP プロトコル 50（ESP）を許可する必要があります。',
    remediationFor: (e) =>
      e.encrypted === 'false'
        ? '`encrypted: ""` と書いてエンジンの実際の動作をそのまま表すか、本当に平文にしたいならオプションを削除してください。'
        : undefined,
  },
  'port-ingress-published': {
    title: 'ルーティングメッシュ経由で全ノードにポートを公開している',
    remediation:
      '外部から到達できる必要があるものだけを公開してください。選んだノード上のファイアウォールやフロントのプロキシで制限するか、`mode: host` と配置制約を組み合わせて、そのノードだけでポートを開きます。',
  },
  'port-host-mode': {
    title: 'ホストモードでポートを公開している',
    remediation:
      'サービスを特定のノードに固定し（配置制約、`max_replicas_per_node: 1` または `mode: global`）、必要なクライアントだけにファイアウォールでポートを開けてください。',
  },
  'restart-policy-unbounded': {
    title: 'max_attempts のない再起動ポリシー',
    remediation: '`deploy.restart_policy: {condition: on-failure, delay: 5s, max_attempts: 5, window: 120s}` を設定してください。',
  },
  'secret-in-environment': {
    title: 'シークレットが平文の環境変数で渡されている',
    remediation:
      'Docker シークレットを作り（トップレベルの `secrets:` に `file:` または `external: true`）、サービスに渡して、アプリケーションにはマウントされたファイルを読ませてください（例: `DB_PASSWORD_FILE: /run/secrets/db_password`）。',
  },
  'sensitive-host-path': {
    title: '機密性の高いホストのパスがサービスにマウントされている',
    remediation: 'サービスに必要なファイルだけを読み取り専用（`:ro`）でマウントするか、代わりに名前付きボリューム、config、シークレットを使ってください。',
  },
  'stack-deploy-refuses': {
    title: 'docker stack deploy がこのファイルを受け付けない',
    remediation:
      'CLI が指摘した箇所を削除するか書き換えてください。`depends_on` はサービス名のリストにし（Swarm は起動順を保証しないため、ヘルスチェックと再試行で待ちます）、compose 専用のキーは削除し、ボリュームのソースが空になった変数を設定します。',
  },
  'swarm-ignored-option': {
    title: 'docker stack deploy が無視するオプション',
    remediation:
      'キーを削除するか、Swarm の書き方に置き換えてください。restart は deploy.restart_policy、network_mode は networks です。security_opt と privileged にはサービス単位の Swarm の書き方がないため、すべてのノードでデーモンを設定します（既定の seccomp/AppArmor、no-new-privileges）。',
  },
  'user-root': {
    title: 'サービスが root で動く',
    remediation:
      'イメージが対応している非 root ユーザーを `user: "UID:GID"` で指定するか（例: nginx の unprivileged イメージなら `user: "101:101"`）、USER を設定したイメージをビルドしてください。',
  },
};
