// The words the error printer puts around every error, hint and warning (the errors themselves are said by id, from the book
// beside the code that raises them: src/compose/messages.ts, src/engine/messages.ts…).

export const ERRORS_EN = {
  'error.prefix': 'error:',
  'error.hintPrefix': 'hint:',
  'error.warningPrefix': 'warning:',
  'error.internal': 'internal error:',
  'error.internal.hint': 'run again with --debug for the stack trace, and please report it',
} as const;

export const ERRORS_JA: { readonly [K in keyof typeof ERRORS_EN]: string } = {
  'error.prefix': 'エラー:',
  'error.hintPrefix': 'ヒント:',
  'error.warningPrefix': '警告:',
  'error.internal': '内部エラー:',
  'error.internal.hint': '--debug を付けて再実行するとスタックトレースが表示されます。報告をお願いします',
};
