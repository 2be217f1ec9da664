// `network check` and `network diagnose` tables in Japanese: what could not be read (how a kernel
// feature was found and where an encryption option sits are said by id: src/network/messages.ts). Kernel options, module names, paths and commands stay as they are.

type Sentence = readonly [RegExp, (...parts: string[]) => string];

const READ_ERRORS: readonly Sentence[] = [
  [/^ip xfrm (state|policy) failed$/, (what) => `\`ip xfrm ${what}\` に失敗しました`],
  [
    /^\/proc\/net\/xfrm_stat not readable \(kernel without CONFIG_XFRM_STATISTICS\?\)$/,
    () => '/proc/net/xfrm_stat を読めません（CONFIG_XFRM_STATISTICS のないカーネル？）',
  ],
  [/^(iptables-save|nft) failed$/, (what) => `\`${what}\` に失敗しました`],
];

function first(table: readonly Sentence[], text: string): string {
  for (const [re, ja] of table) {
    const m = re.exec(text);
    if (m) return ja(...m.slice(1));
  }
  return text;
}

export const JA_SUPPORT_STATE: Readonly<Record<string, string>> = { yes: 'あり', no: 'なし', unknown: '不明' };

export const jaReadError = (error: string): string => first(READ_ERRORS, error);
