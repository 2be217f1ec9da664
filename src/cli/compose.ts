// `swarmguard compose lint | rules | init`: Swarm-aware lint of stack files, the rule catalogue, a secure starting stack.
import { Command, Option } from 'commander';
import { ExitCode, UserError } from '../core/errors.js';
import { renderTable } from '../core/table.js';
import { colorWanted, createStyler } from '../core/style.js';
import { applyFixPlan, planFixes, renderFixDiff, type FixPlan } from '../compose/fix.js';
import { promises as fs } from 'node:fs';
import { writeInitStack, DEFAULT_INIT_FILE, type ImageFacts } from '../compose/init.js';
import { loadCompose } from '../compose/load.js';
import { loadWarningSaid } from '../compose/model.js';
import { listMessage, pushNote } from '../core/message.js';
import { composeMessages } from '../compose/messages.js';
import { sayOnStderr } from '../i18n/user-errors.js';
import { composeRules, lintCompose, ruleMetas, selectRules } from '../compose/rules/index.js';
import { unusedWaiverNote } from '../compose/waivers.js';
import { addReportOptions, emitFindings, type ReportFlags } from './report-options.js';
import { cliMessages as M } from './messages.js';
import { action } from './run.js';
import { t } from '../i18n/messages.js';
import { collectIds } from './option-values.js';

interface LintFlags extends ReportFlags {
  rule: string[];
  skipRule: string[];
  envFile?: string;
  fix?: boolean;
  dryRun?: boolean;
}

const LINT_HELP = `
Rules follow what \`docker stack deploy\` really does: the implicit default network is an unencrypted
overlay, keys such as privileged/security_opt/devices/restart are ignored by Swarm, and so on.
Files merge like \`docker stack deploy -c a.yml -c b.yml\`; \${VAR} interpolation reads the shell
and a .env file beside the first file (or --env-file).

Examples:
  $ swarmguard compose lint stack.yml
  $ swarmguard compose lint -c base.yml -c prod.yml --fail-on HIGH
  $ swarmguard compose lint stack.yml --format sarif --output lint.sarif
  $ swarmguard compose lint stack.yml --skip-rule no-healthcheck,not-read-only
  $ swarmguard compose lint stack.yml --fix --dry-run     # show the diff, write nothing
  $ swarmguard compose lint stack.yml --fix               # encrypt overlays, keep comments

Exit codes: 0 ok, 1 findings at or above --fail-on (or --exit-code N), 2 bad input or usage.`;

export function registerComposeCommands(program: Command): void {
  const compose = program.command('compose').description(t('help.group.compose'));
  for (const add of [addComposeLintCommand, addComposeRulesCommand, addComposeInitCommand]) add(compose);
}

