// `swarmguard policy check / show`: whether an image may ship, by a policy file evaluated here, offline.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { ExitCode, UserError } from '../core/errors.js';
import { t } from '../i18n/messages.js';
import type { ImageSourceKind } from '../image/inventory.js';
import { loadCompose } from '../compose/load.js';
import { evaluatePolicy, type PolicyResult } from '../policy/evaluate.js';
import { policyMessages as M } from '../policy/messages.js';
import { checkServices, composeServices, swarmServices, type StackService } from '../policy/stack.js';
import { NAMESPACE_LABEL } from '../stack/namespace.js';
import { collectPolicyFacts } from '../policy/facts.js';
import { DEFAULT_POLICY_YAML, loadPolicy } from '../policy/policy.js';
import { loadIgnoreFile } from '../scan/ignore.js';
import { loadVexFile } from '../scan/vex.js';
import { resolveDbPath } from '../vulndb/paths.js';
import { action } from './run.js';
import { addFormatOptions, reportContext, writeReport } from './report-options.js';

interface CheckFlags {
  composeFile?: string[];
  stack?: string;
  input?: string;
  source: ImageSourceKind;
  policy?: string;
  db?: string;
  vex?: string[];
  ignorefile?: string;
  format: string;
  output?: string;
  color: boolean;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** A positional argument that is a stack file: an existing .yml/.yaml file (an image reference is never one). */
function isComposeFile(arg: string): boolean {
  if (!/\.ya?ml$/i.test(arg)) return false;
  try {
    return statSync(arg).isFile();
  } catch {
    return false;
  }
}

async function deployedServices(stack: string): Promise<StackService[]> {
  const [{ connectEngine }, { listServices }] = await Promise.all([import('../engine/connection.js'), import('../engine/api.js')]);
  const conn = await connectEngine();
  const services = await listServices(conn.docker, { filters: { label: [`${NAMESPACE_LABEL}=${stack}`] } });
  if (services.length === 0) throw new UserError(M.say('policy.cli.noServices', { stack }), { hint: M.say('policy.cli.noServices.hint') });
  return swarmServices(stack, services);
}

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description(t('help.group.policy'));
  const check = policy
    .command('check')
    .description("evaluate a policy (default: Docker Scout's defaults and the hardening tips) over an image: pass/fail per rule with the evidence")
    .argument('[image]', 'image reference on the engine (or a name for --input), or a compose file (.yml/.yaml) to check service by service')
    .option('-c, --compose-file <file>', 'check the services of this stack file, each with its image (repeatable, merged as by `docker stack deploy`)', collect)
    .option('--stack <name>', 'check the services of this deployed stack, each with the image its spec names')
    .option('--input <file>', 'a `docker save` or OCI archive instead of the engine image')
    .addOption(
      new Option('--source <where>', 'read the image from the engine, its registry, or the engine when it has it')
        .choices(['auto', 'engine', 'registry'])
        .default('auto'),
    )
    .option('--policy <file>', 'policy YAML (default: the built-in policy; `swarmguard policy show` prints it)')
    .option('--db <path>', 'vulnerability database (default $SWARMGUARD_DB or ~/.cache/swarmguard/db/vuln.db)')
    .option('--vex <file>', 'VEX documents whose not_affected/fixed statements the vulnerability rules respect (repeatable)', collect)
    .option('--ignorefile <file>', 'ids to ignore, as for image scan (default .swarmguardignore when present)');
  addFormatOptions(check, 'policy', 'output')
    .option('--no-color', 'no colour')
    .addHelpText(
      'after',
      '\nExit codes: 0 the image (every service) meets the policy, 1 a rule of level fail failed or a service could not be judged, 2 usage or input errors.',
    )
    .action(
      action(async (image: string | undefined, flags: CheckFlags) => {
        const pol = loadPolicy(flags.policy);
        const vex = (flags.vex ?? []).map(loadVexFile);
        const ignore = loadIgnoreFile(path.resolve(flags.ignorefile ?? '.swarmguardignore'), flags.ignorefile !== undefined);
        const factOptions = { dbPath: resolveDbPath(flags.db), vex, ...(ignore ? { ignore } : {}) };
        const composeFiles = [...(flags.composeFile ?? []), ...(image !== undefined && isComposeFile(image) ? [image] : [])];
        let results: PolicyResult[];
        if (composeFiles.length > 0 || flags.stack !== undefined) {
          if (flags.input !== undefined) throw new UserError(M.say('policy.cli.inputWithStack'), { hint: M.say('policy.cli.inputWithStack.hint') });
          if (composeFiles.length > 0 && flags.stack !== undefined) throw new UserError(M.say('policy.cli.composeAndStack'));
          if (image !== undefined && !isComposeFile(image)) throw new UserError(M.say('policy.cli.imageWithStack', { image }));
          const services = composeFiles.length > 0 ? composeServices(await loadCompose(composeFiles)) : await deployedServices(flags.stack!);
          results = await checkServices(services, pol, (ref) => collectPolicyFacts(ref, pol, { ...factOptions, source: flags.source }));
        } else {
          const ref = image ?? (flags.input !== undefined ? path.basename(flags.input) : undefined);
          if (ref === undefined) throw new UserError(M.say('policy.cli.noImage'), { hint: M.say('policy.cli.noImage.hint') });
          const facts = await collectPolicyFacts(ref, pol, {
            ...factOptions,
            ...(flags.input !== undefined ? { input: flags.input } : { source: flags.source }),
          });
          results = [evaluatePolicy(pol, facts)];
        }
        await writeReport({ kind: 'policy', results, ctx: reportContext('policy check', flags) }, flags);
        return results.every((r) => r.passed) ? ExitCode.OK : ExitCode.FINDINGS;
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
