// The English of what the host hardening checks say to the user, by id (src/i18n/ja/hardening.ts says it in Japanese).
import { defineMessages } from '../core/message.js';

export const hardeningMessages = defineMessages({
  'hardening.probe.notLoopback': 'refusing to probe {host}: the API probe only targets loopback addresses',
  'hardening.probe.badPort': 'not a TCP port: {port}',
});
