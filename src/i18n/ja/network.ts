// Japanese for the messages of src/network/messages.ts, by id.
export const JA_NETWORK: Readonly<Record<string, string>> = {
  'network.list.failed': 'ネットワークを一覧できません: {error}',
  'network.nft.notJson': 'JSON ではありません: {error}',
  'network.nft.noTables': '最上位に "nftables" の配列がありません',
  'network.nft.hint': '`nft -j list ruleset` の出力を指定してください',
  'network.sample.invalid': '--sample: "{value}" は 0 から 60 までの秒数ではありません',
};
