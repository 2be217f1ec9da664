// Japanese for the messages of src/report/messages.ts, by id.
export const JA_REPORT: Readonly<Record<string, string>> = {
  'report.format.unfit': '--format {format} は {command} には使えません',
  'report.format.unknown': '--format {format} は swarmguard が書ける形式ではありません',
  'report.format.hint': '次のいずれかを指定してください: {list}',
};
