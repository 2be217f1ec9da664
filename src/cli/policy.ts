// `swarmguard policy check / show`: whether an image may ship, by a policy file evaluated here, offline.
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { writeFileAtomic } from '../core/atomic-write.js';
import { ExitCode, UserError } from '../core/errors.js';
import { colorWanted, createStyler } from '../core/style.js';
import { toolVersion } from '../core/version.js';
import { t } from '../i18n/messages.js';
import type { ImageSourceKind } from '../image/inventory.js';
import { evaluatePolicy } from '../policy/evaluate.js';
import { collectPolicyFacts } from '../policy/facts.js';
import { DEFAULT_POLICY_YAML, loadPolicy } from '../policy/policy.js';
import { renderPolicyJson, renderPolicySarif, renderPolicyTable } from '../policy/render.js';
import { loadIgnoreFile } from '../scan/ignore.js';
import { loadVexFile } from '../scan/vex.js';
import { resolveDbPath } from '../vulndb/paths.js';
import { action, reportWritten } from './run.js';

interface CheckFlags {
  input?: string;
  source: ImageSourceKind;
  policy?: string;
  db?: string;
  vex?: string[];
  ignorefile?: string;
  format: 'table' | 'json' | 'sarif';
  output?: string;
  color: boolean;
}

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description(t('help.group.policy'));
  policy
    .command('check')
    .description("evaluate a policy (default: Docker Scout's defaults and the hardening tips) over an image: pass/fail per rule with the evidence")
    .argument('[image]', 'image reference on the engine (or a name for --input)')
    .option('--input <file>', 'a `docker save` or OCI archive instead of the engine image')
    .addOption(
      new Option('--source <where>', 'read the image from the engine, its registry (attestations are looked for there), or the engine when it has it')
        .choices(['auto', 'engine', 'registry'])
        .default('auto'),
    )
    .option('--policy <file>', 'policy YAML (default: the built-in policy; `swarmguard policy show` prints it)')
    .option('--db <path>', 'vulnerability database (default $SWARMGUARD_DB or ~/.cache/swarmguard/db/vuln.db)')
    .option(
      '--vex <file>',
      'VEX documents whose not_affected/fixed statements the vulnerability rules respect (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--ignorefile <file>', 'ids to ignore, as for image scan (default .swarmguardignore when present)')
    .addOption(new Option('-f, --format <format>', 'output').choices(['table', 'json', 'sarif']).default('table'))
    .option('-o, --output <file>', 'write the report to FILE')
    .option('--no-color', 'no colour')
    .addHelpText('after', '\nExit codes: 0 the image meets the policy, 1 a rule of level fail failed, 2 usage or input errors.')
    .action(
      action(async (image: string | undefined, flags: CheckFlags) => {
        const ref = image ?? (flags.input !== undefined ? path.basename(flags.input) : undefined);
        if (ref === undefined) throw new UserError('name an image to check', { hint: 'or give an archive with --input FILE' });
        const pol = loadPolicy(flags.policy);
        const vex = (flags.vex ?? []).map(loadVexFile);
        const ignore = loadIgnoreFile(path.resolve(flags.ignorefile ?? '.swarmguardignore'), flags.ignorefile !== undefined);
        const facts = await collectPolicyFacts(ref, pol, {
          ...(flags.input !== undefined ? { input: flags.input } : { source: flags.source }),
          dbPath: resolveDbPath(flags.db),
          vex,
          ...(ignore ? { ignore } : {}),
        });
        const result = evaluatePolicy(pol, facts);
        const styler = createStyler(flags.color && !flags.output && colorWanted(process.stdout));
        const text =
          flags.format === 'json'
            ? renderPolicyJson([result])
            : flags.format === 'sarif'
              ? renderPolicySarif([result], toolVersion(), styler)
              : renderPolicyTable([result], styler);
        if (flags.output) {
          await writeFileAtomic(flags.output, text);
          reportWritten(flags.output);
        } else process.stdout.write(text);
        return result.passed ? ExitCode.OK : ExitCode.FINDINGS;
      }),
    );
  policy
    .command('show')
    .description('print the built-in policy, to copy and edit')
    .action(
      action(() => {
        process.stdout.write(DEFAULT_POLICY_YAML);
      }),
    );
}
