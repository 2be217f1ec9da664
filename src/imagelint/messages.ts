// The English of what `image lint` says to the user, by id (src/i18n/ja/imagelint.ts says it in Japanese).
import { defineMessages } from '../core/message.js';

export const imagelintMessages = defineMessages({
  'imagelint.notOnEngine.hint': 'pull or build it first, or give a `docker save` tar with --input',
  'imagelint.directory': '{input}: a directory, not an image: image lint reads images',
  'imagelint.directory.hint': 'give a `docker save` tar or an OCI layout',
});
