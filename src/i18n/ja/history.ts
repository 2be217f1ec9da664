// Japanese for the messages of src/history/messages.ts (the scan and audit history), by id.
export const JA_HISTORY: Readonly<Record<string, string>> = {
  'history.cannotCreate': '{file} を作成できません: {error}',
  'history.location.unknown': '--history: {location} はファイルでも postgres:// の URL でもありません',
  'history.location.unknown.hint': 'SQLite ならファイルのパスを、PostgreSQL なら postgres://user@host/db を指定してください',

  'history.audit.newer': '監査履歴 {file} は新しい swarmguard で書かれています（監査スキーマ {version}）',
  'history.audit.upgradeFailed': '監査履歴 {file} をスキーマ {next} に更新できません: {error}',
  'history.audit.upgradeFailed.hint': 'ファイルは元のまま残しています。最初からやり直すには $SWARMGUARD_HISTORY で新しいファイルを指定してください',
  'history.audit.cannotOpen': '履歴 {file} を開けません: {error}',
  'history.audit.cannotOpen.hint': 'パスとパーミッションを確認するか、--history か $SWARMGUARD_HISTORY で別のファイルを指定してください',
  'history.audit.notHistory': '{file} は swarmguard の履歴ではありません: {error}',
  'history.audit.notHistory.hint': '--history で別のファイルを指定してください',
  'history.audit.retention': '$SWARMGUARD_AUDIT_RETENTION_DAYS: "{raw}" は日数ではありません',
  'history.audit.recorded': '監査の実行 {id} を {file} に記録しました',
  'history.audit.recordedPruned': '監査の実行 {id} を {file} に記録しました（保存期間を過ぎた {count} 件を削除しました）',
  'history.audit.notKept': '警告: 監査の実行を履歴に残せませんでした: {error}',
  'history.scan.notRecorded': '警告: スキャンを履歴に記録できませんでした: {error}',
  'history.audit.retention.hint': '例: 90（0 ならすべての実行を残します）',

  'history.scan.cannotOpen': 'スキャン履歴 {file} を開けません: {error}',
  'history.scan.cannotOpen.hint': 'パスとパーミッションを確認するか、$SWARMGUARD_HISTORY で別のファイルを指定してください',
  'history.scan.newer': 'スキャン履歴 {file} は新しい swarmguard で書かれています（スキーマ {version}）',
  'history.scan.notHistory': '{file} は swarmguard のスキャン履歴ではありません: {error}',
  'history.scan.notHistory.hint': '$SWARMGUARD_HISTORY で新しいファイルを指定してください',

  'history.pg.passwordFile': 'データベースのパスワードファイル {file} を読めません: {error}',
  'history.pg.cannotOpen': '{location} のスキャン履歴を開けません: {error}',
  'history.pg.cannotOpen.hint': 'そこで PostgreSQL が動いていること、そのユーザーがそのデータベースにテーブルを作れることを確認してください',
  'history.pg.newer': '{location} のスキャン履歴は新しい swarmguard で書かれています（スキーマ {version}）',
};
