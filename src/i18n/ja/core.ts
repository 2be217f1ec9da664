// Japanese for the messages of src/core/messages.ts, by id.
export const JA_CORE: Readonly<Record<string, string>> = {
  'core.inputAt': '{where}: {message}',
  'core.severity.unknown': '{flag}: "{input}" は不明な深刻度です',
  'core.severity.unknown.hint': '{severities} のいずれかを指定してください（大文字小文字は区別しません）',
  'core.severity.empty': '{flag}: リストが空です',
  'core.severity.empty.hint': '例: {flag} CRITICAL,HIGH',
  'core.lang.unknown': '--lang: "{flag}" は不明な言語です',
  'core.lang.unknown.hint': '次のいずれかを指定してください: {list}',
  'core.limit.invalid': '--limit: "{value}" は正の整数ではありません',
};
