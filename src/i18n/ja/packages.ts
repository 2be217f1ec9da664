// Japanese for the messages of src/packages/messages.ts (an image's packages read in part, or past the deadline, and
// the warnings of the inventory's readers), by id.
export const JA_PACKAGES: Readonly<Record<string, string>> = {
  'packages.notScannedCompletely': '{ref} は完全にはスキャンされていません（読めなかった部分が {count} 個、最初: {first}）',
  'packages.deadline': 'スキャンしていません: {ref}: スキャンが期限の {seconds} 秒を過ぎました（SWARMGUARD_SCAN_DEADLINE_MS）',
  // one file in the analyzer worker
  'packages.file.timeout': '{path}: スキャンしていません: 読むのに {budget} より長くかかったため、止めて飛ばしました（細工されたファイル？）',
  'packages.file.failed': '{path}: スキャンしていません: 読めなかったため飛ばしました（{why}）',
  'packages.file.stoppedBefore': '{path}: スキャンしていません: 読む前にスキャンが止められました',
  'packages.file.stoppedWhile': '{path}: スキャンしていません: 読んでいる間にスキャンが止められました',
  // the files of one image together
  'packages.run.overCap': 'スキャンしていません: {analyzer} アナライザーのファイル数の上限 {max} 個を超える {count} 個のファイルは読んでいません',
  'packages.run.stopped': 'スキャンしていません: スキャンが止められたため、{count} 個のファイルを読んでいません',
  'packages.run.outOfTime': 'スキャンしていません: 解析の制限時間を使い切ったため、{count} 個のファイルを読んでいません',
  'packages.keep.budgetSpent':
    'スキャンしていません: 1 つのイメージに対するアナライザーの上限 {bytes} バイトを使い切りました: {count} 個のファイルを読んでいません（最初は {first}）',
  // one analyzer on one kept file
  'packages.analyze.tooLarge': '{path}: {size} バイトで、{analyzer} アナライザーの上限 {max} バイトを超えるため読んでいません',
  'packages.analyze.failed': '{path}: {analyzer} アナライザーが読めませんでした（{error}）',
  // rpm databases, any format
  'packages.rpmdb.tooMany': 'スキャンしていません: パッケージが {max} 個を超えるため、残りは読んでいません',
  'packages.rpmdb.tooLarge': 'スキャンしていません: パッケージのヘッダーが合計 {max} バイトを超えるため受け付けません',
  // Berkeley DB
  'packages.rpmdb.bdb.badMagic': 'Berkeley DB のハッシュデータベースではありません（マジックが違います）',
  'packages.rpmdb.bdb.pageSize': 'ページサイズ {size} は Berkeley DB のページサイズではありません',
  'packages.rpmdb.bdb.encrypted': 'データベースが暗号化されています',
  'packages.rpmdb.bdb.notHash': 'ハッシュデータベースではありません（メタデータのページが別の種類です）',
  'packages.rpmdb.bdb.truncated':
    'メタデータには {named} ページとありますが、ファイルには {pages} ページしかありません: 途中で切れているため、ある分だけ読みます',
  'packages.rpmdb.bdb.sharedChains':
    'スキャンしていません: {count} 個のオーバーフローチェーンが、別のチェーンで読んだページにつながっているため受け付けません（細工されたデータベース）',
  'packages.rpmdb.bdb.badEntry': '{count} 個のエントリーを飛ばしました: ファイルの外のページ番号、ページのループ、または切れたチェーンです',
  'packages.rpmdb.bdb.badEntries': '{count} 個のエントリーを飛ばしました: ファイルの外のページ番号、ページのループ、または切れたチェーンです',
  // ndb
  'packages.rpmdb.ndb.badMagic': 'ndb のデータベースではありません（マジックが違います）',
  'packages.rpmdb.ndb.version': 'ndb のバージョン {version} は不明です',
  'packages.rpmdb.ndb.slotPages': 'スロットのページが {count} 個というのは ndb のインデックスとしてありえません',
  'packages.rpmdb.ndb.truncated': 'スロットのインデックスがファイルの終わりを越えています: 途中で切れているため、ある分だけ読みます',
  'packages.rpmdb.ndb.badSlots': '{count} 個のスロットを飛ばしました: マジックが違うか、blob がファイルの外にあります',
  // SQLite
  'packages.rpmdb.sqlite.noHeader': 'SQLite のデータベースではありません（SQLite のヘッダーがありません）',
  'packages.rpmdb.sqlite.unreadable': '読める SQLite のデータベースではありません（{error}）',
  'packages.rpmdb.sqlite.notOnlyTables': 'スキャンしていません: データベースが {objects} を定義しているため受け付けません。rpmdb にあるのはテーブルだけです',
  'packages.rpmdb.sqlite.object': '{type} "{name}"',
  'packages.rpmdb.sqlite.noPackages': 'Packages テーブルがありません',
  'packages.rpmdb.sqlite.computed':
    'スキャンしていません: Packages テーブルに生成列または隠し列が {count} 個あるため受け付けません。rpmdb はヘッダーを格納するものです',
  'packages.rpmdb.sqlite.noBlob': 'Packages テーブルに blob 列がありません',
  'packages.rpmdb.sqlite.rowsSkipped': '{count} 行を飛ばしました: blob が blob でないか、大きすぎます',
  'packages.rpmdb.sqlite.cannotRead': 'Packages テーブルを読めません（{error}）',
};
