// Japanese for the errors and hints commands raise (UserError, InputError, EngineError). Each entry is the English
// message as the code writes it, with its values as {named} parameters, and the Japanese message with the same
// parameters; a parameter whose name starts with "_" is an English-only grammar piece (a plural "s") Japanese leaves
// out. A leading "NAME: " (a file, an image, a flag) is kept by the printer as it is and is not part of the entries.

export const JA_USER_ERRORS: readonly (readonly [string, string])[] = [
  // history
  // output, format, language
  ['--format: unknown format "{id}"', '--format: "{id}" は不明な形式です'],
  ['use one of: {list}', '次のいずれかを指定してください: {list}'],
  // autoscan, dashboard
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
  ['not a regular file', '通常のファイルではありません'],
  ['give the path of a {what}', '{what} のパスを指定してください'],
  ['cannot read {what}: {error}', '{what} を読めません: {error}'],
  ['no compose file given', 'compose ファイルが指定されていません'],
  ['{file} already exists', '{file} はすでにあります'],
  ['choose another file name, or add --force to overwrite it', '別のファイル名にするか、上書きするなら --force を付けてください'],
  // image sources
  ['no image to scan', 'スキャンするイメージがありません'],
  ['name images, or use --stack NAME or --services', 'イメージを指定するか、--stack NAME か --services を使ってください'],
  ['name an image to scan', 'スキャンするイメージを指定してください'],
  ['or use --stack NAME or --services', 'または --stack NAME か --services を使ってください'],
  ['--input reads one image: scan several images from the engine', '--input で読めるイメージは 1 つです。複数のイメージはエンジンからスキャンしてください'],
  ['--format {format} is for one image: use table or json for several', '--format {format} はイメージ 1 つ用です。複数なら table か json を使ってください'],
  ['--concurrency: "{value}" is not a positive whole number', '--concurrency: "{value}" は正の整数ではありません'],
  ['--max-size: "{value}" is not a positive number', '--max-size: "{value}" は正の数ではありません'],
  // image archives and layers
  ['layer {name} is missing from the archive (truncated?)', 'アーカイブにレイヤー {name} がありません（途中で切れていますか？）'],
  // vulnerability database
  // KEV and EPSS (src/vulndb/importers/{kev,epss}.ts)
  // --epss-min, VEX (src/cli/image-scan.ts, src/scan/vex.ts)
  ['--epss-min: "{value}" is not a probability', '--epss-min: "{value}" は確率ではありません'],
  ['give a number from 0 to 1 (0.1) or a percentage (10%)', '0 から 1 の数（0.1）か百分率（10%）を指定してください'],
  // policy (src/policy/policy.ts, src/cli/policy.ts)
  ['name an image to check', '確認するイメージを指定してください'],
  ['or give an archive with --input FILE', 'または --input FILE でアーカイブを指定してください'],
  ['"{id}" is not a vulnerability id', '"{id}" は脆弱性の ID ではありません'],
  ['e.g. CVE-2023-1234 exp:2026-12-31 # reason', '例: CVE-2023-1234 exp:2026-12-31 # 理由'],
  ['unknown option "{opt}"', '"{opt}" は不明なオプションです'],
  ['the only option is exp:YYYY-MM-DD (the last day the entry applies)', '使えるオプションは exp:YYYY-MM-DD（その行が有効な最後の日）だけです'],
  ['no such ignore file', '除外ファイルがありません'],
  // bench (src/cli/bench.ts)
  ['--timeout: "{value}" is not a positive number of seconds', '--timeout: "{value}" は正の秒数ではありません'],
  ['"{value}" is not a valid pattern', '"{value}" は正しいパターンではありません'],
  ['a regular expression matched against container names, e.g. ^web', 'コンテナ名に照合する正規表現です（例: ^web）'],
  [
    'reap: --service must name a swarmguard job (swarmguard-bench-XXXXXX)',
    'reap: --service には swarmguard のジョブ（swarmguard-bench-XXXXXX）を指定してください',
  ],
  ['bench fix --all-nodes applies the audit fix only', 'bench fix --all-nodes で適用できるのは監査の修正だけです'],
  [
    'use `swarmguard bench fix --all-nodes --apply audit`; daemon.json changes need a restart per node, do them one node at a time',
    '`swarmguard bench fix --all-nodes --apply audit` を使ってください。daemon.json の変更はノードごとに再起動が必要なので、1 ノードずつ行ってください',
  ],
  ['--audit-dir: "{value}" must be an absolute path on the nodes', '--audit-dir: "{value}" はノード上の絶対パスでなければなりません'],
  ['cannot read {file}: {error}', '{file} を読めません: {error}'],
  // --input: archives by name, compressed archives, directories (src/image/{archive-names,input,directory}.ts)
  ['name an image to lint', 'lint するイメージの名前を指定してください'],
  ['or give --input FILE', 'または --input FILE を指定してください'],
  ['--input is given more than twice: image diff compares two images', '--input が 3 回以上指定されています: image diff が比べるのは 2 つのイメージです'],
  ['name the two images of the archive to compare', '比べるアーカイブ内の 2 つのイメージの名前を指定してください'],
  ['name the two images to compare', '比べる 2 つのイメージの名前を指定してください'],
  [
    'or give --input twice: swarmguard image diff --input old.tar --input new.tar',
    'または --input を 2 回指定してください: swarmguard image diff --input old.tar --input new.tar',
  ],
  ['or use --input FILE, --stack NAME or --services', 'または --input FILE、--stack NAME、--services のいずれかを使ってください'],
  // the benchmark version (src/cli/bench.ts)
  ['"{version}" is not a CIS Docker Benchmark version swarmguard knows', '"{version}" は swarmguard が知っている CIS Docker Benchmark の版ではありません'],
  ['use one of {versions}', '{versions} のいずれかを指定してください'],
  [
    "--format docker-bench writes CIS Docker Benchmark 1.6.0 ids (docker-bench-security's), not {version}",
    '--format docker-bench が書くのは CIS Docker Benchmark 1.6.0 の ID（docker-bench-security のもの）で、{version} ではありません',
  ],
  ['use --format json --cis {version} for the {again} ids', '{again} の ID には --format json --cis {version} を使ってください'],
  [
    '--compare-cis takes two CIS Docker Benchmark versions, got "{versions}"',
    '--compare-cis には CIS Docker Benchmark の版を 2 つ指定します（指定: "{versions}"）',
  ],
  ['e.g. --compare-cis 1.6.0 {latest} (versions: {versions})', '例: --compare-cis 1.6.0 {latest}（版: {versions}）'],
  ['--compare-cis runs on this host only', '--compare-cis はこのホストでだけ実行できます'],
  ['run it on each node, or compare two --all-nodes runs', '各ノードで実行するか、--all-nodes の 2 回の実行を比べてください'],
];
