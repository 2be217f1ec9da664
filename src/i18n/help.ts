// Help texts of the command line: the program, its command groups and global options, and the commands people
// read most (compose lint, stack deploy, bench, image scan, audit). Flags, formats, file names stay as they are.

export const HELP_EN = {
  'help.program': 'Secure a Docker Swarm end to end: stack lint, gated deploys, encrypted overlays, image scanning, CIS benchmark, audit.',
  'help.debug': 'show stack traces and engine calls',
  'help.help': 'display help for command',
  'help.helpCommand': 'display help for command',
  'help.afterError': '(add --help for usage)',
  'help.version': 'output the version number',
  'help.group.compose': 'lint compose/stack files for Swarm, list the rules, write a secure starting stack',
  'help.group.stack': 'deploy and manage Swarm stacks (gated by the compose lint)',
  'help.group.network': 'overlay encryption and node network prerequisites',
  'help.group.image': 'image vulnerabilities and hardening: scan, diff, lint',
  'help.group.db': 'the vulnerability database: download, status, offline import/export',
  'help.group.policy': 'whether an image may ship: a policy of rules (vulnerabilities, KEV, licences, user, base image, shells) evaluated offline',
  'help.group.swarm': 'the live swarm',
  'help.group.host': 'hardening checks of this host and its Docker daemon',
  'help.group.engine': 'the Docker engine swarmguard talks to',
  'help.group.dashboard':
    'a live, read-only security dashboard in the browser over the history: audit score over time, services, images (vulnerabilities, SBOM), nodes, networks',
  'help.group.sbom':
    'the package inventory of an image, read from its layers: dpkg, apk, rpm, Go and Rust binaries, Java archives, gems, Composer, .NET, npm, Python',
  'help.group.serve':
    "scan images as they are pushed: a receiver for the registry's notifications (registry config `notifications: endpoints:`), with health and metrics",
  'help.group.watch':
    "scan the image of every service created or updated on this swarm (follows the engine's events from a manager; resumes after an engine restart without missing events)",
  'help.group.history': 'scans kept by `serve`, `watch` and manual scans: image, trigger, time, counts per severity, new findings',
  'help.compose.lint': 'Swarm-aware security findings for compose/stack files, with file:line',
  'help.compose.lint.files': 'compose files, merged in order (like docker stack deploy -c A -c B)',
  'help.compose.lint.composeFile': 'a compose file (repeatable; same as a positional FILE)',
  'help.compose.lint.rule': 'run only these rules (comma-separated, repeatable)',
  'help.compose.lint.skipRule': 'do not run these rules (comma-separated, repeatable)',
  'help.compose.lint.envFile': 'read interpolation variables from FILE instead of .env beside the first file',
  'help.compose.lint.fix': 'apply safe fixes in place (encrypt overlay networks, replace the implicit default network); keeps comments',
  'help.compose.lint.dryRun': 'with --fix: print the unified diff and write nothing',
  'help.bench': 'CIS Docker Benchmark 1.6.0 on this host: daemon, files, images, containers, swarm (docker-bench-security compatible output)',
  'help.bench.remediation': 'print the remediation under each WARN',
  'help.bench.exitCode': 'exit with N when a scored (automated) check warns',
  'help.bench.allNodes': 'run on every node of the swarm (a one-shot global job service; from a manager)',
  'help.stack.deploy': 'deploy a new stack or update an existing one from compose files',
  'help.stack.deploy.prune': 'remove services of the stack that are no longer in the files',
  'help.stack.deploy.failOn': 'refuse the deploy when a lint finding is at or above SEVERITY',
  'help.stack.deploy.force': 'deploy even when lint findings reach --fail-on (they are still printed)',
  'help.stack.deploy.dryRun': 'print the plan (what would be created, updated, removed) and change nothing',
  'help.image.scan': 'vulnerabilities of the OS and language packages in an image, from the local advisory database',
  'help.image.scan.input': 'a `docker save` tar (plain, gzip or zstd), an OCI layout, a root filesystem or a project directory instead of the engine',
  'help.audit':
    'one report for the whole cluster: compose lint (-c), live swarm, host, CIS benchmark, image lint and vulnerability scan of every service image',
  'help.audit.html': 'also write the single-file HTML report',
  'help.audit.strict': 'exit 4 when a part could not be checked',
} as const;

