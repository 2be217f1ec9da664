// The English of what reading packages says when a scan read only part of an image, by id (src/i18n/ja/image.ts
// says it in Japanese). "not scanned: " opens the deadline's text: it is the mark (NOT_SCANNED) stored verdicts look for.
import { defineMessages } from '../core/message.js';

export const packagesMessages = defineMessages({
  'packages.notScannedCompletely': '{ref} was not scanned completely ({count} part(s) not read), first: {first}',
  'packages.deadline': 'not scanned: {ref}: the scan ran past its deadline of {seconds} s (SWARMGUARD_SCAN_DEADLINE_MS)',
});
