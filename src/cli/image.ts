// `swarmguard image`: scanning, linting and diffing images (the subcommands live in image-scan.ts).
import type { Command } from 'commander';
import { registerImageScanCommands } from './image-scan.js';
import { t } from '../i18n/messages.js';

export function registerImageCommands(program: Command): void {
  registerImageScanCommands(program.command('image').description(t('help.group.image')));
}
