// Japanese texts of the compose lint rules: title, remediation and each occurrence's message, built from the
// finding's evidence. Ids, names, paths and values are never translated.
import { str } from './common.js';
import { withList, withText, type RuleTexts } from './rule-text.js';

/** Why each capability is dangerous, in Japanese. */
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

/** What happens to each key that docker stack deploy ignores, in Japanese. */
export const IGNORED_OPTION_CONSEQUENCE: Readonly<Record<string, string>> = {
  privileged: 'サービスは特権なしで動きます。特権に頼る処理があれば実行時に失敗します',
  security_opt: 'このキーによる seccomp/AppArmor/SELinux/no-new-privileges の設定は適用されず、タスクはエンジンの既定値で動きます',
  devices: 'ホストのデバイスはタスクに渡されません',
  restart: 'Swarm は deploy.restart_policy に従ってタスクを再起動します（既定は無制限の always）',
  network_mode: 'タスクは代わりにスタックのネットワークに接続されます',
  pid: 'タスクは自身の PID 名前空間を使い続けます',
  ipc: 'タスクは自身の IPC 名前空間を使い続けます',
  userns_mode: 'ユーザー名前空間の設定はデーモン側の設定だけで決まります',
  cgroup_parent: 'タスクは既定の cgroup 親を使います',
  cgroupns_mode: 'タスクはデーモン既定の cgroup 名前空間モードを使います',
  shm_size: '/dev/shm は既定の 64 MB のままです',
  links: 'リンクは作成されません。同じネットワーク上のサービスは名前で互いを見つけます',
  external_links: 'リンクは作成されません',
  domainname: 'ドメイン名は設定されません',
  mac_address: 'MAC アドレスはエンジンが割り当てます',
  build: '何もビルドされません。サービスにはプッシュ済みの `image` が必要です',
  container_name: 'タスクのコンテナには自動生成の名前が付きます',
  expose: '何も変わりません。共有ネットワーク上のサービスはどのポートにも到達できます',
};

const LIMIT_NAME: Readonly<Record<string, string>> = { memory: 'メモリ', pids: 'PID 数' };

