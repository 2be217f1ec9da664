// The English of what the report writer says to the user, by id (src/i18n/ja/report.ts says it in Japanese).
import { defineMessages } from '../core/message.js';

export const reportMessages = defineMessages({
  'report.format.unfit': '--format {format} does not fit {command}',
  'report.format.unknown': '--format {format} is not a format swarmguard writes',
  'report.format.hint': 'use one of: {list}',
});
