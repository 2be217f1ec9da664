// Japanese for the notes that accompany a report, by id (src/scan/note-messages.ts, src/audit/messages.ts and the
// notes of src/bench/messages.ts): what was not checked and why, an OS release past its end of life, a target with
// no advisories ("not covered"), swarmguard's own containers left out. Names, paths, versions and dates are values.

export const JA_NOTES: Readonly<Record<string, string>> = {
  'scan.note.endOfLife': '{os} は {date} にサポートが終了しています。セキュリティ修正が出ないため、指摘は不完全です。サポート中のリリースに移行してください',
  'scan.note.noFeed': '{os} のアドバイザリのフィードがありません。OS パッケージは確認していません（対象外）',
  'scan.note.osUnknown': 'イメージの OS が分かりません。OS パッケージは確認していません（対象外）',
  'scan.note.uncomparable.one': '{key}: アドバイザリ 1 件（{shown}）とバージョンを比べられません: {reason}。このアドバイザリとは照合していません',
  'scan.note.uncomparable': '{key}: アドバイザリ {count} 件（{shown}）とバージョンを比べられません: {reason}。これらのアドバイザリとは照合していません',
  'scan.note.uncomparable.more': '{ids} ほか {count} 件',
  'scan.note.inventory': 'パッケージ一覧: {warning}',
  'scan.note.ofTarget': '{target}: {note}',
  'scan.note.ignoreExpired': '{file}:{line}: {id} のエントリーは {date} に期限が切れたため、再び報告します',
  'scan.note.ignored': '{count} 件の検出結果を {file} で無視しました',
  'scan.note.ignoreFile': '無視リストのファイル',
  'scan.note.noAdvisories':
    'データベースにこのリリースのアドバイザリがありません（{namespace}）。対象外です。ソースを追加して `swarmguard db update` を実行してください',
  'scan.caveat.alpine':
    '{alpine} は Alpine ベースです。Alpine のセキュリティフィードには修正済みのものしかなく、未修正の脆弱性の記録がないため、OS パッケージの件数は {other} と同じ条件では比べられません',
  'scan.caveat.distributions':
    '2 つのイメージはディストリビューションが違います（{a}、{b}）。それぞれ自身のフィードと照合するため、カバー範囲も深刻度の評価も異なります',
  'scan.caveat.uncovered': '{ref}: 対象外です。{targets} のアドバイザリは確認していないため、件数が 0 でも問題がないとは言えません',
  'scan.caveat.nothingCompared': 'どちらのイメージもアドバイザリと照合したパッケージがありません。この比較からは脆弱性について何も言えません',
  'audit.progress.engine': 'エンジンとこのホストを読んでいます',
  'audit.progress.image': 'イメージ {ref}',
  'audit.part.compose': '{files} の compose lint',
  'audit.part.swarm': '稼働中の Swarm の監査',
  'audit.part.hostTips': 'ホストとデーモンのチェック',
  'audit.part.benchEveryNode': 'すべてのノードの CIS Docker Benchmark {version}',
  'audit.part.benchOn': '{node} の CIS Docker Benchmark {version}',
  'audit.part.imageLint': '{ref} のイメージの lint',
  'audit.part.vulnScan': '{ref} の脆弱性スキャン',
  'audit.note.notChecked': '{part}: 確認できませんでした（{error}）',
  'audit.note.engine': 'エンジン: {error}',
  'audit.note.notManager': '稼働中の Swarm の監査: このエンジンは Swarm のマネージャーではありません',
  'audit.note.benchFailed': '{node} の CIS ベンチマーク: {error}',
  'audit.note.benchNoResult': '{node} の CIS ベンチマーク: 結果がありません',
  'audit.note.noBench': 'CIS ベンチマーク: 実行していません（--no-bench）',
  'audit.note.noDatabase': '脆弱性スキャン: {db} にデータベースがありません（`swarmguard db update` か `db import` を実行してください）',
  'audit.note.imageAbsent': 'イメージ {ref}（{services}）: このノードにないため確認していません',
  'audit.note.noImages': 'イメージ: 確認していません（--no-images）',
  'audit.note.thisNodeOnly': 'このエンジンは Swarm のマネージャーではありません。このノードから見える範囲だけを確認しました',
  'bench.note.excluded': 'swarmguard 自身の {items} を対象から除きました（com.swarmguard.role ラベル）',
  'bench.note.excludedItem': '{kind} {name} ({role})',
};