export const JA_COMPOSE_RULES: Readonly<Record<string, RuleTexts>> = {
  'capabilities-not-dropped': {
    title: '既定のケーパビリティが削除されていない',
    remediation:
      '`cap_drop: [ALL]` を指定し、プログラムに必要なものだけを `cap_add` で戻してください（例: root で起動してユーザーを切り替えるサーバーなら NET_BIND_SERVICE、CHOWN、SETUID、SETGID）。',
    message: (e) => `サービス "${str(e.service)}" はケーパビリティを ALL で削除していません`,
  },
  'dangerous-capability': {
    title: '危険な Linux ケーパビリティの追加',
    remediation: 'そのケーパビリティを削除してください。限られた権限が一つだけ必要なら、それだけを付与し、他は ALL で削除します（`cap_drop: [ALL]`）。',
    message: withText(
      'capability',
      (cap, e) => `サービス "${str(e.service)}" が ${cap} を追加しています: ${CAPABILITY_REASON[cap] ?? 'コンテナの隔離を弱めます'}`,
    ),
  },
  'docker-socket-mount': {
    title: 'Docker ソケットがサービスにマウントされている',
    remediation:
      'マウントを削除してください。プロキシやエージェントなど、どうしても API が必要なサービスでは、呼び出しを絞り込むソケットプロキシを前段に置き、配置制約で専用のノードに限定し、その理由を文書に残してください。',
    message: (e) => `サービス "${str(e.service)}" がエンジンのソケット ${str(e.source)} を ${str(e.target)} にマウントしています`,
  },
  'host-namespace': {
    title: 'サービスがホストのネットワーク・PID・IPC 名前空間を共有している',
    remediation: 'サービスを暗号化したオーバーレイネットワークに接続し、必要なポートだけを公開してください。`network_mode`、`pid`、`ipc` は削除します。',
    message: (e) => {
      if (e.namespace === 'network' && e.appliedBySwarm === true) return `サービス "${str(e.service)}" がノードのホストネットワークに接続されています`;
      const key = str(e.key);
      if (key === undefined) return undefined;
      return `サービス "${str(e.service)}" が ${key}: host を指定しています（docker stack deploy は無視しますが、docker compose では適用されます）`;
    },
  },
  'image-not-pinned': {
    title: 'イメージが固定されていない',
    remediation:
      'バージョンタグとダイジェストを両方指定してください: `image: nginx:1.27.2@sha256:…`（ダイジェストは `docker buildx imagetools inspect` で確認できます）。',
    message: withText('image', (image, e) => {
      const tag = str(e.tag);
      if (tag === undefined) return `サービス "${str(e.service)}" がタグなし（latest）のイメージを使っています: ${image}`;
      if (tag === 'latest') return `サービス "${str(e.service)}" が latest タグを使っています: ${image}`;
      return `サービス "${str(e.service)}" がダイジェストなしでタグ ${tag} を使っています: ${image}`;
    }),
  },
  'no-healthcheck': {
    title: 'ヘルスチェックがない',
    remediation:
      'イメージに含まれるコマンドで `healthcheck: {test: ["CMD", "…"], interval: 30s, timeout: 5s, retries: 3, start_period: 10s}` を追加してください。',
    message: (e) =>
      e.disabled === true
        ? `サービス "${str(e.service)}" がヘルスチェックを無効にしています`
        : `サービス "${str(e.service)}" にヘルスチェックがありません（イメージ側で定義されていない限り）`,
  },
  'no-resource-limits': {
    title: 'メモリや PID 数の上限がない',
    remediation:
      '`deploy.resources.limits: {memory: 256M, pids: 100}` をサービスに合わせた値で設定してください（`pids` には compose ファイルのバージョン 3.9 以降が必要です）。スケジューラーが収まるノードに配置できるよう、reservations も設定します。',
    message: withList('missing', (missing, e) => `サービス "${str(e.service)}" に${missing.map((m) => LIMIT_NAME[m] ?? m).join('と')}の上限がありません`),
  },
  'not-read-only': {
    title: 'ルートファイルシステムが書き込み可能',
    remediation: '`read_only: true` を設定し、書き込みが必要なパスを明示的にマウントしてください（例: `volumes: [{type: tmpfs, target: /tmp}]`）。',
    message: (e) => `サービス "${str(e.service)}" のルートファイルシステムが書き込み可能です`,
  },
  'overlay-not-encrypted': {
    title: 'オーバーレイネットワークの通信が暗号化されていない',
    remediation:
      'オーバーレイネットワークに `driver_opts: {encrypted: ""}` を追加し、サービスは暗黙の default ではなく明示的に宣言した暗号化ネットワークに接続してください（`swarmguard compose lint --fix` が両方を行います）。ノード間で IP プロトコル 50（ESP）を許可する必要があります。',
    remediationFor: (e) =>
      e.encrypted === 'false'
        ? '`encrypted: ""` と書いてエンジンの実際の動作をそのまま表すか、本当に平文にしたいならオプションを削除してください。'
        : undefined,
    message: withText('network', (network, e) => {
      if (e.implicit === true) return `サービス "${str(e.service)}" はスタック暗黙の default ネットワーク（暗号化なしのオーバーレイ）を使っています`;
      if (e.encrypted === 'false')
        return `ネットワーク "${network}" は encrypted: "false" と書かれていますが、このオプションがあればエンジンは常に暗号化します`;
      return `オーバーレイネットワーク "${network}" に "encrypted" ドライバーオプションがありません`;
    }),
  },
  'port-ingress-published': {
    title: 'ルーティングメッシュ経由で全ノードにポートを公開している',
    remediation:
      '外部から到達できる必要があるものだけを公開してください。選んだノード上のファイアウォールやフロントのプロキシで制限するか、`mode: host` と配置制約を組み合わせて、そのノードだけでポートを開きます。',
    message: (e) =>
      `サービス "${str(e.service)}" が ${str(e.published)}->${str(e.target)}/${str(e.protocol)} を全ノードで公開しています（ingress ルーティングメッシュ）`,
  },
  'port-host-mode': {
    title: 'ホストモードでポートを公開している',
    remediation:
      'サービスを特定のノードに固定し（配置制約、`max_replicas_per_node: 1` または `mode: global`）、必要なクライアントだけにファイアウォールでポートを開けてください。',
    message: (e) =>
      `サービス "${str(e.service)}" が ${str(e.published)}->${str(e.target)}/${str(e.protocol)} をタスクが動く各ノードのホストインターフェースで公開しています`,
  },
  'restart-policy-unbounded': {
    title: 'max_attempts のない再起動ポリシー',
    remediation: '`deploy.restart_policy: {condition: on-failure, delay: 5s, max_attempts: 5, window: 120s}` を設定してください。',
    message: (e) =>
      e.condition === 'any (default)'
        ? `サービス "${str(e.service)}" に restart_policy がなく、Swarm は失敗したタスクを無制限に再起動します`
        : `サービス "${str(e.service)}" の restart_policy に max_attempts がなく、失敗したタスクが無制限に再起動されます`,
  },
  'secret-in-environment': {
    title: 'シークレットが平文の環境変数で渡されている',
    remediation:
      'Docker シークレットを作り（トップレベルの `secrets:` に `file:` または `external: true`）、サービスに渡して、アプリケーションにはマウントされたファイルを読ませてください（例: `DB_PASSWORD_FILE: /run/secrets/db_password`）。',
    message: withText('variable', (variable, e) => {
      if (e.source === 'env_file')
        return `サービス "${str(e.service)}": env_file ${str(e.envFile)} の ${variable} にシークレットがそのまま書かれています（値は表示しません）`;
      if (e.reason === 'default-literal')
        return `サービス "${str(e.service)}": ${variable} の既定値 \${…:-…} にシークレットがそのまま書かれています（値は表示しません）`;
      return `サービス "${str(e.service)}": environment の ${variable} にシークレットがそのまま書かれています（値は表示しません）`;
    }),
  },
  'sensitive-host-path': {
    title: '機密性の高いホストのパスがサービスにマウントされている',
    remediation: 'サービスに必要なファイルだけを読み取り専用（`:ro`）でマウントするか、代わりに名前付きボリューム、config、シークレットを使ってください。',
    message: (e) =>
      `サービス "${str(e.service)}" がホストのパス ${str(e.source)} を${e.readOnly === true ? '読み取り専用で' : '読み書き可能で'} ${str(e.target)} にマウントしています`,
  },
  'stack-deploy-refuses': {
    title: 'docker stack deploy がこのファイルを受け付けない',
    remediation:
      'CLI が指摘した箇所を削除するか書き換えてください。`depends_on` はサービス名のリストにし（Swarm は起動順を保証しないため、ヘルスチェックと再試行で待ちます）、compose 専用のキーは削除し、ボリュームのソースが空になった変数を設定します。',
    message: (e) => {
      const reason = typeof e.reason === 'string' ? e.reason : undefined;
      // The variables that left the value blank: "MEDIA_PATH が未設定".
      const unset = Array.isArray(e.unset) ? e.unset : [];
      const blank = (Array.isArray(e.variables) ? e.variables : []).map((v) => `${str(v)} が${unset.includes(v) ? '未設定' : '空'}`).join('、');
      return reason === undefined
        ? undefined
        : `docker stack deploy はこのファイルを受け付けません（docker CLI のエラー: ${reason}）${blank ? `（${blank}）` : ''}`;
    },
  },
  'swarm-ignored-option': {
    title: 'docker stack deploy が無視するオプション',
    remediation:
      'キーを削除するか、Swarm の書き方に置き換えてください。restart は deploy.restart_policy、network_mode は networks です。security_opt と privileged にはサービス単位の Swarm の書き方がないため、すべてのノードでデーモンを設定します（既定の seccomp/AppArmor、no-new-privileges）。',
    message: withText(
      'key',
      (key, e) =>
        `サービス "${str(e.service)}": "${key}" は docker stack deploy で無視されます: ${IGNORED_OPTION_CONSEQUENCE[key] ?? 'Swarm では適用されません'}`,
    ),
  },
  'user-root': {
    title: 'サービスが root で動く',
    remediation:
      'イメージが対応している非 root ユーザーを `user: "UID:GID"` で指定するか（例: nginx の unprivileged イメージなら `user: "101:101"`）、USER を設定したイメージをビルドしてください。',
    message: (e) => {
      const user = e.user;
      if (user === null || user === undefined)
        return `サービス "${str(e.service)}" は user を指定しておらず、イメージの既定（多くのイメージでは root）で動きます`;
      return `サービス "${str(e.service)}" が root で動きます（user: ${str(user)}）`;
    },
  },
};
