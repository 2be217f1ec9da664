// Japanese for the messages of src/imagelint/messages.ts, by id. A secret's kind is a message of its own
// (src/security-words/messages.ts).

export const JA_IMAGELINT: Readonly<Record<string, string>> = {
  'imagelint.notOnEngine.hint': '先に pull かビルドをするか、--input で `docker save` の tar を指定してください',
  'imagelint.directory': '{input}: イメージではなくディレクトリです: image lint が読むのはイメージです',
  'imagelint.directory.hint': '`docker save` の tar または OCI レイアウトを指定してください',
  'imagelint.rule.runsAsRoot.noUser': 'USER の指定がなく、イメージは root で動きます',
  'imagelint.rule.runsAsRoot': 'イメージは {user} で動きます（root 権限）',
  'imagelint.rule.noHealthcheck': 'HEALTHCHECK が定義されていません',
  'imagelint.rule.shells': 'イメージ内のシェル: {files}',
  'imagelint.rule.packageManagers': 'イメージ内のパッケージマネージャー: {files}',
  'imagelint.rule.setuid': 'setuid/setgid ファイルが {count} 個あります',
  'imagelint.rule.secretInEnv': 'ENV {variable} にシークレット（{kind}）が含まれています（値は表示しません）',
  'imagelint.rule.secretInLabel': 'ラベル {label} にシークレット（{kind}）が含まれています（値は表示しません）',
  'imagelint.rule.secretInHistory': '履歴のステップ {step} にシークレット（{kind}）が含まれています（値は表示しません）',
  'imagelint.rule.literalInHistory': '履歴のステップ {step} で {variable} にリテラル値を設定しています（値は表示しません）',
  'imagelint.rule.secretFile': '{file}: シークレット（{kind}）を含むファイルです（内容は表示しません）',
  'imagelint.rule.addRemote': '履歴のステップ {step} で URL またはアーカイブを ADD しています',
  'imagelint.rule.updateAlone': '履歴のステップ {step} でパッケージインデックスの更新だけを行っています',
  // Says the count, as the English does (a text has every placeholder of its English).
  'imagelint.rule.packageCache': 'パッケージキャッシュのファイルが {count} 個残っています（例: {file}）',
  'imagelint.rule.notPinned.noTag': '{ref} にはタグもダイジェストもありません',
  'imagelint.rule.notPinned.latest': '{ref} は latest タグで、ダイジェストの指定がありません',
  'imagelint.rule.size': 'レイヤーの合計が {size} MiB あります（上限 {max} MiB）',
  'imagelint.rule.registryNotAllowed': '{ref} の取得元は {registry} で、許可されたレジストリ（{allowed}）ではありません',
};
