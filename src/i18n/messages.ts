// Words of the reports and the command line that are not a rule's own text.
import { defineCatalogue, translate, type MessageData } from './catalogue.js';

export const messages = defineCatalogue(
  {
    'report.noFindings': 'no findings',
    'report.findings.one': '{count} finding',
    'report.findings.other': '{count} findings',
    'report.note': 'note: {text}',
    'cli.lang': 'language of messages and reports: en or ja (default: SWARMGUARD_LANG, then LC_ALL/LC_MESSAGES/LANG)',
  },
  {
    ja: {
      'report.noFindings': '指摘はありません',
      'report.findings.one': '指摘 {count} 件',
      'report.findings.other': '指摘 {count} 件',
      'report.note': '注: {text}',
      'cli.lang': 'メッセージとレポートの言語: en または ja（既定: SWARMGUARD_LANG、次に LC_ALL/LC_MESSAGES/LANG）',
    },
  },
);

export type MessageId = keyof typeof messages.en;

export function t(id: MessageId, data?: MessageData): string {
  return translate(messages, id, data);
}
