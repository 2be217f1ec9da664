// Words of the reports and the command line that are not a rule's own text.
import { defineCatalogue, translate, type MessageData } from './catalogue.js';
import { ERRORS_EN, ERRORS_JA } from './errors.js';
import { HELP_EN, HELP_JA } from './help.js';

export const messages = defineCatalogue(
  {
    'report.noFindings': 'no findings',
    'report.findings.one': '{count} finding',
    'report.findings.other': '{count} findings',
    'report.note': 'note: {text}',
    'html.summary': 'Summary',
    'html.byArea': 'By NIST SP 800-190 area',
    'html.area': 'Area',
    'html.findings': 'Findings',
    'html.byTarget': 'By target',
    'html.target': 'Target',
    'html.coverage': 'Coverage',
    'html.none': 'none',
    'html.allAreas': 'all areas',
    'html.filter': 'filter by id, message, target',
    'html.severity': 'Severity',
    'html.id': 'Id',
    'html.finding': 'Finding',
    'html.nistArea': 'NIST area',
    'html.score': 'score',
    'html.count': '{count} findings',
    'html.countScore': '{count} findings, score {score}',
    'html.shown': '{shown} of {total} findings shown',
    'html.unmapped': 'Unmapped',
    'cli.lang': 'language of messages and reports: en or ja (default: SWARMGUARD_LANG, then LC_ALL/LC_MESSAGES/LANG)',
    ...HELP_EN,
    ...ERRORS_EN,
  },
  {
    ja: {
      'report.noFindings': '指摘はありません',
      'report.findings.one': '指摘 {count} 件',
      'report.findings.other': '指摘 {count} 件',
      'report.note': '注: {text}',
      'html.summary': '概要',
      'html.byArea': 'NIST SP 800-190 の分類別',
      'html.area': '分類',
      'html.findings': '指摘',
      'html.byTarget': '対象別',
      'html.target': '対象',
      'html.coverage': 'カバレッジ',
      'html.none': 'なし',
      'html.allAreas': 'すべての分類',
      'html.filter': 'ID、メッセージ、対象で絞り込み',
      'html.severity': '深刻度',
      'html.id': 'ID',
      'html.finding': '内容',
      'html.nistArea': 'NIST の分類',
      'html.score': 'スコア',
      'html.count': '指摘 {count} 件',
      'html.countScore': '指摘 {count} 件、スコア {score}',
      'html.shown': '全 {total} 件中 {shown} 件を表示',
      'html.unmapped': '分類なし',
      'cli.lang': 'メッセージとレポートの言語: en または ja（既定: SWARMGUARD_LANG、次に LC_ALL/LC_MESSAGES/LANG）',
      ...HELP_JA,
      ...ERRORS_JA,
    },
  },
);

export type MessageId = keyof typeof messages.en;

export function t(id: MessageId, data?: MessageData): string {
  return translate(messages, id, data);
}
