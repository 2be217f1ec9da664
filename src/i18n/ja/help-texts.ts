// Japanese help of every command, keyed by the English text the command defines (as gettext keys messages by
// their source text): descriptions of commands, options and arguments, and the paragraphs added after a
// command's help. Flags, file names, formats, placeholders and example command lines stay as they are.

export const JA_HELP_TEXTS: Readonly<Record<string, string>> = {
  // options every report command shares
  'output format': '出力形式',
  output: '出力形式',
  'write the report to FILE (atomically) instead of stdout': '標準出力ではなく FILE にレポートを書く（アトミックに置き換える）',
  'exit non-zero when a finding is at or above SEVERITY (CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN, INFO)':
    'SEVERITY 以上の指摘があれば 0 以外で終了する（CRITICAL、HIGH、MEDIUM、LOW、UNKNOWN、INFO）',
  'the exit code to use when --fail-on is met': '--fail-on の条件を満たしたときの終了コード',
  'no colour in text output (NO_COLOR is respected too)': 'テキスト出力を色なしにする（NO_COLOR も尊重する）',
  'no colour': '色なしで出力する',
  'print JSON': 'JSON で出力する',

  // compose
  'list the lint rules: id, severity, title': 'lint ルールの一覧を表示する: ID、深刻度、タイトル',
  'write a secure starting stack: nginx and httpd on an encrypted overlay network, hardened as far as the chosen images allow':
    '安全なひな形のスタックを書き出す: 暗号化オーバーレイネットワーク上の nginx と httpd を、選んだイメージが許す限り堅牢化する',
  'overwrite FILE if it exists': 'FILE が既にあれば上書きする',
  'image for the nginx service': 'nginx サービスのイメージ',
  'image for the httpd service': 'httpd サービスのイメージ',
  'deploy.endpoint_mode of both services (default: vip, or dnsrr when this node has no IPVS)':
    '両サービスの deploy.endpoint_mode（既定: vip。このノードに IPVS がなければ dnsrr）',
  'where to write it': '書き出す先',

  // stack
  'compose file (repeatable; merged in order)': 'compose ファイル（複数指定可。指定順にマージする）',
  'query the registry to pin image digests': 'レジストリに問い合わせてイメージのダイジェストを固定する',
  'lint rules not to run (comma-separated, repeatable)': '実行しない lint ルール（カンマ区切り、複数指定可）',
  'interpolation variables from FILE instead of .env beside the first file': '変数の展開に、最初のファイルの隣の .env ではなく FILE を読む',
  'return once the changes are sent, without waiting for the services to converge': '変更を送ったらすぐに戻り、サービスの収束を待たない',
  'wait for convergence even when stdout is not a terminal (the default on a terminal)': '標準出力が端末でなくても収束を待つ（端末では既定で待つ）',
  'how long to wait for convergence': '収束を待つ時間',
  'with --format json: write the result to FILE': '--format json と併用: 結果を FILE に書く',
  'stack name': 'スタック名',
  'list stacks (services grouped by their namespace label)': 'スタックの一覧を表示する（名前空間のラベルでまとめたサービス）',
  'list the services of a stack, with the state of their last update': 'スタックのサービスの一覧を、最後の更新の状態とともに表示する',
  'only services matching (id, name, mode); repeatable': '条件に合うサービスだけを表示する（id、name、mode）。複数指定可',
  'do not truncate IDs, images or messages': 'ID、イメージ、メッセージを省略せずに表示する',
  'list the tasks of a stack, with the node each runs on': 'スタックのタスクの一覧を、それぞれが動いているノードとともに表示する',
  'only tasks matching (id, name, node, desired-state, state); e.g. desired-state=running; repeatable':
    '条件に合うタスクだけを表示する（id、name、node、desired-state、state。例: desired-state=running）。複数指定可',
  'do not truncate IDs, images or errors': 'ID、イメージ、エラーを省略せずに表示する',
  'remove stacks: services, then secrets and configs, then networks (waiting until they are really gone)':
    'スタックを削除する: サービス、次にシークレットとコンフィグ、最後にネットワーク（本当に消えるまで待つ）',
  'how long to wait for the networks to go': 'ネットワークが消えるまで待つ時間',
  'stack names': 'スタック名',
  'check a deployed stack: tasks running as desired, networks encrypted, every service reaching every other by name (TCP), with the cause of each failure':
    'デプロイ済みのスタックを確認する: タスクが期待どおり動いているか、ネットワークが暗号化されているか、各サービスが他のすべてのサービスへ名前で（TCP で）到達できるか。失敗にはその原因を示す',
  'port(s) to try on every service (default: from -c FILE, published ports, or the image EXPOSE)':
    '各サービスで試すポート（既定: -c FILE、公開ポート、またはイメージの EXPOSE から）',
  'connect timeout per attempt': '1 回の接続試行のタイムアウト',
  "the stack file, to take each service's ports from": '各サービスのポートを取るスタックファイル',
  'no progress line on a terminal': '端末に進捗行を表示しない',
  'image run beside each task for the probe; needs /bin/sh, nslookup, nc, timeout, awk (busybox) on every node':
    '各タスクの隣でプローブに使うイメージ。すべてのノードで /bin/sh、nslookup、nc、timeout、awk（busybox）が必要',
  "container: share the task's netns (node we talk to only); service: one-shot job pinned to the task's node":
    'container: タスクのネットワーク名前空間を共有する（接続先のノードのみ）。service: タスクのノードに固定した一回限りのジョブ',

  // network
  'list overlay networks with their encryption; findings for unencrypted overlays, a misplaced option and the ingress network':
    'オーバーレイネットワークの一覧を暗号化の有無とともに表示する。暗号化されていないオーバーレイ、誤った場所のオプション、ingress ネットワークを指摘する',
  'also diagnose this node: firewall (ESP, 2377, 7946, 4789), kernel IPsec/xt_u32/IPVS, SAs, xfrm drops':
    'このノードも診断する: ファイアウォール（ESP、2377、7946、4789）、カーネルの IPsec/xt_u32/IPVS、SA、xfrm の破棄',
  'with --node-checks: read xfrm_stat twice this far apart to see rising drops': '--node-checks と併用: xfrm_stat をこの間隔で 2 回読み、破棄の増加を見る',
  'diagnose this node: firewall (ESP = IP protocol 50, 2377/tcp, 7946/tcp+udp, 4789/udp), kernel IPsec/xt_u32/IPVS, IPsec SAs, xfrm drop counters':
    'このノードを診断する: ファイアウォール（ESP = IP プロトコル 50、2377/tcp、7946/tcp+udp、4789/udp）、カーネルの IPsec/xt_u32/IPVS、IPsec の SA、xfrm の破棄カウンター',
  'read xfrm_stat twice this far apart to see rising drops': 'xfrm_stat をこの間隔で 2 回読み、破棄の増加を見る',
  'do not ask the engine for peers and encrypted networks (host facts only)': 'ピアと暗号化ネットワークをエンジンに問い合わせない（ホストの情報のみ）',

  // image
  'image hardening: non-root user, HEALTHCHECK, shells and package managers, setuid files, secrets in ENV/labels/history/files, caches, size, registry':
    'イメージの堅牢化: root 以外のユーザー、HEALTHCHECK、シェルとパッケージマネージャー、setuid ファイル、ENV/ラベル/履歴/ファイル内のシークレット、キャッシュ、サイズ、レジストリ',
  'registries images may come from (repeatable; default from the config file)': 'イメージの取得を許すレジストリ（複数指定可。既定は設定ファイルから）',
  'report images larger than this': 'これより大きいイメージを指摘する',
  'image reference on the engine (with --input: the image of the archive, default its own name)':
    'エンジン上のイメージの参照（--input ではアーカイブ内のイメージ。既定はアーカイブ自身の名前）',
  'with --input DIR of a project: scan development-only dependencies too':
    'プロジェクトのディレクトリを --input に渡したとき、開発時だけの依存関係もスキャンする',
  'with --input DIR of a project: list development-only dependencies too':
    'プロジェクトのディレクトリを --input に渡したとき、開発時だけの依存関係も一覧にする',
  'read A (and B, when given twice) from a docker save tar or OCI layout instead of the engine':
    'エンジンの代わりに docker save の tar または OCI レイアウトから A を読む（2 回指定すると B も）',
  "scan the images of a stack's services": 'スタックのサービスのイメージをスキャンする',
  'scan the image of every service the swarm runs': 'Swarm で動いているすべてのサービスのイメージをスキャンする',
  'image exports at once when scanning several images': '複数のイメージをスキャンするときに同時に行うエクスポートの数',
  'exit with N when a vulnerability of the reported severities is found': '表示対象の深刻度の脆弱性が見つかったとき、終了コード N で終了する',
  'exit non-zero (--exit-code, else 1) when part of the image could not be checked: no advisories for its OS or release':
    'イメージの一部を確認できなかったとき（OS やリリースのアドバイザリがない）、0 以外（--exit-code、なければ 1）で終了する',
  'read images from the engine, their registry, or the engine when it has them': 'イメージをエンジン、レジストリ、またはエンジンにあればエンジンから読む',
  'for multi-platform images in a registry': 'レジストリのマルチプラットフォームイメージで使うプラットフォーム',
  'vulnerability database (default $SWARMGUARD_DB or ~/.cache/swarmguard/db/vuln.db)':
    '脆弱性データベース（既定: $SWARMGUARD_DB または ~/.cache/swarmguard/db/vuln.db）',
  'severities to report, e.g. CRITICAL,HIGH (default: all)': '表示する深刻度。例: CRITICAL,HIGH（既定: すべて）',
  'leave out vulnerabilities that have no fixed version': '修正版のない脆弱性を除く',
  'order of the findings: severity, or risk (CISA KEV first, then EPSS × severity weight)':
    '検出結果の順序: severity（深刻度）か risk（CISA KEV を先に、次に EPSS × 深刻度の重み）',
  "only vulnerabilities in CISA's Known Exploited Vulnerabilities catalogue": 'CISA の既知の悪用された脆弱性（KEV）カタログにある脆弱性だけ',
  'only vulnerabilities whose EPSS score is at least P (0.1 or 10%)': 'EPSS スコアが P 以上の脆弱性だけ（0.1 または 10%）',
  'OpenVEX, CycloneDX VEX or CSAF 2.0 VEX document: not_affected and fixed statements suppress findings (repeatable)':
    'OpenVEX、CycloneDX VEX、CSAF 2.0 VEX の文書。not_affected と fixed の記述は検出結果を抑止する（複数指定可）',
  'list the findings VEX statements suppressed, with their justification': 'VEX の記述で抑止した検出結果を、その根拠とともに一覧する',
  "evaluate a policy (default: Docker Scout's defaults and the hardening tips) over an image: pass/fail per rule with the evidence":
    'イメージをポリシー（既定: Docker Scout の既定ポリシーと堅牢化の指針）で評価する。ルールごとに合否と根拠を示す',
  'a `docker save` or OCI archive instead of the engine image': 'エンジンのイメージの代わりに読む `docker save` または OCI のアーカイブ',
  'policy YAML (default: the built-in policy; `swarmguard policy show` prints it)':
    'ポリシーの YAML（既定: 組み込みのポリシー。`swarmguard policy show` で表示）',
  'VEX documents whose not_affected/fixed statements the vulnerability rules respect (repeatable)':
    '脆弱性のルールが従う not_affected/fixed の記述を含む VEX の文書（複数指定可）',
  'ids to ignore, as for image scan (default .swarmguardignore when present)': '無視する ID。image scan と同じ（既定: .swarmguardignore があればそれ）',
  'print the built-in policy, to copy and edit': '組み込みのポリシーを表示する（コピーして編集するため）',
  'image reference on the engine (or a name for --input), or a compose file (.yml/.yaml) to check service by service':
    'エンジン上のイメージの参照（--input ではその名前）、またはサービスごとに評価する compose ファイル（.yml/.yaml）',
  'check the services of this stack file, each with its image (repeatable, merged as by `docker stack deploy`)':
    'このスタックファイルのサービスをそれぞれのイメージとともに評価する（複数指定可。`docker stack deploy` と同じくマージする）',
  'check the services of this deployed stack, each with the image its spec names': 'デプロイ済みのこのスタックのサービスを、仕様が指すイメージとともに評価する',
  'judge deployed images by this policy file (as `policy check --policy`) instead of --threshold':
    'デプロイされたイメージを --threshold ではなくこのポリシーファイルで判定する（`policy check --policy` と同じ）',
  'judge pushed images by this policy file (as `policy check --policy`): its failures alert, instead of --threshold':
    'プッシュされたイメージを --threshold ではなくこのポリシーファイルで判定し、違反を通知する（`policy check --policy` と同じ）',
  'ids to ignore, one per line: ID [exp:YYYY-MM-DD] [# reason] (default .swarmguardignore when present)':
    '無視する ID を 1 行に 1 つ: ID [exp:YYYY-MM-DD] [# 理由]（既定: .swarmguardignore があればそれ）',
  'image references on the engine (with --input: the image of the archive, default its own name); several are read together, shared layers once':
    'エンジン上のイメージの参照（--input ではアーカイブ内のイメージ。既定はアーカイブ自身の名前）。複数指定するとまとめて読み、共通のレイヤーは 1 回だけ読む',
  'what image B fixes and what it adds compared with image A, per severity': 'イメージ A と比べて、イメージ B で修正されるものと増えるものを深刻度ごとに示す',
  'the image you have (with --input: its name in the archive)': '今使っているイメージ（--input ではアーカイブ内の名前）',
  'the image you consider (with --input: its name in the archive)': '移行を検討しているイメージ（--input ではアーカイブ内の名前）',
  'read the image from the engine, its registry, or the engine when it has it': 'イメージをエンジン、レジストリ、またはエンジンにあればエンジンから読む',
  "for multi-platform images in a registry (default: this host's)":
    'レジストリのマルチプラットフォームイメージで使うプラットフォーム（既定: このホストのもの）',
  'read every layer, without the layer cache ($SWARMGUARD_CACHE_DIR or ~/.cache/swarmguard/layers)':
    'レイヤーのキャッシュ（$SWARMGUARD_CACHE_DIR または ~/.cache/swarmguard/layers）を使わず、すべてのレイヤーを読む',

  // db
  'download the configured advisory sources (by default OSV, Alpine secdb, the Debian security tracker, NVD, CISA KEV and FIRST EPSS) and swap in a new database atomically':
    '設定されたアドバイザリのソース（既定: OSV、Alpine secdb、Debian セキュリティトラッカー、NVD、CISA KEV、FIRST EPSS）をダウンロードし、新しいデータベースにアトミックに置き換える',
  'database file (default $SWARMGUARD_DB or ~/.cache/swarmguard/db/vuln.db)':
    'データベースファイル（既定: $SWARMGUARD_DB または ~/.cache/swarmguard/db/vuln.db）',
  'a source instead of the configured ones: URL, URL|MIRROR…, or TYPE=URL (osv, osv-zip, alpine-secdb, alpine-secdb-index, debian-tracker, nvd, kev, epss); repeatable':
    '設定の代わりに使うソース: URL、URL|MIRROR…、または TYPE=URL（osv、osv-zip、alpine-secdb、alpine-secdb-index、debian-tracker、nvd、kev、epss）。複数指定可',
  'download everything even when the server says it has not changed': 'サーバーが変更なしと答えても、すべてダウンロードする',
  'where the database is, its schema, sources with counts and age': 'データベースの場所、スキーマ、ソースごとの件数と古さを表示する',
  'database file': 'データベースファイル',
  'offline: install a bundle from `db export`, or import advisory files (OSV JSON/zip/dir, Alpine secdb files or a directory of them, Debian tracker JSON, NVD CVE JSON 2.0 feeds, the CISA KEV catalogue JSON, FIRST EPSS scores CSV)':
    'オフライン用: `db export` のバンドルを入れるか、アドバイザリのファイル（OSV の JSON/zip/ディレクトリ、Alpine secdb のファイルかそのディレクトリ、Debian tracker の JSON、NVD CVE JSON 2.0 のフィード、CISA KEV カタログの JSON、FIRST EPSS スコアの CSV）をインポートする',
  'the format of the files, instead of detecting it': 'ファイルの形式（自動判定の代わりに指定する）',
  'bundle or advisory files': 'バンドルまたはアドバイザリのファイル',
  'write a bundle (the database and a manifest with its sha256) for `db import` on an air-gapped host':
    '隔離されたホストで `db import` するためのバンドル（データベースと sha256 入りのマニフェスト）を書き出す',
  'bundle to write (.tar.gz)': '書き出すバンドル（.tar.gz）',

  // bench
  'the swarmguard image --all-nodes runs on each node (the manager must have it; pinned by digest)':
    '--all-nodes が各ノードで実行する swarmguard のイメージ（マネージャーにあること。ダイジェストで固定）',
  'how long --all-nodes waits for the nodes': '--all-nodes がノードを待つ時間',
  "scan the images of every node where they are: a one-shot global job reads each node's own images (named images only, when given)":
    'すべてのノードのイメージをその場でスキャンする。一回限りのグローバルジョブが各ノード自身のイメージを読む（イメージを指定したときはそれだけ）',
  'with --all-nodes: only the nodes running this service (and its image, unless images are named)':
    '--all-nodes と一緒に: このサービスを実行しているノードだけ（イメージを指定しないときはそのイメージだけ）',
  'the engine socket on each node for --all-nodes ({{.Node.Hostname}} allowed in the file name)':
    '--all-nodes で使う各ノードのエンジンのソケット（ファイル名に {{.Node.Hostname}} を使える）',
  'only these checks or sections, comma-separated (e.g. 1.1,5.4), numbered as in --cis':
    'これらのチェックまたはセクションだけを実行する。カンマ区切りで、--cis の版の番号で指定する（例: 1.1,5.4）',
  'the CIS Docker Benchmark version (default 1.8.0, the newest)': 'CIS Docker Benchmark の版（既定は最新の 1.8.0）',
  'what moving from one benchmark version to another changes on this host (e.g. 1.6.0 1.8.0)':
    'ベンチマークの版を移ると、このホストで何が変わるかを示す（例: 1.6.0 1.8.0）',
  'skip these checks or sections': 'これらのチェックまたはセクションを飛ばす',
  'only containers whose name matches': '名前が一致するコンテナだけを対象にする',
  'skip containers whose name matches': '名前が一致するコンテナを対象から外す',
  'users allowed in the docker group (1.1.2)': 'docker グループに入ってよいユーザー（1.1.2）',
  'swarm mode is not intended on this node (5.1 warns)': 'このノードでは Swarm モードを意図していない（5.1 が WARN になる）',
  'a remediation plan for every WARN; --apply audit writes and loads the audit rules, --apply daemon merges daemon.json':
    'WARN ごとの修正計画を示す。--apply audit で監査ルールを書いて読み込み、--apply daemon で daemon.json にマージする',
  'apply these safe fixes': 'これらの安全な修正を適用する',
  'audit configuration directory': '監査の設定ディレクトリ',
  'daemon.json to merge into (default: the --config-file dockerd runs with, else /etc/docker/daemon.json)':
    'マージ先の daemon.json（既定: dockerd の --config-file、なければ /etc/docker/daemon.json）',
  'write the audit rules without loading them': '監査ルールを書くだけで読み込まない',
  'with --apply audit: apply the same audit fix on every node (a one-shot global job), a report per node':
    '--apply audit と併用: 同じ監査の修正をすべてのノードに適用し（一回限りのグローバルジョブ）、ノードごとに報告する',

  // swarm audit, audit, host
  'managers and quorum, autolock, certificates, overlay encryption (CIS section 7), service specs (secrets in env, socket mounts, limits, root, ingress ports), nodes, engine versions':
    'マネージャーとクォーラム、autolock、証明書、オーバーレイの暗号化（CIS セクション 7）、サービスの定義（環境変数のシークレット、ソケットのマウント、制限、root、ingress のポート）、ノード、エンジンのバージョン',
  'stack files to lint too (repeatable)': 'あわせて lint するスタックファイル（複数指定可）',
  'vulnerability database': '脆弱性データベース',
  'skip the CIS benchmark': 'CIS ベンチマークを飛ばす',
  'run the benchmark on every node (a one-shot global job; see `bench --all-nodes`)':
    'すべてのノードでベンチマークを実行する（一回限りのグローバルジョブ。`bench --all-nodes` を参照）',
  'the swarmguard image for --all-nodes': '--all-nodes で使う swarmguard のイメージ',
  'the engine socket on each node for --all-nodes': '--all-nodes で使う各ノードのエンジンのソケット',
  'skip image lint and scan': 'イメージの lint とスキャンを飛ばす',
  'users allowed in the docker group': 'docker グループに入ってよいユーザー',
  "no ordinary users in the docker group; the Docker API over TCP only with TLS client authentication (checked in the daemon config and by an unauthenticated /_ping to each of dockerd's TCP ports on loopback)":
    'docker グループに一般ユーザーがいないこと、TCP 上の Docker API は TLS のクライアント認証付きに限ること（デーモンの設定と、ループバック上の dockerd の各 TCP ポートへの認証なしの /_ping で確認する）',
  'comma-separated users allowed in the docker group': 'docker グループに入ってよいユーザー（カンマ区切り）',

  // serve, watch, history, dashboard, engine
  'where to listen (loopback by default; elsewhere needs --token-file or mutual TLS)':
    '待ち受けるアドレス（既定はループバック。それ以外では --token-file か相互 TLS が必要）',
  'bearer token the registry must send (or $SWARMGUARD_SERVE_TOKEN; on loopback, one is made and kept in serve-token beside the history)':
    'レジストリが送るべきベアラートークン（または $SWARMGUARD_SERVE_TOKEN。ループバックでは自動で作り、履歴の隣の serve-token に保存する）',
  'serve HTTPS with this certificate': 'この証明書で HTTPS を提供する',
  'and this key': 'その秘密鍵',
  'require client certificates signed by this CA (mutual TLS, with --tls-cert and --tls-key)':
    'この CA が署名したクライアント証明書を必須にする（相互 TLS。--tls-cert と --tls-key と併用）',
  'scan pushes only from these registries (as named in the notifications)': 'これらのレジストリからのプッシュだけをスキャンする（通知に書かれた名前で指定）',
  'where scans are kept: a SQLite file, or postgres://user@host/db shared by replicas (default $SWARMGUARD_DATABASE_URL, else $SWARMGUARD_HISTORY or ~/.local/share/swarmguard/history.db)':
    'スキャン結果の保存先: SQLite ファイル、またはレプリカで共有する postgres://user@host/db（既定は $SWARMGUARD_DATABASE_URL、なければ $SWARMGUARD_HISTORY か ~/.local/share/swarmguard/history.db）',
  'a replica that stops renewing a scan for this long loses it to another':
    'この秒数のあいだスキャンの延長をしなかったレプリカは、そのスキャンを他のレプリカに譲る',
  'write the stack that runs swarmguard on this swarm: PostgreSQL, serve, watch and the dashboard':
    'この Swarm で swarmguard を動かすスタックを書き出す: PostgreSQL、serve、watch、dashboard',
  'swarmguard image: registry/swarmguard@sha256:…, or a tag this engine has (pinned to its image ID); ${SWARMGUARD_IMAGE} leaves it to deploy time':
    'swarmguard のイメージ: registry/swarmguard@sha256:…、またはこのエンジンにあるタグ（イメージ ID に固定する）。${SWARMGUARD_IMAGE} ならデプロイ時に決める',
  'group owning the engine socket on the nodes (default: that of /var/run/docker.sock here)':
    'ノード上でエンジンのソケットを所有するグループ（既定: この機械の /var/run/docker.sock のグループ）',
  'port the dashboard is published on (host mode)': 'ダッシュボードを公開するポート（host モード）',
  'prefix of the external secrets (<prefix>_db_password, _serve_token, _dashboard_token)':
    '外部シークレットの名前の接頭辞（<prefix>_db_password、_serve_token、_dashboard_token）',
  'scans at once': '同時に行うスキャンの数',
  'findings at or above this trigger alerts (and --enforce)': 'この深刻度以上の指摘でアラート（と --enforce）を発動する',
  'POST a JSON alert to this webhook when a scan meets --threshold': 'スキャンが --threshold に達したとき、この webhook に JSON のアラートを POST する',
  'when a deployed image meets --threshold: roll the service back to its previous spec if that image is judged clean, else scale it to 0 (a global service or a job: constrain it to no node)':
    'デプロイされたイメージが --threshold に達したとき: 以前の定義のイメージが問題なしと判定済みならロールバックし、そうでなければ 0 にスケールする（グローバルサービスやジョブは、どのノードにも配置されない制約を付ける）',
  'a deployed image that cannot be judged (not pinned by digest, registry down, scan cut short, queue full): allow it (logged), alert, or block it as if it failed (default block with --enforce, alert without; enforce is the former name of block)':
    '判定できないデプロイ済みイメージ（ダイジェストで固定されていない、レジストリが停止、スキャンが途中で打ち切られた、キューが満杯）の扱い: 許可する（記録はする）、アラートを出す、または失敗とみなしてブロックする（既定は --enforce ありでブロック、なしでアラート。enforce は block の旧名）',
  'replay events since this time (default: now)': 'この時刻以降のイベントを再生する（既定: 現在）',
  'the history file': '履歴ファイル',
  'at most N scans': '最大 N 件のスキャン',
  'repository (e.g. registry:5000/team/web), repository:tag, or a digest sha256:…':
    'リポジトリ（例: registry:5000/team/web）、リポジトリ:タグ、またはダイジェスト sha256:…',
  'where to listen (loopback by default; elsewhere needs --token-file or --tls-ca)':
    '待ち受けるアドレス（既定はループバック。それ以外では --token-file か --tls-ca が必要）',
  'the history file that audit, serve and watch write': 'audit、serve、watch が書き込む履歴ファイル',
  'require this bearer token (or $SWARMGUARD_DASHBOARD_TOKEN); browsers sign in once on /login':
    'このベアラートークンを必須にする（または $SWARMGUARD_DASHBOARD_TOKEN）。ブラウザーは /login で一度サインインする',
  'require client certificates signed by this CA (mutual TLS)': 'この CA が署名したクライアント証明書を必須にする（相互 TLS）',
  'do not offer SBOM downloads (they read the image from the engine on request)':
    'SBOM のダウンロードを提供しない（要求のたびにエンジンからイメージを読むため）',
  'connect (DOCKER_HOST, TLS, SSH), negotiate the API version, show the swarm state':
    '接続し（DOCKER_HOST、TLS、SSH）、API のバージョンを決め、Swarm の状態を表示する',
};

