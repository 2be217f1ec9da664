// Japanese for the errors and hints commands raise (UserError, InputError, EngineError). Each entry is the English
// message as the code writes it, with its values as {named} parameters, and the Japanese message with the same
// parameters; a parameter whose name starts with "_" is an English-only grammar piece (a plural "s") Japanese leaves
// out. A leading "NAME: " (a file, an image, a flag) is kept by the printer as it is and is not part of the entries.

export const JA_USER_ERRORS: readonly (readonly [string, string])[] = [
  // the compose file's shape (src/compose/normalize.ts) and interpolation (src/compose/interpolate.ts)
  ['must be a mapping, not {described}', '{described} ではなくマッピングでなければなりません'],
  ['must be a string, not {described}', '{described} ではなく文字列でなければなりません'],
  ['must be a number, not {described}', '{described} ではなく数値でなければなりません'],
  ['must be true or false, not {described}', '{described} ではなく true か false でなければなりません'],
  ['must be a list, not {described}', '{described} ではなくリストでなければなりません'],
  ['unknown port protocol "{value}"', '"{value}" は不明なポートのプロトコルです'],
  ['cannot read port "{value}"', 'ポート "{value}" を読み取れません'],
  ['use [HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]', '[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL] の形式で書いてください'],
  ['"{value}" is not a port or port range', '"{value}" はポートでもポートの範囲でもありません'],
  ['port ranges "{a}" and "{b}" differ in length', 'ポートの範囲 "{a}" と "{b}" の長さが違います'],
  ['a port needs "target"', 'ポートには "target" が必要です'],
  ['unknown protocol "{value}"', '"{value}" は不明なプロトコルです'],
  ['mode must be "ingress" or "host", not "{value}"', 'mode は "{value}" ではなく "ingress" か "host" でなければなりません'],
  ['cannot read volume "{value}"', 'ボリューム "{value}" を読み取れません'],
  ['use SOURCE:TARGET[:MODE]', 'SOURCE:TARGET[:MODE] の形式で書いてください'],
  ['unknown volume type "{value}"', '"{value}" は不明なボリュームの種類です'],
  ['a volume needs "target"', 'ボリュームには "target" が必要です'],
  ['needs "source"', '"source" が必要です'],
  ['unknown mode "{value}"', '"{value}" は不明なモードです'],
  ['use replicated or global', 'replicated か global を指定してください'],
  ['endpoint_mode must be vip or dnsrr, not "{value}"', 'endpoint_mode は "{value}" ではなく vip か dnsrr でなければなりません'],
  ['needs "soft" and "hard"', '"soft" と "hard" が必要です'],
  ['needs "file" or "external: true"', '"file" か "external: true" が必要です'],
  ['needs "file" (or "external: true")', '"file"（または "external: true"）が必要です'],
  ['e.g. {section}:\n  {key}:\n    file: ./{file}.txt', '例: {section}:\n  {key}:\n    file: ./{file}.txt'],
  ['the file defines no services', 'ファイルにサービスが定義されていません'],
  ['add a "services:" mapping with at least one service', 'サービスを 1 つ以上含む "services:" のマッピングを追加してください'],
  ['network "{name}" is not declared under top-level "networks"', 'ネットワーク "{name}" が最上位の "networks" で宣言されていません'],
  ['secret "{name}" is not declared under top-level "secrets"', 'シークレット "{name}" が最上位の "secrets" で宣言されていません'],
  ['config "{name}" is not declared under top-level "configs"', 'config "{name}" が最上位の "configs" で宣言されていません'],
  ['volume "{name}" is not declared under top-level "volumes"', 'ボリューム "{name}" が最上位の "volumes" で宣言されていません'],
  ['variable defaults are nested too deeply', '変数の既定値の入れ子が深すぎます'],
  ['invalid interpolation format at character {n}: "${" without its "}"', '{n} 文字目の変数展開の書式が正しくありません: "${" に対応する "}" がありません'],
  [
    'invalid interpolation format at character {n}: a lone "$" (write "$$" for a literal dollar sign)',
    '{n} 文字目の変数展開の書式が正しくありません: "$" が単独であります（ドル記号そのものは "$$" と書きます）',
  ],
  [
    'invalid interpolation format at character {n}: the "${…}" there does not start with a variable name',
    '{n} 文字目の変数展開の書式が正しくありません: その "${…}" が変数名で始まっていません',
  ],
  ['invalid interpolation format at character {n}', '{n} 文字目の変数展開の書式が正しくありません'],
  ['required variable {name} is missing: {why}', '必須の変数 {name} がありません: {why}'],
  ['required variable {name} is missing', '必須の変数 {name} がありません'],
  ['required variable {name} is empty: {why}', '必須の変数 {name} が空です: {why}'],
  ['required variable {name} is empty', '必須の変数 {name} が空です'],
  // history
  // the SQLite engines (src/core/sqlite.ts)
  ['$SWARMGUARD_SQLITE: "{raw}" is not an SQLite engine', '$SWARMGUARD_SQLITE: "{raw}" は SQLite のエンジンではありません'],
  ['use node:sqlite or better-sqlite3, or unset it', 'node:sqlite か better-sqlite3 を指定するか、設定を外してください'],
  ['$SWARMGUARD_SQLITE asks for {engine}, but {why}', '$SWARMGUARD_SQLITE は {engine} を指定していますが、{why}'],
  ['swarmguard needs SQLite, and {builtin}, and {addon}', 'swarmguard には SQLite が必要ですが、{builtin}。また、{addon}'],
  [
    'run swarmguard on Node 22.13+ or 24, where SQLite is built in; on Node 20, install better-sqlite3 beside swarmguard (`npm install better-sqlite3@12`; it compiles with python3, make and g++ when no prebuilt binary fits), and run `npm rebuild better-sqlite3` after changing Node versions',
    'SQLite を内蔵する Node 22.13 以降か 24 で swarmguard を実行してください。Node 20 では swarmguard と同じ場所に better-sqlite3 をインストールし（`npm install better-sqlite3@12`。合うビルド済みバイナリがなければ python3、make、g++ でコンパイルされます）、Node のバージョンを変えたら `npm rebuild better-sqlite3` を実行してください',
  ],
  // engine
  [
    'run this against a Swarm manager (`docker swarm init` on a single node)',
    'Swarm のマネージャーに対して実行してください（単一ノードなら `docker swarm init`）',
  ],
  ['the engine{at} answered {status}: {detail}', 'エンジン{at}が {status} を返しました: {detail}'],
  ['is the Docker engine still running and reachable?', 'Docker エンジンは動いていて、接続できる状態ですか？'],
  ['DOCKER_HOST="{value}" is not usable: {why}', 'DOCKER_HOST="{value}" は使えません: {why}'],
  [
    'use unix:///path/to/docker.sock, tcp://HOST:2376 (with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH) or ssh://user@host',
    'unix:///path/to/docker.sock、tcp://HOST:2376（DOCKER_TLS_VERIFY=1 と DOCKER_CERT_PATH を付けて）、ssh://user@host のいずれかを指定してください',
  ],
  ['the engine reported an unusable API version "{version}"', 'エンジンが使えない API バージョン "{version}" を返しました'],
  [
    'the engine speaks API {version}, older than {min} (Docker Engine 20.10)',
    'エンジンの API は {version} で、{min}（Docker Engine 20.10）より古いバージョンです',
  ],
  ['upgrade the Docker Engine to 20.10 or later', 'Docker Engine を 20.10 以降に更新してください'],
  ['cannot read TLS file {file}: {error}', 'TLS のファイル {file} を読めません: {error}'],
  [
    'set DOCKER_CERT_PATH to the folder holding ca.pem, cert.pem and key.pem',
    'DOCKER_CERT_PATH に ca.pem、cert.pem、key.pem のあるフォルダーを指定してください',
  ],
  // output, format, language
  ['use one of: {list}', '次のいずれかを指定してください: {list}'],
  ['the output file name is empty', '出力ファイル名が空です'],
  ['cannot write {file}: too many levels of symbolic links', '{file} に書き込めません: シンボリックリンクの階層が深すぎます'],
  ['cannot write {file}: it is a directory', '{file} に書き込めません: ディレクトリです'],
  ['name the file to write, e.g. DIR/report.json', '書き込むファイル名を指定してください（例: DIR/report.json）'],
  ['cannot write {file}: it is not a regular file, a device or a pipe', '{file} に書き込めません: 通常のファイル、デバイス、パイプのいずれでもありません'],
  ['cannot write {file}: the directory {dir} does not exist', '{file} に書き込めません: ディレクトリ {dir} がありません'],
  ['create it first, or pick another path', '先に作成するか、別のパスを指定してください'],
  ['cannot write {file}: {error}', '{file} に書き込めません: {error}'],
  // autoscan, dashboard
  ['pull of {ref} failed: {error}', '{ref} の pull に失敗しました: {error}'],
  ['remove it, or write somewhere only you can write to', '削除するか、自分だけが書き込める場所に出力してください'],
  [
    '{ref}: its layers are announced at {n} bytes in all, over {max}: refusing it, not scanned',
    '{ref}: レイヤーの合計が {n} バイトと示されており、上限 {max} を超えるため受け付けません（スキャンしていません）',
  ],
  [
    "{layer}: the image's layers expand beyond {max} bytes in all: refusing it, not scanned",
    '{layer}: イメージのレイヤーを展開すると合計で {max} バイトを超えるため受け付けません（スキャンしていません）',
  ],
  ['{where}: a value of {n} characters is not a URL', '{where}: {n} 文字の値は URL ではありません'],
  [
    '{where}: {url} carries a user name or password: refused, it would be stored and printed',
    '{where}: {url} にはユーザー名かパスワードが含まれています。保存・表示されてしまうため受け付けません',
  ],
  ['serve the feed from a mirror that needs no credentials in the URL', 'URL に認証情報が要らないミラーからフィードを配信してください'],
  [
    '{file}: a top-level member larger than {max} characters (it starts before character {at})',
    '{file}: トップレベルのメンバーが {max} 文字を超えています（{at} 文字目より前から始まります）',
  ],
  ['this source is skipped; the others are updated', 'このソースは飛ばし、ほかのソースは更新します'],
  ['--history: {value} is neither a file nor a postgres:// URL', '--history: {value} はファイルでも postgres:// の URL でもありません'],
  [
    'give a file path for SQLite, or postgres://user@host/db for PostgreSQL',
    'SQLite ならファイルのパスを、PostgreSQL なら postgres://user@host/db を指定してください',
  ],
  [
    'check that PostgreSQL runs there and that the user may create tables in that database',
    'そこで PostgreSQL が動いていること、そのユーザーがそのデータベースにテーブルを作れることを確かめてください',
  ],
  ['cannot create {file}: {error}', '{file} を作れません: {error}'],
  ['not JSON: {error}', 'JSON ではありません: {error}'],
  // compose
  ['cannot re-read the file to fix it (it changed since it was linted?)', '修正のためにファイルを読み直せません（lint の後に変更されましたか？）'],
  ['the file changed while it was being fixed; run the command again', '修正中にファイルが変更されました。もう一度コマンドを実行してください'],
  ['unknown rule "{id}"', '"{id}" は不明なルールです'],
  ['list the rules with: swarmguard compose rules', 'ルールの一覧: swarmguard compose rules'],
  ['not a regular file', '通常のファイルではありません'],
  ['give the path of a {what}', '{what} のパスを指定してください'],
  ['{what} is {size} bytes, more than the {max}-byte limit', '{what} は {size} バイトで、上限の {max} バイトを超えています'],
  ['compose files are small; this is probably the wrong file', 'compose ファイルは小さいものです。おそらく別のファイルです'],
  ['cannot read {what}: {error}', '{what} を読めません: {error}'],
  ['check the file permissions', 'ファイルのパーミッションを確認してください'],
  ['{what} is larger than the {max}-byte limit', '{what} は上限の {max} バイトを超えています'],
  ['{what} contains NUL bytes: it is not text', '{what} に NUL バイトが含まれています: テキストではありません'],
  ['document expands to more than {max} nodes through YAML aliases', 'YAML のエイリアスによって文書が {max} ノードを超えて展開されます'],
  ['this looks like a YAML alias bomb; use fewer nested anchors', 'YAML のエイリアス爆弾のようです。入れ子のアンカーを減らしてください'],
  ['unknown alias *{name}', '*{name} は不明なエイリアスです'],
  ['a "<<" merge key needs a mapping', '"<<" のマージキーにはマッピングが必要です'],
  ['mapping keys must be plain scalars', 'マッピングのキーは単純なスカラーでなければなりません'],
  ['duplicate key "{key}"', 'キー "{key}" が重複しています'],
  [
    'too many YAML alias expansions (more than {max}): refusing a document that expands exponentially',
    'YAML のエイリアスの展開が多すぎます（{max} 超）: 指数的に展開される文書は受け付けません',
  ],
  ['invalid YAML: {error}', 'YAML の構文が正しくありません: {error}'],
  ['the file is empty', 'ファイルが空です'],
  ['a compose file needs at least a "services:" mapping', 'compose ファイルには少なくとも "services:" のマッピングが必要です'],
  ['the top level is not a mapping', '最上位がマッピングではありません'],
  ['a compose file starts with keys such as "services:"', 'compose ファイルは "services:" などのキーで始まります'],
  ['unknown top-level key "{key}"', '最上位のキー "{key}" は不明です'],
  ['docker stack deploy refuses it too; allowed: {list} and x-* extensions', 'docker stack deploy も受け付けません。使えるキー: {list} と x-* の拡張'],
  ['lines are KEY=VALUE; # starts a comment', '各行は KEY=VALUE です。# から後はコメントです'],
  ['no compose file given', 'compose ファイルが指定されていません'],
  ['pass at least one file, e.g. swarmguard compose lint stack.yml', 'ファイルを 1 つ以上指定してください（例: swarmguard compose lint stack.yml）'],
  ['env_file paths are relative to the compose file', 'env_file のパスは compose ファイルからの相対パスです'],
  ['set {variable} in the environment or in the .env file', '{variable} を環境変数か .env ファイルで設定してください'],
  ['use $$ for a literal "$"', '"$" そのものは $$ と書いてください'],
  ['{file} already exists', '{file} はすでにあります'],
  ['choose another file name, or add --force to overwrite it', '別のファイル名にするか、上書きするなら --force を付けてください'],
  ['"{ref}" is not an image reference', '"{ref}" はイメージの参照ではありません'],
  ['e.g. nginx:1.27 or registry.example.com/team/web:2.1', '例: nginx:1.27、registry.example.com/team/web:2.1'],
  // network
  // image sources
  ['or use --stack NAME or --services', 'または --stack NAME か --services を使ってください'],
  // image archives and layers
  ['layer {name} is missing from the archive (truncated?)', 'アーカイブにレイヤー {name} がありません（途中で切れていますか？）'],
  // vulnerability database
  // KEV and EPSS (src/vulndb/importers/{kev,epss}.ts)
  // --epss-min, VEX (src/cli/image-scan.ts, src/scan/vex.ts)
  // policy (src/policy/policy.ts, src/cli/policy.ts)
  ['name an image to check', '確認するイメージを指定してください'],
  ['or give an archive with --input FILE', 'または --input FILE でアーカイブを指定してください'],
  // stacks
  // stack verify: a probe's error reaches the table as text (src/stack/verify.ts) until the verify model carries messages by id
  ['probe image {image} is not on this node', 'プローブのイメージ {image} がこのノードにありません'],
  ['probe image {image} is not available on node {node}: {error}', 'プローブのイメージ {image} をノード {node} で使えません: {error}'],
  ['cannot create the probe container: {error}', 'プローブのコンテナを作成できません: {error}'],
  ['cannot create the probe service: {error}', 'プローブのサービスを作成できません: {error}'],
  ['the task has no container yet', 'タスクにまだコンテナがありません'],
  // bench (src/cli/bench.ts)
  ['the engine returned no image ID for {ref}', 'エンジンが {ref} のイメージ ID を返しませんでした'],
  ['the image {ref} is not on this manager', 'イメージ {ref} がこのマネージャーにありません'],
  [
    'build or load the swarmguard image on the manager first (`docker build -t swarmguard/swarmguard:VERSION .`), then pass it with --image; it is run pinned by digest, so a tag on a node or a registry cannot swap it',
    '先にマネージャーで swarmguard のイメージをビルドするか読み込み（`docker build -t swarmguard/swarmguard:VERSION .`）、--image で指定してください。ダイジェストで固定して実行するので、ノードやレジストリのタグで差し替えられることはありません',
  ],
  ['cannot inspect the image {ref}: {error}', 'イメージ {ref} を調べられません: {error}'],
  [
    '--engine-socket: only the file name may be templated, not the folder: {socket}',
    '--engine-socket: テンプレートにできるのはファイル名だけで、フォルダーはできません: {socket}',
  ],
  ['--all-nodes needs a swarm: this engine is not a swarm member', '--all-nodes には Swarm が必要です: このエンジンは Swarm のメンバーではありません'],
  [
    '--all-nodes runs from a manager: point DOCKER_HOST at a manager node',
    '--all-nodes はマネージャーから実行します: DOCKER_HOST でマネージャーノードを指定してください',
  ],
  ['could not create the {role} job service: {error}', '{role} のジョブのサービスを作成できませんでした: {error}'],
  ['the image {image} ({ref}) must exist on every node', 'イメージ {image}（{ref}）がすべてのノードに必要です'],
  ['cannot read {file}: {error}', '{file} を読めません: {error}'],
  // --input: archives by name, compressed archives, directories (src/image/{archive-names,input,directory}.ts)
  ['or give --input FILE', 'または --input FILE を指定してください'],
  // the benchmark version (src/cli/bench.ts)
  ['use one of {versions}', '{versions} のいずれかを指定してください'],
];
