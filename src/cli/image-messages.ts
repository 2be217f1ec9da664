// The English of what `image scan`, `image diff` and `image lint` say when their flags or arguments do not fit, by id
// (src/i18n/ja/scan.ts says them in Japanese).
import { defineMessages } from '../core/message.js';

export const imageCliMessages = defineMessages({
  'scan.flags.epssMin': '--epss-min: "{value}" is not a probability',
  'scan.flags.epssMin.hint': 'give a number from 0 to 1 (0.1) or a percentage (10%)',
  'scan.flags.inputOne': '--input reads one image: scan several images from the engine',
  'scan.flags.concurrency': '--concurrency: "{value}" is not a positive whole number',
  'scan.flags.maxSize': '--max-size: "{value}" is not a positive number',
  'scan.args.lintNone': 'name an image to lint',
  'scan.args.lintNone.hint': 'or give --input FILE',
  'scan.args.scanNone': 'name an image to scan',
  'scan.args.scanNone.hint': 'or use --input FILE, --stack NAME or --services',
  'scan.diff.inputs': '--input is given more than twice: image diff compares two images',
  'scan.diff.nameArchive': 'name the two images of the archive to compare',
  'scan.diff.nameTwo': 'name the two images to compare',
  'scan.diff.name.hint': 'or give --input twice: swarmguard image diff --input old.tar --input new.tar',
});
