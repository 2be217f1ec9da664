// Japanese for the messages of src/compose/messages.ts, by id.
export const JA_COMPOSE_WAIVERS: Readonly<Record<string, string>> = {
  'compose.waiver.notList': 'x-swarmguard.waivers は rule、service、reason を持つ項目のリストにしてください',
  'compose.waiver.unknownKey': 'x-swarmguard: 不明なキー "{key}"（使えるのは waivers）',
  'compose.waiver.form': 'x-swarmguard.waivers の項目 {index}: {problem}',
  'compose.waiver.fields': '各例外は rule、service、reason（いずれも文字列）をちょうど持ちます',
  'compose.waiver.noReason': 'reason には検出を受け入れる理由を {min} 文字以上で書いてください',
  'compose.waiver.unknownRule': '不明なルール "{rule}"',
  'compose.waiver.unknownRule.hint': 'ルールの ID は `swarmguard compose rules` で一覧できます',
  'compose.waiver.unknownService': 'このスタックにサービス "{service}" はありません',
  'compose.waiver.unknownService.hint': 'ファイルのサービスを指定してください: {services}',
  'compose.waiver.tooMany': 'x-swarmguard.waivers: 例外が {max} 件を超えています',
  'compose.blank.value': '{value}（{variables}）',
  'compose.blank.unset': '{name} が未設定',
  'compose.blank.empty': '{name} が空',
  'compose.waiver.unused': 'サービス {service} の {rule} の例外（{where}）はどの検出にも当たりません: 削除してください',
};
