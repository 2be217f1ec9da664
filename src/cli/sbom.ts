// `swarmguard sbom`: the package inventory of an image as a table, JSON, CycloneDX or SPDX. It loads neither the
// engine client nor the vulnerability database when it reads a `docker save` tar; the CycloneDX library
// only for --format cyclonedx.
import type { Command } from 'commander';
import { Option } from 'commander';
import { createProgress } from '../core/progress.js';
import { UserError } from '../core/errors.js';
import { inventoryImage } from '../image/inventory.js';
import { cliMessages as M } from './messages.js';
import { action } from './run.js';
import { addFormatOptions, reportContext, writeReport } from './report-options.js';
import { t } from '../i18n/messages.js';

export function registerSbomCommand(program: Command): void {
  const sbom = program
    .command('sbom')
    .description(t('help.group.sbom'))
    .argument('[image]', 'image reference on the engine (with --input: the image of the archive, default its own name)')
    .option('--input <file>', t('help.image.scan.input'))
    .option('--include-dev-deps', 'with --input DIR of a project: list development-only dependencies too')
    .addOption(
      new Option('--source <where>', 'read the image from the engine, its registry, or the engine when it has it')
        .choices(['auto', 'engine', 'registry'])
        .default('auto'),
    )
    .option('--platform <os/arch>', "for multi-platform images in a registry (default: this host's)")
    .option('--no-cache', 'read every layer, without the layer cache ($SWARMGUARD_CACHE_DIR or ~/.cache/swarmguard/layers)');
  addFormatOptions(sbom, 'sbom', 'output')
    .option('--no-color', 'no colour')
    .addHelpText(
      'after',
      '\nExamples:\n  $ swarmguard sbom nginx:1.27\n  $ swarmguard sbom --input app.tar.gz --format cyclonedx -o app.cdx.json\n  $ swarmguard sbom --input ./rootfs --format spdx-json\n  $ swarmguard sbom --input . (a project checkout: its lockfiles)',
    )
    .action(
      action(
        async (
          ref: string | undefined,
          flags: {
            input?: string;
            includeDevDeps?: boolean;
            source: 'auto' | 'engine' | 'registry';
            platform?: string;
            cache: boolean;
            format: string;
            output?: string;
            color: boolean;
          },
        ) => {
          if (ref === undefined && !flags.input) throw new UserError(M.say('cli.sbom.noImage'), { hint: M.say('cli.sbom.noImage.hint') });
          const progress = createProgress(`reading ${ref ?? flags.input}`);
          const inv = await inventoryImage(ref ?? '', {
            ...(flags.input ? { input: flags.input } : {}),
            ...(flags.includeDevDeps ? { includeDevDeps: true } : {}),
            source: flags.source,
            ...(flags.cache === false ? { cache: null } : {}),
            ...(flags.platform ? { platform: flags.platform } : {}),
            onProgress: (done, total) => {
              progress.total(total);
              progress.tick(done === 0 ? 0 : 1, `layer ${done + 1}/${total}`);
            },
          });
          progress.done();
          await writeReport({ kind: 'sbom', inventory: inv, ctx: reportContext('sbom', flags) }, flags);
        },
      ),
    );
}
