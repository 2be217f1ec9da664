// `network check` and `network diagnose` tables in Japanese: how a kernel feature was found (or not), what could not
// be read, where an encryption option sits. Kernel options, module names, paths and commands stay as they are.

type Sentence = readonly [RegExp, (...parts: string[]) => string];

const SUPPORT: readonly Sentence[] = [
  [/^(\S+) present$/, (what) => `${what} があります`],
  [/^module (\S+) loaded$/, (m) => `モジュール ${m} が読み込まれています`],
  [/^(\S+)=y \(built in\)$/, (c) => `${c}=y（組み込み）`],
  [/^module (\S+) available in (\S+) \(loaded on demand\)$/, (m, dir) => `モジュール ${m} が ${dir} にあります（必要なときに読み込まれます）`],
  [/^(\S+)=m but no (\S+) module file in (\S+)$/, (c, m, dir) => `${c}=m ですが、${dir} に ${m} のモジュールファイルがありません`],
  [/^(\S+)=m \(module, loaded on demand\)$/, (c) => `${c}=m（モジュール。必要なときに読み込まれます）`],
  [/^(\S+) is not set$/, (c) => `${c} は設定されていません`],
  [/^(\S+) absent from the kernel config$/, (c) => `${c} はカーネルの設定にありません`],
  [/^no kernel config, (\S+) not loaded$/, (m) => `カーネルの設定がなく、${m} も読み込まれていません`],
];

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

export const jaSupportHow = (how: string): string => first(SUPPORT, how);
export const jaReadError = (error: string): string => first(READ_ERRORS, error);
/** "Options.encrypted", "IPAM.Options.encrypted (no effect)": the key stays, the remark in Japanese. */
export const jaEncryptionLocation = (where: string): string => where.replace(/ \(no effect\)/g, '（効果なし）');