/** compose lint: the Swarm-aware rules over one or more stack files, --fix to rewrite what can be fixed */
function addComposeLintCommand(compose: Command): void {
  const lint = compose
    .command('lint')
    .description(t('help.compose.lint'))
    .argument('[files...]', t('help.compose.lint.files'))
    .option('-c, --compose-file <file>', t('help.compose.lint.composeFile'), (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--rule <ids>', t('help.compose.lint.rule'), collectIds, [] as string[])
    .option('--skip-rule <ids>', t('help.compose.lint.skipRule'), collectIds, [] as string[])
    .option('--env-file <file>', t('help.compose.lint.envFile'))
    .option('--fix', t('help.compose.lint.fix'))
    .option('--dry-run', t('help.compose.lint.dryRun'));
  addReportOptions(lint);
  lint.addHelpText('after', LINT_HELP);
  lint.action(action(runLint));
}

async function runLint(positional: string[], flags: LintFlags & { composeFile: string[] }): Promise<number> {
  const files = [...flags.composeFile, ...positional];
  if (files.length === 0) throw new UserError(M.say('cli.compose.noFile'), { hint: M.say('cli.compose.noFile.hint') });
  if (flags.dryRun && !flags.fix) throw new UserError(M.say('cli.compose.dryRun'), { hint: M.say('cli.compose.dryRun.hint') });
  const rules = selectRules({ only: flags.rule, skip: flags.skipRule });
  const loadOpts = { cwd: process.cwd(), ...(flags.envFile !== undefined ? { envFile: flags.envFile } : {}) };
  let loaded = await loadCompose(files, loadOpts);

  if (flags.fix) {
    const plan = await planFixes(loaded, { cwd: process.cwd() });
    if (flags.dryRun) return showFixes(plan);
    if ((await applyFixes(plan)) > 0) loaded = await loadCompose(files, loadOpts);
  }

  const { findings, unused } = lintCompose(loaded, rules);
  // Said by id: the human formats say the notes in the reader's language, the machine formats keep the English.
  const notes: string[] = [];
  for (const w of loaded.warnings) pushNote(notes, loadWarningSaid(w));
  for (const w of unused) pushNote(notes, unusedWaiverNote(w));
  return emitFindings(findings, flags, {
    command: 'compose lint',
    rules: ruleMetas(rules),
    scanned: loaded.files,
    notes,
  });
}

/** --fix --dry-run: the diff on stdout, what cannot be fixed on stderr; nothing is written. */
function showFixes(plan: FixPlan): number {
  const diff = renderFixDiff(plan);
  process.stdout.write(diff === '' ? '' : diff);
  for (const problem of plan.unfixable) sayOnStderr(composeMessages.say('compose.fix.notFixed', { problem }));
  if (diff === '') sayOnStderr(composeMessages.say('compose.fix.nothing'));
  return ExitCode.OK;
}

/** --fix: writes the fixes, says what each file got and what could not be fixed; the number of files written. */
async function applyFixes(plan: FixPlan): Promise<number> {
  const written = await applyFixPlan(plan);
  for (const f of written) sayOnStderr(composeMessages.say('compose.fix.fixed', { file: f.display, changes: listMessage(f.summary, '; ') }));
  for (const problem of plan.unfixable) sayOnStderr(composeMessages.say('compose.fix.notFixed', { problem }));
  return written.length;
}

/** compose rules: the rule catalogue */
function addComposeRulesCommand(compose: Command): void {
  compose
    .command('rules')
    .description('list the lint rules: id, severity, title')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExamples:\n  $ swarmguard compose rules\n  $ swarmguard compose rules --format json | jq -r ".[].id"')
    .action(
      action((opts: { format: string }) => {
        const metas = ruleMetas(composeRules.all());
        if (opts.format === 'json') {
          process.stdout.write(`${JSON.stringify(metas, null, 2)}\n`);
          return ExitCode.OK;
        }
        const s = createStyler(colorWanted(process.stdout));
        const rows = metas.map((m) => [m.id, s.severity(m.severity), m.fixable ? 'fix' : '', m.title]);
        process.stdout.write(`${renderTable(['ID', 'SEVERITY', 'FIX', 'TITLE'], rows)}\n`);
        return ExitCode.OK;
      }),
    );
}

interface InitFlags {
  force?: boolean;
  imageNginx: string;
  imageHttpd: string;
  endpointMode?: 'vip' | 'dnsrr';
}

/** compose init: a secure starting stack */
function addComposeInitCommand(compose: Command): void {
  compose
    .command('init')
    .description('write a secure starting stack: nginx and httpd on an encrypted overlay network, hardened as far as the chosen images allow')
    .argument('[file]', 'where to write it', DEFAULT_INIT_FILE)
    .option('--force', 'overwrite FILE if it exists')
    .option('--image-nginx <ref>', 'image for the nginx service', 'nginx')
    .option('--image-httpd <ref>', 'image for the httpd service', 'httpd')
    .addOption(
      new Option('--endpoint-mode <mode>', 'deploy.endpoint_mode of both services (default: vip, or dnsrr when this node has no IPVS)').choices([
        'vip',
        'dnsrr',
      ]),
    )
    .addHelpText(
      'after',
      `\nThe read-only root and its tmpfs paths follow each image: the official nginx and httpd images, Debian's\nnginx and apache2, busybox httpd. For an image it does not know (and cannot inspect on this engine),\nread_only is left out with a comment rather than guessed.\n\nExamples:\n  $ swarmguard compose init\n  $ swarmguard compose init stack.yml --image-nginx nginx:1.27 --image-httpd httpd:2.4\n  $ swarmguard compose init --endpoint-mode dnsrr --force\n\nThen: swarmguard compose lint ${DEFAULT_INIT_FILE} && swarmguard stack deploy -c ${DEFAULT_INIT_FILE} test && swarmguard stack verify test`,
    )
    .action(action(runInit));
}

async function runInit(file: string, opts: InitFlags): Promise<number> {
  let endpointMode = opts.endpointMode;
  let endpointReason: string | undefined;
  if (endpointMode === undefined) {
    const ipvs = await hasIpvs();
    endpointMode = ipvs ? 'vip' : 'dnsrr';
    if (!ipvs) endpointReason = 'this node has no IPVS (no /proc/net/ip_vs), so virtual IPs would not route; pass --endpoint-mode vip on nodes that have it';
  }
  const imageFacts = await inspectImages({ nginx: opts.imageNginx, httpd: opts.imageHttpd });
  await writeInitStack(file, {
    force: opts.force === true,
    imageNginx: opts.imageNginx,
    imageHttpd: opts.imageHttpd,
    endpointMode,
    ...(endpointReason ? { endpointReason } : {}),
    imageFacts,
  });
  process.stderr.write(`wrote ${file}${endpointReason ? ` (endpoint_mode dnsrr: ${endpointReason})` : ''}\n`);
  process.stderr.write(`next: swarmguard compose lint ${file} && swarmguard stack deploy -c ${file} test\n`);
  return ExitCode.OK;
}

async function hasIpvs(): Promise<boolean> {
  for (const p of ['/proc/net/ip_vs', '/sys/module/ip_vs']) {
    if (
      await fs.access(p).then(
        () => true,
        () => false,
      )
    )
      return true;
  }
  return false;
}

/** Cmd, Entrypoint and Env of the chosen images from the local engine, when it runs and has them. */
async function inspectImages(images: Record<'nginx' | 'httpd', string>): Promise<Partial<Record<'nginx' | 'httpd', ImageFacts>>> {
  const out: Partial<Record<'nginx' | 'httpd', ImageFacts>> = {};
  // Loaded here only: `compose lint` must not pay for the engine client at start-up.
  const [{ connectEngine }, { inspectImage }] = await Promise.all([import('../engine/connection.js'), import('../engine/api.js')]);
  let docker: Awaited<ReturnType<typeof connectEngine>>['docker'];
  try {
    docker = (await connectEngine()).docker;
  } catch {
    return out;
  }
  for (const [kind, ref] of Object.entries(images) as ['nginx' | 'httpd', string][]) {
    try {
      const { Config: config } = await inspectImage(docker, ref);
      out[kind] = { cmd: config.Cmd, entrypoint: config.Entrypoint, env: config.Env };
    } catch {
      // Not on this engine: the image is judged by its name only.
    }
  }
  return out;
}
