// Japanese for the messages of src/network/messages.ts, by id.
export const JA_NETWORK: Readonly<Record<string, string>> = {
  'network.list.failed': 'ネットワークを一覧できません: {error}',
  'network.nft.notJson': 'JSON ではありません: {error}',
  'network.nft.noTables': '最上位に "nftables" の配列がありません',
  'network.nft.hint': '`nft -j list ruleset` の出力を指定してください',
  'network.sample.invalid': '--sample: "{value}" は 0 から 60 までの秒数ではありません',
  'network.option.noEffect': '{option}（効果なし）',
  'network.support.present': '{what} があります',
  'network.support.loaded': 'モジュール {module} が読み込まれています',
  'network.support.builtIn': '{config}=y（組み込み）',
  'network.support.available': 'モジュール {module} が {dir} にあります（必要なときに読み込まれます）',
  'network.support.noFile': '{config}=m ですが、{dir} に {modules} のモジュールファイルがありません',
  'network.support.module': '{config}=m（モジュール。必要なときに読み込まれます）',
  'network.support.notSet': '{config} は設定されていません',
  'network.support.absent': '{config} はカーネルの設定にありません',
  'network.support.unknown': 'カーネルの設定がなく、{modules} も読み込まれていません',
};
