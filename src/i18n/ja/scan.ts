// Japanese for the lines the scan printers write (src/scan/messages.ts), by id. The KEV and VEX words of the same
// book are in policy.ts.
export const JA_SCAN: Readonly<Record<string, string>> = {
  'scan.table.total': '合計: {count} ({parts})',
  'scan.table.notCovered': '合計: 対象外（これらのパッケージのアドバイザリは確認していません）',
  'scan.table.noPackages': 'イメージにパッケージが見つかりません',
  'scan.table.notScanned': 'スキャンできませんでした: イメージの {count} 箇所を読めませんでした。以下の合計は残りの部分だけのものです',
  'scan.line.note': '注: {note}',
  'scan.line.noteLabel': '注:',
  'scan.line.caveat': '注意: {caveat}',
  'scan.line.error': 'エラー: {error}',
  'scan.image.notScanned': 'スキャンできませんでした: {ref} の {count} 箇所を読めませんでした',
  'scan.image.notCovered': '対象外: {targets}（--fail-on-uncovered）',
  'scan.count.notCovered': '対象外',
  'scan.count.all': '脆弱性 {count} 件',
  'scan.count.part': '脆弱性 {count} 件（対象外: {targets}）',
  'scan.diff.compared': '{b} と {a} の比較',
  'scan.diff.side': '{side}: {count}',
  'scan.diff.note': '注: {ref}: {target}: {note}',
  'scan.many.title': 'まとめ',
  'scan.many.summary':
    'イメージ {images} 個、{vulnerabilities}{notScanned}{notCovered}。レイヤーの読み込み {read} 個（キャッシュから {cached} 個）、エクスポート {exports} 回',
  'scan.many.vulnerability': '脆弱性 {count} 件',
  'scan.many.vulnerabilities': '脆弱性 {count} 件',
  'scan.many.more': '、{part}',
  'scan.many.notScanned': '{count} 個はスキャンできませんでした',
  'scan.many.notCovered': '{count} 個は対象外',
  'scan.args.none': 'スキャンするイメージがありません',
  'scan.args.none.hint': 'イメージを指定するか、--stack NAME か --services を使ってください',
};

// The errors of `image scan`, `image diff` and `image lint` (src/cli/image-messages.ts).
export const JA_IMAGE_CLI: Readonly<Record<string, string>> = {
  'scan.flags.epssMin': '--epss-min: "{value}" は確率ではありません',
  'scan.flags.epssMin.hint': '0 から 1 の数（0.1）か百分率（10%）を指定してください',
  'scan.flags.inputOne': '--input で読めるイメージは 1 つです。複数のイメージはエンジンからスキャンしてください',
  'scan.flags.concurrency': '--concurrency: "{value}" は正の整数ではありません',
  'scan.flags.maxSize': '--max-size: "{value}" は正の数ではありません',
  'scan.args.lintNone': 'lint するイメージの名前を指定してください',
  'scan.args.lintNone.hint': 'または --input FILE を指定してください',
  'scan.args.scanNone': 'スキャンするイメージを指定してください',
  'scan.args.scanNone.hint': 'または --input FILE、--stack NAME、--services のいずれかを使ってください',
  'scan.diff.inputs': '--input が 3 回以上指定されています: image diff が比べるのは 2 つのイメージです',
  'scan.diff.nameArchive': '比べるアーカイブ内の 2 つのイメージの名前を指定してください',
  'scan.diff.nameTwo': '比べる 2 つのイメージの名前を指定してください',
  'scan.diff.name.hint': 'または --input を 2 回指定してください: swarmguard image diff --input old.tar --input new.tar',
};
