// commander's usage errors in Japanese (src/i18n/usage.ts), by id; flags, names and values stay as they are.
export const JA_USAGE: Readonly<Record<string, string>> = {
  'cli.usage.unknownOption': "エラー: 不明なオプション '{flag}' です",
  'cli.usage.unknownCommand': "エラー: 不明なコマンド '{name}' です",
  'cli.usage.missingArgument': "エラー: 必須の引数 '{name}' がありません",
  'cli.usage.optionMissingArgument': "エラー: オプション '{flags}' の値がありません",
  'cli.usage.missingMandatoryOption': "エラー: 必須のオプション '{flags}' が指定されていません",
  'cli.usage.excessArguments.one': 'エラー: 引数が多すぎます。{expected} 個のところ {got} 個あります',
  'cli.usage.excessArguments.other': 'エラー: 引数が多すぎます。{expected} 個のところ {got} 個あります',
  'cli.usage.excessArgumentsFor.one': "エラー: '{command}' の引数が多すぎます。{expected} 個のところ {got} 個あります",
  'cli.usage.excessArgumentsFor.other': "エラー: '{command}' の引数が多すぎます。{expected} 個のところ {got} 個あります",
  'cli.usage.optionChoice': "エラー: オプション '{flags}' の値 '{value}' は使えません。使える値: {choices}",
  'cli.usage.argumentChoice': "エラー: 引数 '{name}' の値 '{value}' は使えません。使える値: {choices}",
  'cli.usage.didYouMean': '（もしかして: {names}）',
  'cli.usage.didYouMeanOneOf': '（もしかして: {names}）',
};
