// Japanese for the errors and hints commands raise (UserError, InputError, EngineError). Each entry is the English
// message as the code writes it, with its values as {named} parameters, and the Japanese message with the same
// parameters; a parameter whose name starts with "_" is an English-only grammar piece (a plural "s") Japanese leaves
// out. A leading "NAME: " (a file, an image, a flag) is kept by the printer as it is and is not part of the entries.

export const JA_USER_ERRORS: readonly (readonly [string, string])[] = [
  // history
  // output, format, language
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
  ['or use --stack NAME or --services', 'または --stack NAME か --services を使ってください'],
  // image archives and layers
  ['layer {name} is missing from the archive (truncated?)', 'アーカイブにレイヤー {name} がありません（途中で切れていますか？）'],
  // vulnerability database
  // KEV and EPSS (src/vulndb/importers/{kev,epss}.ts)
  // --epss-min, VEX (src/cli/image-scan.ts, src/scan/vex.ts)
  // policy (src/policy/policy.ts, src/cli/policy.ts)
  ['name an image to check', '確認するイメージを指定してください'],
  ['or give an archive with --input FILE', 'または --input FILE でアーカイブを指定してください'],
  // bench (src/cli/bench.ts)
  ['cannot read {file}: {error}', '{file} を読めません: {error}'],
  // --input: archives by name, compressed archives, directories (src/image/{archive-names,input,directory}.ts)
  ['or give --input FILE', 'または --input FILE を指定してください'],
  // the benchmark version (src/cli/bench.ts)
  ['use one of {versions}', '{versions} のいずれかを指定してください'],
];