export const HELP_JA: { readonly [K in keyof typeof HELP_EN]: string } = {
  'help.program':
    'Docker Swarm のセキュリティを一通り確保します: スタックの lint、ゲート付きデプロイ、暗号化オーバーレイ、イメージのスキャン、CIS ベンチマーク、監査。',
  'help.debug': 'スタックトレースとエンジンの呼び出しを表示する',
  'help.help': 'コマンドのヘルプを表示する',
  'help.helpCommand': 'コマンドのヘルプを表示する',
  'help.afterError': '（使い方は --help で表示できます）',
  'help.version': 'バージョン番号を表示する',
  'help.group.compose': 'Swarm 向けに compose/スタックファイルを lint し、ルールの一覧を表示し、安全なひな形のスタックを書き出す',
  'help.group.stack': 'Swarm のスタックをデプロイし管理する（compose lint によるゲート付き）',
  'help.group.network': 'オーバーレイの暗号化と、ノードのネットワークの前提条件',
  'help.group.image': 'イメージの脆弱性と堅牢化: scan、diff、lint',
  'help.group.db': '脆弱性データベース: ダウンロード、状態の確認、オフラインでのインポート/エクスポート',
  'help.group.policy': 'イメージを出荷してよいか: ルールのポリシー（脆弱性、KEV、ライセンス、ユーザー、ベースイメージ、シェル）をオフラインで評価',
  'help.group.swarm': '稼働中の Swarm',
  'help.group.host': 'このホストと Docker デーモンの堅牢化チェック',
  'help.group.engine': 'swarmguard が接続する Docker エンジン',
  'help.group.dashboard':
    '履歴をもとに、ブラウザで見る読み取り専用のセキュリティダッシュボード: 監査スコアの推移、サービス、イメージ（脆弱性、SBOM）、ノード、ネットワーク',
  'help.group.sbom':
    'イメージのレイヤーから読み取ったパッケージの一覧: dpkg、apk、rpm、Go と Rust のバイナリ、Java のアーカイブ、gem、Composer、.NET、npm、Python',
  'help.group.serve':
    'プッシュされたイメージをスキャンする: レジストリの通知（レジストリ設定の `notifications: endpoints:`）の受信側。ヘルスチェックとメトリクス付き',
  'help.group.watch':
    'この Swarm で作成・更新されたすべてのサービスのイメージをスキャンする（マネージャーでエンジンのイベントを追い、エンジンの再起動後もイベントを取りこぼさずに再開する）',
  'help.group.history': '`serve`、`watch`、手動のスキャンの記録: イメージ、契機、日時、深刻度ごとの件数、新しい指摘',
  'help.compose.lint': 'compose/スタックファイルのセキュリティ上の指摘を、Swarm の動作を踏まえて file:line 付きで表示する',
  'help.compose.lint.files': 'compose ファイル。指定順にマージする（docker stack deploy -c A -c B と同じ）',
  'help.compose.lint.composeFile': 'compose ファイル（複数指定可。位置引数の FILE と同じ）',
  'help.compose.lint.rule': 'これらのルールだけを実行する（カンマ区切り、複数指定可）',
  'help.compose.lint.skipRule': 'これらのルールを実行しない（カンマ区切り、複数指定可）',
  'help.compose.lint.envFile': '変数の展開に、最初のファイルの隣の .env ではなく FILE を読む',
  'help.compose.lint.fix': '安全な修正をファイルに直接適用する（オーバーレイネットワークの暗号化、暗黙の default ネットワークの置き換え）。コメントは残る',
  'help.compose.lint.dryRun': '--fix と併用: 差分（unified diff）を表示し、何も書き込まない',
  'help.bench': 'このホストで CIS Docker Benchmark 1.6.0 を実行する: デーモン、ファイル、イメージ、コンテナ、Swarm（docker-bench-security 互換の出力）',
  'help.bench.remediation': '各 WARN の下に対処方法を表示する',
  'help.bench.exitCode': '採点対象（自動化された）チェックが WARN のとき、終了コード N で終了する',
  'help.bench.allNodes': 'Swarm のすべてのノードで実行する（一回限りのグローバルジョブのサービス。マネージャーから実行）',
  'help.stack.deploy': 'compose ファイルから新しいスタックをデプロイするか、既存のスタックを更新する',
  'help.stack.deploy.prune': 'ファイルからなくなったスタックのサービスを削除する',
  'help.stack.deploy.failOn': 'lint の指摘が SEVERITY 以上のとき、デプロイを拒否する',
  'help.stack.deploy.force': 'lint の指摘が --fail-on に達してもデプロイする（指摘は表示される）',
  'help.stack.deploy.dryRun': '計画（作成・更新・削除されるもの）を表示し、何も変更しない',
  'help.image.scan': 'イメージ内の OS パッケージと言語パッケージの脆弱性を、ローカルの脆弱性データベースで調べる',
  'help.image.scan.input':
    'エンジンの代わりに `docker save` の tar（非圧縮、gzip、zstd）、OCI レイアウト、ルートファイルシステム、またはプロジェクトのディレクトリを読む',
  'help.audit':
    'クラスター全体を一つのレポートにまとめる: compose lint（-c）、稼働中の Swarm、ホスト、CIS ベンチマーク、全サービスのイメージの lint と脆弱性スキャン',
  'help.audit.html': '単一ファイルの HTML レポートも書き出す',
  'help.audit.strict': '確認できなかった部分があるとき、終了コード 4 で終了する',
};
