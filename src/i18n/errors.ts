// The errors and hints people meet most (the engine's are src/engine/messages.ts): a compose
// file that is missing or not valid YAML. Paths, flags, codes and the parser's own words stay as they are.

export const ERRORS_EN = {
  'error.prefix': 'error:',
  'error.hintPrefix': 'hint:',
  'error.internal': 'internal error:',
  'error.internal.hint': 'run again with --debug for the stack trace, and please report it',
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
  'error.file.notFound': '{what} が見つかりません',
  'error.file.notFound.hint': 'パスを確認してください（相対パスはカレントディレクトリからの相対です）',
  'error.file.permissions.hint': 'ファイルのパーミッションを確認してください',
  'error.yaml.invalid': 'YAML の構文が正しくありません: {detail}',
  'error.yaml.invalid.hint': 'その行の YAML の構文を直してください',
};
