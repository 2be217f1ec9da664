// Japanese for the messages of src/report/messages.ts, by id.
export const JA_REPORT: Readonly<Record<string, string>> = {
  'report.format.unfit': '--format {format} は {command} には使えません',
  'report.format.unknown': '--format {format} は swarmguard が書ける形式ではありません',
  'report.format.hint': '次のいずれかを指定してください: {list}',
  'report.reporter.unknown': '--format: "{id}" は不明な形式です',
  'report.kind.images': 'image scan（複数イメージ）',
  'report.kind.nodeScan': 'image scan --all-nodes（全ノードのスキャン）',
  'report.kind.benchNodes': 'bench --all-nodes（全ノードのベンチマーク）',
  'report.kind.benchCompare': 'bench --compare-cis（CIS のバージョン比較）',
  'report.benchNodes.done': '{count} ノード中 {done} ノードでベンチマークを実行しました',
  'report.sbom.warning': '警告: {warning}',
  'report.sbom.summary': 'パッケージ {count} 個（{types}） — {os}',
  'report.sbom.summary.empty': 'パッケージ 0 個 — {os}',
  'report.sbom.osUnknown': 'OS 不明（os-release がありません）',
  'report.sbom.notComplete': '不完全です: イメージのうち {count} 個の部分を読んでいません（上の警告を参照）',
};
