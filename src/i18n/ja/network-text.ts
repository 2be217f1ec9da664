// `network check` and `network diagnose` tables in Japanese: the words of a kernel feature's state. How it was found,
// what could not be read and where an encryption option sits are said by id (src/network/messages.ts).

export const JA_SUPPORT_STATE: Readonly<Record<string, string>> = { yes: 'あり', no: 'なし', unknown: '不明' };
