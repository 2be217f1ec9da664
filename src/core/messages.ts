// The English of the messages core itself raises (flags every command shares, an input file's place), by id
// (src/i18n/ja/core.ts says them in Japanese).
import { defineMessages } from './message.js';

export const coreMessages = defineMessages({
  'core.inputAt': '{where}: {message}',
  'core.severity.unknown': '{flag}: unknown severity "{input}"',
  'core.severity.unknown.hint': 'use one of {severities} (case does not matter)',
  'core.severity.empty': '{flag}: empty list',
  'core.severity.empty.hint': 'e.g. {flag} CRITICAL,HIGH',
  'core.lang.unknown': '--lang: unknown language "{flag}"',
  'core.lang.unknown.hint': 'use one of {list}',
  'core.limit.invalid': '--limit: "{value}" is not a positive whole number',
});
