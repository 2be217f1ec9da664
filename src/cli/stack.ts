// `swarmguard stack deploy | ls | services | ps | rm`: the Swarm stack lifecycle through the Engine API, with the lint gate in front of deploy.
import { Command, Option } from 'commander';
import { writeFileAtomic } from '../core/atomic-write.js';
import { ExitCode, UserError } from '../core/errors.js';
import { parseSeverity } from '../core/severity.js';
import { colorWanted, createStyler, type Styler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import { toolVersion } from '../core/version.js';
import { connectEngine } from '../engine/connection.js';
import { ruleMetas } from '../compose/rules/index.js';
import { getReporter } from '../report/index.js';
import { ignoredOptionsText, type StackSpec } from '../stack/convert.js';
import { engineNow, waitForConvergence, type ServiceProgress } from '../stack/converge.js';
import { executePlan, type DeployResult } from '../stack/deploy.js';
import { planDeploy, prepareStack, requireSwarmManager, type DeployRequest } from '../stack/deploy-stack.js';
import {
  capitalize,
  currentStateText,
  displayImage,
  listStacks,
  matchesFilter,
  parseFilters,
  removeStack,
  stackServices,
  stackTasks,
  type ServiceRow,
  type TaskRow,
} from '../stack/lifecycle.js';
import { decideGate, type GateOutcome } from '../stack/deploy-gate.js';
import { validateStackName } from '../stack/namespace.js';
import type { DeployPlan } from '../stack/plan.js';
import { action, reportWritten } from './run.js';
import { addStackVerifyCommand } from './stack-verify.js';
import { t } from '../i18n/messages.js';
import { inLocale } from '../i18n/user-errors.js';
import { notesSaid } from '../core/message.js';
import { loadWarningSaid } from '../compose/model.js';
import { collectIds } from './option-values.js';
import { stackMessages as M } from '../stack/messages.js';

const LIST_FORMATS = ['table', 'json'] as const;

interface DeployFlags {
  composeFile: string[];
  prune?: boolean;
  resolveImage: 'always' | 'changed' | 'never';
  failOn: string;
  force?: boolean;
  dryRun?: boolean;
  output?: string;
  skipRule: string[];
  envFile?: string;
  format: 'text' | 'json';
  color?: boolean;
  detach?: boolean;
  wait?: boolean;
  timeout: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function styler(flags: { color?: boolean }, stream: { isTTY?: boolean } = process.stdout): Styler {
  return createStyler(flags.color !== false && colorWanted(stream));
}

const ACTION_COLOUR: Record<string, (s: Styler, t: string) => string> = {
  create: (s, t) => s.green(t),
  update: (s, t) => s.yellow(t),
  labels: (s, t) => s.yellow(t),
  changed: (s, t) => s.red(t),
  'external-missing': (s, t) => s.red(t),
  remove: (s, t) => s.red(t),
  unchanged: (s, t) => s.dim(t),
  exists: (s, t) => s.dim(t),
  external: (s, t) => s.dim(t),
  check: (s, t) => s.dim(t),
  keep: (s, t) => s.dim(t),
};

/** The plan as one aligned table: what would be created, updated, kept or removed, with the networks' encryption. */
function renderPlan(plan: DeployPlan, s: Styler): string {
  const colour = (a: string) => (ACTION_COLOUR[a] ?? ((_s: Styler, t: string) => t))(s, a);
  const rows: string[][] = [];
  for (const n of plan.networks) {
    const enc = n.action === 'external-missing' ? '' : n.encrypted ? s.green('encrypted') : n.driver === 'overlay' ? s.red('NOT encrypted') : '';
    rows.push(['network', n.name, colour(n.action), [n.driver === '?' ? '' : n.driver, enc].filter((x) => x !== '').join(', ')]);
  }
  for (const o of plan.secrets) rows.push(['secret', o.name, colour(o.action), o.action === 'check' ? 'exists; content compared by the engine at deploy' : '']);
  for (const o of plan.configs) rows.push(['config', o.name, colour(o.action), '']);
  for (const svc of plan.services) rows.push(['service', svc.name, colour(svc.action), svc.changes.join(', ')]);
  for (const p of plan.prune)
    rows.push([
      'service',
      p.name,
      colour(plan.pruneEnabled ? 'remove' : 'keep'),
      plan.pruneEnabled ? 'not in the file (--prune)' : 'not in the file; --prune would remove it',
    ]);
  return renderTable(['KIND', 'NAME', 'ACTION', 'DETAIL'], rows);
}

const STATE_COLOUR: Record<string, (s: Styler, t: string) => string> = {
  converged: (s, t) => s.green(t),
  waiting: (s, t) => s.yellow(t),
};

/** One line per service while waiting: redrawn in place on a terminal, printed on change elsewhere. */
function progressPrinter(stream: NodeJS.WriteStream, s: Styler): (rows: readonly ServiceProgress[]) => void {
  let drawn = 0;
  const seen = new Map<string, string>();
  return (rows) => {
    const lines = rows.map((r) => `${r.name}: ${(STATE_COLOUR[r.state] ?? ((st: Styler, t: string) => st.red(t)))(s, r.state)} ${s.dim(r.detail)}`);
    if (stream.isTTY) {
      if (drawn > 0) stream.write(`\x1b[${drawn}A`);
      for (const l of lines) stream.write(`\x1b[2K${l}\n`);
      drawn = lines.length;
      return;
    }
    for (const [i, r] of rows.entries()) {
      const key = `${r.state} ${r.detail}`;
      if (seen.get(r.name) === key) continue;
      seen.set(r.name, key);
      stream.write(`${lines[i]}\n`);
    }
  };
}

/** Why a service did not converge: the state, the task error and the last log line. */
function failureText(f: ServiceProgress, s: Styler): string {
  const lines = [`${s.red(`${f.name}: ${f.state}`)} — ${f.detail}`];
  if (f.taskError) lines.push(`  task error: ${f.taskError}`);
  if (f.lastLog) lines.push(`  last log line: ${f.lastLog}`);
  return `${lines.join('\n')}\n`;
}

async function writeOut(text: string, output: string | undefined): Promise<void> {
  if (output === undefined) process.stdout.write(text);
  else {
    await writeFileAtomic(output, text);
    reportWritten(output);
  }
}

/** The `stack ps` table: older tasks of a slot under it ("\\_ "), states coloured, long fields cut unless --no-trunc. */
export function renderTaskTable(rows: readonly TaskRow[], s: Styler, trunc: boolean, now: number = Date.now()): string {
  const paint = (r: TaskRow, text: string) =>
    r.state === 'running'
      ? s.green(text)
      : ['failed', 'rejected', 'orphaned'].includes(r.state)
        ? s.red(text)
        : ['shutdown', 'complete', 'remove'].includes(r.state)
          ? s.dim(text)
          : s.yellow(text);
  const cut = (t: string, n: number) => (trunc && t.length > n ? `${t.slice(0, n - 1)}…` : t);
  const table = rows.map((r) => [
    trunc ? r.id.slice(0, 12) : r.id,
    r.history ? ` \\_ ${r.name}` : r.name,
    trunc ? displayImage(r.image) : r.image,
    r.node,
    capitalize(r.desiredState),
    paint(r, currentStateText(r, now)),
    r.error === '' ? '' : s.red(cut(r.error, 60)),
    r.ports,
  ]);
  return renderTable(['ID', 'NAME', 'IMAGE', 'NODE', 'DESIRED STATE', 'CURRENT STATE', 'ERROR', 'PORTS'], table);
}

function planJson(plan: DeployPlan, spec: StackSpec, dryRun: boolean, result?: DeployResult, convergence?: readonly ServiceProgress[]): string {
  const doc = {
    stack: plan.stack,
    dryRun,
    networks: plan.networks,
    secrets: plan.secrets,
    configs: plan.configs,
    services: plan.services.map((s) => ({ name: s.name, action: s.action, changes: s.changes, ...(s.id ? { id: s.id } : {}) })),
    prune: plan.prune.map((p) => ({ ...p, action: plan.pruneEnabled ? 'remove' : 'keep' })),
    blockers: plan.blockers,
    warnings: plan.warnings,
    ignoredOptions: spec.unsupported,
    deprecatedOptions: spec.deprecated.map((d) => d.key),
    notes: spec.notes,
    ...(result ? { result } : {}),
    ...(convergence ? { convergence } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The deploy request from the flags, refusing contradictory or malformed ones before anything is read. */
function deployRequest(name: string, flags: DeployFlags): { req: DeployRequest; wait: boolean; timeoutSeconds: number } {
  validateStackName(name);
  const failOn = parseSeverity(flags.failOn, '--fail-on');
  if (flags.detach && flags.wait) throw new UserError(M.say('stack.deploy.detachWait'), { hint: M.say('stack.deploy.detachWait.hint') });
  const timeoutSeconds = Number(flags.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UserError(M.say('stack.timeout.positive', { value: flags.timeout }));
  const wait = flags.wait === true || (flags.detach !== true && process.stdout.isTTY === true);
  const req: DeployRequest = {
    stack: name,
    files: flags.composeFile,
    cwd: process.cwd(),
    env: process.env,
    ...(flags.envFile !== undefined ? { envFile: flags.envFile } : {}),
    failOn,
    force: flags.force === true,
    dryRun: flags.dryRun === true,
    prune: flags.prune === true,
    resolveImage: flags.resolveImage,
    skipRules: flags.skipRule,
  };
  return { req, wait, timeoutSeconds };
}

/** Prints what the lint gate decided (src/stack/deploy-gate.ts): the blocking findings, then refuses or warns. */
function printGate(outcome: GateOutcome, req: DeployRequest, out: Styler, err: Styler, warn: (l: string) => void): void {
  if (outcome.kind !== 'pass') {
    const text = getReporter('text').render([...outcome.blocking], {
      command: 'stack deploy',
      toolVersion: toolVersion(),
      styler: outcome.kind === 'forced' ? err : out,
      cwd: process.cwd(),
      rules: ruleMetas(),
    });
    if (outcome.kind === 'refused') {
      process.stdout.write(text);
      throw outcome.error;
    }
    process.stderr.write(text);
    const n = outcome.blocking.length;
    warn(inLocale(M.say(n === 1 ? 'stack.deploy.forced.one' : 'stack.deploy.forced.other', { count: n, level: req.failOn })));
  }
  if (outcome.below > 0)
    process.stderr.write(
      `${inLocale(M.say(outcome.below === 1 ? 'stack.deploy.below.one' : 'stack.deploy.below.other', { count: outcome.below, level: req.failOn }))}\n`,
    );
}

/** The last lines of a deploy: what changed, which services did not converge; the exit code. */
async function reportDeployed(
  name: string,
  flags: DeployFlags,
  plan: DeployPlan,
  spec: StackSpec,
  result: DeployResult,
  convergence: ServiceProgress[] | undefined,
  out: Styler,
  err: Styler,
): Promise<number> {
  const parts = [
    result.created.length > 0 ? `${result.created.length} created` : '',
    result.updated.length > 0 ? `${result.updated.length} updated` : '',
    result.removed.length > 0 ? `${result.removed.length} removed` : '',
    result.unchanged.length > 0 ? `${result.unchanged.length} unchanged` : '',
  ].filter((p) => p !== '');
  const failed = (convergence ?? []).filter((c) => c.state !== 'converged');
  if (flags.format === 'json') await writeOut(planJson(plan, spec, false, result, convergence), flags.output);
  else {
    const converged = convergence
      ? `; ${convergence.length - failed.length}/${convergence.length} service(s) converged`
      : ' (not waiting for convergence: --detach)';
    process.stdout.write(`Stack ${name} deployed${parts.length > 0 ? `: ${parts.join(', ')}` : ''}${converged}\n`);
    for (const f of failed) process.stdout.write(failureText(f, out));
  }
  if (failed.length > 0) {
    process.stderr.write(
      `${err.red('error:')} stack ${name} did not converge: ${failed.map((f) => `${f.name} (${f.state})`).join(', ')}\n${err.dim('hint:')} see the tasks with \`swarmguard stack ps ${name} --no-trunc\`\n`,
    );
    return ExitCode.FAILED;
  }
  return ExitCode.OK;
}

/** Why the plan cannot run, one line per blocker, in the reader's language (as the plan's warnings are said). */
export function blockerLines(plan: DeployPlan, out: Styler): string[] {
  const label = out.red(inLocale(M.say('stack.plan.blockerLabel')));
  return notesSaid(plan.blockers).map((b) => `${label} ${inLocale(b)}`);
}

/** `stack deploy`: request, gate, plan, execute, wait, report. */
async function runDeploy(name: string, flags: DeployFlags): Promise<number> {
  const { req, wait, timeoutSeconds } = deployRequest(name, flags);
  const out = styler(flags);
  const err = styler(flags, process.stderr);
  const json = flags.format === 'json';
  const log = (l: string) => (json ? process.stderr : process.stdout).write(`${l}\n`);
  const warn = (l: string) => process.stderr.write(`${err.yellow(t('error.warningPrefix'))} ${l}\n`);

  const prepared = await prepareStack(req);
  for (const w of prepared.loaded.warnings) warn(inLocale(loadWarningSaid(w)));
  printGate(decideGate(prepared.gate, name, req.failOn, req.force), req, out, err, warn);
  for (const line of ignoredOptionsText(prepared.spec)) process.stderr.write(`${line}\n`);
  for (const n of notesSaid(prepared.spec.notes)) warn(inLocale(n));

  const conn = await connectEngine();
  await requireSwarmManager(conn.docker);
  const { cluster, plan } = await planDeploy(conn.docker, prepared.spec, req);
  for (const w of notesSaid(plan.warnings)) warn(inLocale(w));

  if (req.dryRun) {
    if (json) await writeOut(planJson(plan, prepared.spec, true), flags.output);
    else {
      process.stdout.write(`Plan for stack "${name}" (dry run: nothing was changed)\n\n${renderPlan(plan, out)}\n`);
      for (const line of blockerLines(plan, out)) process.stdout.write(`${line}\n`);
    }
    return plan.blockers.length > 0 ? ExitCode.USAGE : ExitCode.OK;
  }

  const since = wait ? await engineNow(conn.docker) : 0;
  const result = await executePlan(conn.docker, prepared.spec, plan, cluster, { prune: req.prune, resolveImage: req.resolveImage, log, warn });
  let convergence: ServiceProgress[] | undefined;
  if (wait) {
    const targets = plan.services.map((svc) => ({
      name: svc.name,
      action: svc.action === 'unchanged' ? ('unchanged' as const) : svc.action === 'create' ? ('create' as const) : ('update' as const),
    }));
    convergence = await waitForConvergence(conn.docker, name, targets, since, {
      timeoutMs: timeoutSeconds * 1000,
      onProgress: progressPrinter(process.stderr, err),
    });
  }
  return reportDeployed(name, flags, plan, prepared.spec, result, convergence, out, err);
}

const DEPLOY_HELP = `
The compose lint runs first: findings at or above --fail-on (default HIGH) refuse the deploy (exit 1)
unless --force. Names are namespaced like docker stack deploy (STACK_service, STACK_network, …) and
every object carries the label com.docker.stack.namespace=STACK.

Examples:
  $ swarmguard stack deploy -c stack.yml web
  $ swarmguard stack deploy -c base.yml -c prod.yml --prune web
  $ swarmguard stack deploy -c stack.yml --dry-run web          # print the plan, change nothing
  $ swarmguard stack deploy -c stack.yml --resolve-image never web

On a terminal the deploy waits until every service has converged (--detach returns at once; --wait
waits elsewhere too, e.g. in CI): it follows each update and the tasks, and fails when a service
crash-loops, Swarm rolls an update back or pauses it, or --timeout passes.

Exit codes: 0 deployed (and converged when waiting), 1 refused by the lint gate, 2 bad input (file, name,
missing external object), 3 engine unreachable, 4 the deploy failed part-way (the message lists what
was already done) or did not converge (the task error and its last log line are printed).`;

export function registerStackCommands(program: Command): void {
  const stack = program.command('stack').description(t('help.group.stack'));
  addStackDeployCommand(stack);
  addStackLsCommand(stack);
  addStackServicesCommand(stack);
  addStackPsCommand(stack);
  addStackRmCommand(stack);
  addStackVerifyCommand(stack);
}

/** stack deploy (alias up): lint gate, plan, deploy, wait for convergence */
function addStackDeployCommand(stack: Command): void {
  const deploy = stack
    .command('deploy')
    .alias('up')
    .description(t('help.stack.deploy'))
    .argument('<stack>', 'stack name')
    .requiredOption('-c, --compose-file <file>', 'compose file (repeatable; merged in order)', collect, [] as string[])
    .option('--prune', t('help.stack.deploy.prune'))
    .addOption(new Option('--resolve-image <mode>', 'query the registry to pin image digests').choices(['always', 'changed', 'never']).default('always'))
    .option('--fail-on <severity>', t('help.stack.deploy.failOn'), 'HIGH')
    .option('--force', t('help.stack.deploy.force'))
    .option('--dry-run', t('help.stack.deploy.dryRun'))
    .option('--skip-rule <ids>', 'lint rules not to run (comma-separated, repeatable)', collectIds, [] as string[])
    .option('--env-file <file>', 'interpolation variables from FILE instead of .env beside the first file')
    .option('-d, --detach', 'return once the changes are sent, without waiting for the services to converge')
    .option('--wait', 'wait for convergence even when stdout is not a terminal (the default on a terminal)')
    .option('--timeout <seconds>', 'how long to wait for convergence', '300')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'with --format json: write the result to FILE')
    .option('--no-color', 'no colour');
  deploy.addHelpText('after', DEPLOY_HELP);
  deploy.action(action(async (name: string, flags: DeployFlags) => runDeploy(name, flags)));
}

/** stack ls: stacks by namespace label */
function addStackLsCommand(stack: Command): void {
  const ls = stack.command('ls').alias('list').description('list stacks (services grouped by their namespace label)');
  ls.addOption(new Option('-f, --format <format>', 'output format').choices([...LIST_FORMATS]).default('table')).option('--no-color', 'no colour');
  ls.action(
    action(async (flags: { format: string }) => {
      const conn = await connectEngine();
      await requireSwarmManager(conn.docker);
      const rows = await listStacks(conn.docker);
      if (flags.format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else
        process.stdout.write(
          `${renderTable(
            ['NAME', 'SERVICES', 'NETWORKS'],
            rows.map((r) => [r.name, String(r.services), String(r.networks)]),
            { align: ['left', 'right', 'right'] },
          )}\n`,
        );
      return ExitCode.OK;
    }),
  );
}

/** stack services: the services and their last update */
function addStackServicesCommand(stack: Command): void {
  const services = stack.command('services').description('list the services of a stack, with the state of their last update').argument('<stack>', 'stack name');
  services
    .addOption(new Option('-f, --format <format>', 'output format').choices([...LIST_FORMATS]).default('table'))
    .option('--filter <key=value>', 'only services matching (id, name, mode); repeatable', collect, [] as string[])
    .option('--no-trunc', 'do not truncate IDs, images or messages')
    .option('--no-color', 'no colour');
  services.action(
    action(async (name: string, flags: { format: string; color?: boolean; filter: string[]; trunc: boolean }) => {
      const filter = parseFilters(flags.filter, ['id', 'name', 'mode']);
      const conn = await connectEngine();
      await requireSwarmManager(conn.docker);
      const rows = (await stackServices(conn.docker, name)).filter((r) => matchesFilter(filter, { id: r.id, name: r.name, mode: r.mode }));
      if (flags.format === 'json') {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return ExitCode.OK;
      }
      const s = styler(flags);
      const cut = (t: string, n: number) => (flags.trunc && t.length > n ? `${t.slice(0, n - 1)}…` : t);
      const update = (r: ServiceRow) => {
        const text =
          r.updateState === '' ? '' : `${r.updateState}${r.updateMessage && !r.updateState.startsWith('completed') ? `: ${cut(r.updateMessage, 50)}` : ''}`;
        return /rollback|paused/.test(r.updateState) ? s.red(text) : r.updateState === 'updating' ? s.yellow(text) : text;
      };
      const table = rows.map((r) => [
        flags.trunc ? r.id.slice(0, 12) : r.id,
        r.name,
        r.mode,
        r.running >= r.desired ? s.green(r.replicas) : s.yellow(r.replicas),
        flags.trunc ? displayImage(r.image) : r.image,
        r.ports,
        update(r),
      ]);
      process.stdout.write(`${renderTable(['ID', 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS', 'UPDATE'], table)}\n`);
      return ExitCode.OK;
    }),
  );
}

/** stack ps: the tasks and their nodes */
function addStackPsCommand(stack: Command): void {
  const ps = stack.command('ps').description('list the tasks of a stack, with the node each runs on').argument('<stack>', 'stack name');
  ps.addOption(new Option('-f, --format <format>', 'output format').choices([...LIST_FORMATS]).default('table'))
    .option(
      '--filter <key=value>',
      'only tasks matching (id, name, node, desired-state, state); e.g. desired-state=running; repeatable',
      collect,
      [] as string[],
    )
    .option('--no-trunc', 'do not truncate IDs, images or errors')
    .option('--no-color', 'no colour');
  ps.action(
    action(async (name: string, flags: { format: string; color?: boolean; filter: string[]; trunc: boolean }) => {
      const filter = parseFilters(flags.filter, ['id', 'name', 'node', 'desired-state', 'state']);
      const conn = await connectEngine();
      await requireSwarmManager(conn.docker);
      const rows = (await stackTasks(conn.docker, name)).filter((r) =>
        matchesFilter(filter, { id: r.id, name: r.name, node: r.node, 'desired-state': r.desiredState, state: r.state }),
      );
      if (flags.format === 'json') {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return ExitCode.OK;
      }
      process.stdout.write(`${renderTaskTable(rows, styler(flags), flags.trunc)}\n`);
      return ExitCode.OK;
    }),
  );
}

/** stack rm: services, then secrets and configs, then networks */
function addStackRmCommand(stack: Command): void {
  const rm = stack
    .command('rm')
    .alias('remove')
    .description('remove stacks: services, then secrets and configs, then networks (waiting until they are really gone)')
    .argument('<stacks...>', 'stack names')
    .option('--timeout <seconds>', 'how long to wait for the networks to go', '60');
  rm.action(
    action(async (names: string[], flags: { timeout: string }) => {
      const seconds = Number(flags.timeout);
      if (!Number.isFinite(seconds) || seconds < 0) throw new UserError(M.say('stack.timeout.seconds', { value: flags.timeout }));
      const conn = await connectEngine();
      await requireSwarmManager(conn.docker);
      let failure: unknown;
      for (const name of names) {
        try {
          const res = await removeStack(conn.docker, name, { timeoutMs: seconds * 1000, log: (l) => process.stdout.write(`${l}\n`) });
          process.stdout.write(`Stack ${name} removed (${res.removed.length} object${res.removed.length === 1 ? '' : 's'})\n`);
        } catch (e) {
          if (names.length === 1) throw e;
          failure = e;
          if (e instanceof UserError) process.stderr.write(`error: ${e.message}\n`);
          else throw e;
        }
      }
      if (failure instanceof UserError) return failure.exitCode;
      return ExitCode.OK;
    }),
  );
}