/**
 * The paragraphs commands add after their help (`addHelpText('after', …)`), keyed by the English paragraph.
 * Example command lines are kept; only their comments are translated.
 */
export const JA_HELP_PARAGRAPHS: Readonly<Record<string, string>> = {
  'Rules follow what `docker stack deploy` really does: the implicit default network is an unencrypted\noverlay, keys such as privileged/security_opt/devices/restart are ignored by Swarm, and so on.\nFiles merge like `docker stack deploy -c a.yml -c b.yml`; ${VAR} interpolation reads the shell\nand a .env file beside the first file (or --env-file).':
    'ルールは `docker stack deploy` の実際の動作に従います。暗黙の default ネットワークは暗号化されていない\nオーバーレイで、privileged/security_opt/devices/restart などのキーは Swarm に無視される、といった点です。\nファイルは `docker stack deploy -c a.yml -c b.yml` と同じようにマージされます。${VAR} の展開はシェルの\n環境変数と、最初のファイルの隣の .env（または --env-file）を読みます。',
  'Examples:': '例:',
  '  $ swarmguard compose lint stack.yml --fix --dry-run     # show the diff, write nothing':
    '  $ swarmguard compose lint stack.yml --fix --dry-run     # 差分を表示し、何も書き込まない',
  '  $ swarmguard compose lint stack.yml --fix               # encrypt overlays, keep comments':
    '  $ swarmguard compose lint stack.yml --fix               # オーバーレイを暗号化し、コメントは残す',
  'Then: swarmguard compose lint swarmguard.yaml && docker stack deploy --resolve-image never -c swarmguard.yaml swarmguard':
    '次に: swarmguard compose lint swarmguard.yaml && docker stack deploy --resolve-image never -c swarmguard.yaml swarmguard',
  'Exit codes: 0 the image (every service) meets the policy, 1 a rule of level fail failed or a service could not be judged, 2 usage or input errors.':
    '終了コード: 0 イメージ（すべてのサービス）がポリシーを満たす、1 level fail のルールが不合格か判定できないサービスがある、2 入力や使い方の誤り。',
  'Exit codes: 0 ok, 1 findings at or above --fail-on (or --exit-code N), 2 bad input or usage.':
    '終了コード: 0 正常、1 --fail-on 以上の指摘あり（または --exit-code N）、2 入力や使い方の誤り。',
  "The read-only root and its tmpfs paths follow each image: the official nginx and httpd images, Debian's\nnginx and apache2, busybox httpd. For an image it does not know (and cannot inspect on this engine),\nread_only is left out with a comment rather than guessed.":
    '読み取り専用のルートと tmpfs のパスは、イメージごとに合わせます（公式の nginx と httpd、Debian の nginx と\napache2、busybox の httpd）。知らないイメージ（このエンジンで inspect もできないもの）では、推測せずに\nread_only を省き、その旨をコメントに書きます。',
  'Then: swarmguard compose lint overlay-encrypted.yaml && swarmguard stack deploy -c overlay-encrypted.yaml test && swarmguard stack verify test':
    '次に: swarmguard compose lint overlay-encrypted.yaml && swarmguard stack deploy -c overlay-encrypted.yaml test && swarmguard stack verify test',
  'The compose lint runs first: findings at or above --fail-on (default HIGH) refuse the deploy (exit 1)\nunless --force. Names are namespaced like docker stack deploy (STACK_service, STACK_network, …) and\nevery object carries the label com.docker.stack.namespace=STACK.':
    '最初に compose lint を実行します。--fail-on（既定は HIGH）以上の指摘があれば、--force を付けない限り\nデプロイを拒否します（終了コード 1）。名前は docker stack deploy と同じく名前空間付きになり（STACK_service、\nSTACK_network、…）、すべてのオブジェクトに com.docker.stack.namespace=STACK のラベルが付きます。',
  '  $ swarmguard stack deploy -c stack.yml --dry-run web          # print the plan, change nothing':
    '  $ swarmguard stack deploy -c stack.yml --dry-run web          # 計画を表示し、何も変更しない',
  'On a terminal the deploy waits until every service has converged (--detach returns at once; --wait\nwaits elsewhere too, e.g. in CI): it follows each update and the tasks, and fails when a service\ncrash-loops, Swarm rolls an update back or pauses it, or --timeout passes.':
    '端末では、すべてのサービスが収束するまで待ちます（--detach ですぐに戻り、--wait で CI などでも待ちます）。\n各更新とタスクを追い、サービスがクラッシュを繰り返したとき、Swarm が更新をロールバックまたは一時停止したとき、\n--timeout を過ぎたときは失敗します。',
  'Exit codes: 0 deployed (and converged when waiting), 1 refused by the lint gate, 2 bad input (file, name,\nmissing external object), 3 engine unreachable, 4 the deploy failed part-way (the message lists what\nwas already done) or did not converge (the task error and its last log line are printed).':
    '終了コード: 0 デプロイ完了（待つ場合は収束まで）、1 lint のゲートで拒否、2 入力の誤り（ファイル、名前、\n存在しない外部オブジェクト）、3 エンジンに接続できない、4 デプロイが途中で失敗した（済んだ処理を\nメッセージに示す）か収束しなかった（タスクのエラーと最後のログ行を表示する）。',
  'Formats: text (docker-bench lines), json (docker-bench JSON log keys, the --cis ids), docker-bench (docker-bench JSON with CIS 1.6.0 ids, for its consumers), table, sarif, findings (swarmguard findings JSON).\nSwarm mode: on a swarm member 5.1 is INFO (swarm intended); pass --no-swarm if it is not.':
    '形式: text（docker-bench の行）、json（docker-bench の JSON ログのキー、--cis の版の ID）、docker-bench（CIS 1.6.0 の ID の docker-bench の JSON。その利用者向け）、table、sarif、findings（swarmguard の指摘の JSON）。\nSwarm モード: Swarm のメンバーでは 5.1 は INFO です（Swarm を意図している）。意図していなければ --no-swarm を付けてください。',
  'Score: 100 minus 10 per CRITICAL, 5 per HIGH, 2 per MEDIUM, 1 per LOW (not below 0).\nExit codes: 1 with --fail-on met, 4 with --strict when parts could not be checked.':
    'スコア: 100 から CRITICAL 1 件につき 10、HIGH 5、MEDIUM 2、LOW 1 を引いた値（0 未満にはならない）。\n終了コード: --fail-on の条件を満たすと 1、--strict 付きで確認できなかった部分があると 4。',
  'Registry config (config.yml):': 'レジストリの設定（config.yml）:',
  'Endpoints: POST /v1/registry/notifications, GET /healthz, GET /metrics': 'エンドポイント: POST /v1/registry/notifications、GET /healthz、GET /metrics',
  'Pages: / (overview), /services, /images, /nodes, /networks, /runs; live updates on /events (server-sent events).\nRecord audit runs with `swarmguard audit`; `serve` and `watch` record scans in the same file.':
    'ページ: /（概要）、/services、/images、/nodes、/networks、/runs。/events でライブ更新（server-sent events）。\n監査の実行は `swarmguard audit` で記録し、`serve` と `watch` も同じファイルにスキャンを記録します。',
};
