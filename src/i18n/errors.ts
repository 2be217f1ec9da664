// The errors and hints people meet most: engine unreachable or not permitted, a compose
// file that is missing or not valid YAML. Paths, flags, codes and the parser's own words stay as they are.

export const ERRORS_EN = {
  'error.prefix': 'error:',
  'error.hintPrefix': 'hint:',
  'error.internal': 'internal error:',
  'error.internal.hint': 'run again with --debug for the stack trace, and please report it',
  'error.engine.at': ' at {endpoint}',
  'error.engine.permission': '{what}: permission denied connecting to the Docker engine{at}',
  'error.engine.permission.hint': 'run as root, or as a user allowed to use the socket (note: membership of the docker group is root-equivalent)',
  'error.engine.unreachable': '{what}: cannot reach the Docker engine{at} ({code})',
  'error.engine.unreachable.hint': 'is dockerd running? start it (e.g. `systemctl start docker`) or point DOCKER_HOST at a running engine',
  'error.file.notFound': '{what} not found',
  'error.file.notFound.hint': 'check the path (relative paths are relative to the current directory)',
  'error.file.permissions.hint': 'check the file permissions',
  'error.yaml.invalid': 'invalid YAML: {detail}',
  'error.yaml.invalid.hint': 'fix the YAML syntax at that line',
} as const;

export const ERRORS_JA: { readonly [K in keyof typeof ERRORS_EN]: string } = {
  'error.prefix': 'エラー:',
  'error.hintPrefix': 'ヒント:',
  'error.internal': '内部エラー:',
  'error.internal.hint': '--debug を付けて再実行するとスタックトレースが表示されます。報告をお願いします',
  'error.engine.at': '（{endpoint}）',
  'error.engine.permission': '{what}: Docker エンジン{at}に接続する権限がありません',
  'error.engine.permission.hint': 'root で実行するか、ソケットを使えるユーザーで実行してください（docker グループへの所属は root と同等である点に注意）',
  'error.engine.unreachable': '{what}: Docker エンジン{at}に接続できません（{code}）',
  'error.engine.unreachable.hint': 'dockerd は動いていますか？ 起動する（例: `systemctl start docker`）か、DOCKER_HOST で稼働中のエンジンを指定してください',
  'error.file.notFound': '{what} が見つかりません',
  'error.file.notFound.hint': 'パスを確認してください（相対パスはカレントディレクトリからの相対です）',
  'error.file.permissions.hint': 'ファイルのパーミッションを確認してください',
  'error.yaml.invalid': 'YAML の構文が正しくありません: {detail}',
  'error.yaml.invalid.hint': 'その行の YAML の構文を直してください',
};
