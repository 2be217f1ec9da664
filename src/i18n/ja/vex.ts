// Japanese for the messages of src/scan/vex-messages.ts (reading --vex documents), by id.
export const JA_VEX: Readonly<Record<string, string>> = {
  'vex.formats.hint': '--vex が読むのは OpenVEX、CycloneDX VEX（JSON）、CSAF 2.0 VEX の文書です',
  'vex.notJson': 'JSON ではありません: {error}',
  'vex.notVex': 'VEX の文書ではありません（OpenVEX の @context、CycloneDX の bomFormat、CSAF の document.csaf_version のどれもありません）',
  'vex.invalid': '{format} の文書として正しくありません: {issue}',
  'vex.issue': '{path}: {problem}',
  'vex.top': '（最上位）',
  'vex.missing': 'VEX ファイルがありません',
  'vex.tooLarge': 'VEX ファイルは {size} バイトです。上限は {limit} バイトです',
  'vex.note.noProduct': '{file}: ステートメント {n} は製品を purl で示していないため、どのパッケージにも当てはまりません',
  'vex.note.noComponent': '{file}: {vuln}: 影響先に purl のあるコンポーネントがないため、どのパッケージにも当てはまりません',
  'vex.note.aVulnerability': 'ある脆弱性',
  'vex.note.csafNoPurl':
    '{file}: 製品 {id}（{name}）の product_identification_helper に purl がないため、この製品についてのステートメントはどのパッケージにも当てはまりません',
  'vex.note.notInTree': '製品ツリーにありません',
};
