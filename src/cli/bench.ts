// `swarmguard bench` and `bench fix`: the CIS Docker Benchmark (1.6.0, 1.7.0 or 1.8.0) on this host (or every node).
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { ExitCode, UserError } from '../core/errors.js';
import { colorWanted, createStyler } from '../core/style.js';
import { connectEngine } from '../engine/connection.js';
import { takeSnapshot } from '../engine/snapshot.js';
import { CIS_VERSIONS, LATEST_CIS, isCisVersion, type CisVersion } from '../bench/catalogue.js';
import type { CheckContext } from '../bench/check.js';
import { DEFAULT_BENCH_IMAGE, IMAGE_ENV, OWN_CONTAINERS, benchAllNodes, hostAuditCommand, reapContainer, reapHere } from '../bench/all-nodes.js';
import { printable } from '../core/image-reference.js';
import { affectedChecks, applyAudit, applyDaemon, compareRuns, fixPlan, rerunSummary } from '../bench/fix.js';
import { collectHostFacts, localCommand, type HostCommand } from '../bench/host-facts.js';
import { compareCis, isScored, parseSelection, runBench, type BenchReport } from '../bench/runner.js';
import { renderTable } from '../core/table.js';
import { action } from './run.js';
import { addFormatOptions, parseExitCode, reportContext, writeReport } from './report-options.js';
import { readBenchLog } from '../bench/log.js';
import { DOCKER_BENCH_NOTE } from '../report/bench-rules.js';
import { assertFormatFits, renderReport as renderFormat, type BenchDocument } from '../report/formats.js';
import { paintVerdict } from '../report/bench-nodes.js';
import { listMessage, rawMessage } from '../core/message.js';
import { coreMessages } from '../core/messages.js';
import { parseMessage } from '../core/message-data.js';
import { visible } from '../core/sanitize.js';
import { inLocale, sayOnStderr } from '../i18n/user-errors.js';
import { benchCliMessages as m } from './bench-messages.js';
import { t } from '../i18n/messages.js';
import { localizeFixSteps } from '../i18n/bench.js';
import { currentLocale } from '../i18n/locale.js';

interface BenchFlags {
  /** The CIS Docker Benchmark version (default: the newest). */
  cis?: string;
  compareCis?: string[];
  check?: string;
  /** Deprecated spelling of --check (-c names a compose file elsewhere). */
  checks?: string;
  exclude?: string;
  includeContainers?: string;
  excludeContainers?: string;
  trustedUsers: string;
  swarm: boolean;
  remediation?: boolean;
  format: string;
  output?: string;
  exitCode?: string;
  color: boolean;
  hostRoot?: string;
  allNodes?: boolean;
  image: string;
  timeout: string;
  engineSocket: string;
}

function regex(value: string | undefined, flag: string): RegExp | undefined {
  if (value === undefined) return undefined;
  try {
    return new RegExp(value);
  } catch {
    throw new UserError(m.say('benchcmd.pattern', { flag, value }), { hint: m.say('benchcmd.pattern.hint') });
  }
}

/**
 * How this run reaches the host's audit tools: here, or — in a node job (--host-root, the job's image in the
 * environment) — through a helper container in the host's PID namespace.
 */
async function hostCommandFor(hostRoot: string | undefined): Promise<HostCommand> {
  const image = process.env[IMAGE_ENV];
  if (!hostRoot || !image) return localCommand;
  return hostAuditCommand((await connectEngine()).docker, image);
}

export async function benchContext(
  flags: Pick<BenchFlags, 'includeContainers' | 'excludeContainers' | 'trustedUsers' | 'swarm' | 'hostRoot'> & { auditDir?: string },
  hostCommand?: HostCommand,
): Promise<CheckContext> {
  const include = regex(flags.includeContainers, '--include-containers');
  const exclude = regex(flags.excludeContainers, '--exclude-containers');
  // The host is read while the engine answers: /proc and files meanwhile, the facts that need the engine's data
  // root when the snapshot has it.
  const snapshotP = connectEngine().then((conn) => takeSnapshot(conn, { ...(include ? { include } : {}), ...(exclude ? { exclude } : {}) }));
  const hostP = (async () =>
    collectHostFacts({
      ...(flags.hostRoot ? { root: flags.hostRoot } : {}),
      dataRoot: snapshotP.then((s) => (typeof s.info.DockerRootDir === 'string' ? s.info.DockerRootDir : undefined)),
      ...(flags.auditDir ? { auditDir: flags.auditDir } : {}),
      hostCommand: hostCommand ?? (await hostCommandFor(flags.hostRoot)),
    }))();
  const [snapshot, host] = await Promise.all([snapshotP, hostP]);
  const member = (snapshot.info.Swarm as { LocalNodeState?: string } | undefined)?.LocalNodeState === 'active';
  return {
    snapshot,
    host,
    options: {
      trustedUsers: flags.trustedUsers
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      swarmIntended: flags.swarm && member,
      now: new Date(),
    },
  };
}

/** The benchmark version of a run: --cis, else the newest; --format docker-bench keeps 1.6.0 for compatibility. */
export function benchVersion(flags: Pick<BenchFlags, 'cis' | 'format'>): CisVersion {
  if (flags.cis !== undefined && !isCisVersion(flags.cis))
    throw new UserError(m.say('benchcmd.cis', { version: flags.cis }), { hint: m.say('benchcmd.cis.hint', { versions: listMessage(CIS_VERSIONS) }) });
  if (flags.format === 'docker-bench') {
    if (flags.cis !== undefined && flags.cis !== '1.6.0')
      throw new UserError(m.say('benchcmd.dockerBench', { version: flags.cis }), {
        hint: m.say('benchcmd.dockerBench.hint', { version: flags.cis }),
      });
    return '1.6.0';
  }
  return flags.cis ?? LATEST_CIS;
}

function selection(flags: Pick<BenchFlags, 'check' | 'checks' | 'exclude'>, version: CisVersion) {
  if (flags.checks !== undefined) {
    sayOnStderr(m.say('benchcmd.checksDeprecated'));
  }
  const checks = parseSelection(flags.check ?? flags.checks, '--check', version);
  const exclude = parseSelection(flags.exclude, '--exclude', version);
  return { ...(checks ? { checks } : {}), ...(exclude ? { exclude } : {}), cis: version };
}

/** A benchmark run as the report writer takes it, in English: the human formats say it in the reader's language. */
function benchDocument(report: BenchReport, flags: Pick<BenchFlags, 'remediation' | 'color' | 'output'>, engine?: string): BenchDocument {
  return {
    kind: 'bench',
    bench: report,
    ctx: reportContext('bench', flags),
    ...(flags.remediation ? { remediation: true } : {}),
    ...(engine ? { engine } : {}),
  };
}

/**
 * The report in the chosen format, through the one report writer (src/report/formats.ts): the human formats in the
 * reader's language, the machine formats in English.
 */
export async function renderReport(
  report: BenchReport,
  flags: Pick<BenchFlags, 'format' | 'remediation' | 'color' | 'output'>,
  engine?: string,
): Promise<string> {
  return renderFormat(flags.format, benchDocument(report, flags, engine));
}

async function allNodes(flags: BenchFlags, exitCode: number | undefined, version: CisVersion): Promise<number> {
  const timeout = Number(flags.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UserError(m.say('benchcmd.timeout', { value: flags.timeout }));
  // Each node's JSON log names the version it ran (`cis`; none: 1.6.0). --cis goes to the nodes when given; without
  // it a node runs its own default, the newest its image knows (an older image knows only 1.6.0 and no --cis).
  const args: string[] = flags.cis !== undefined ? ['--cis', version] : [];
  const only = flags.check ?? flags.checks;
  if (only) args.push('--check', only);
  if (flags.exclude) args.push('--exclude', flags.exclude);
  if (flags.includeContainers) args.push('--include-containers', flags.includeContainers);
  // The job leaves swarmguard's own containers out already; a user pattern is added to that one.
  if (flags.excludeContainers) args.push('--exclude-containers', `${OWN_CONTAINERS}|${flags.excludeContainers}`);
  if (flags.trustedUsers) args.push('--trusted-users', flags.trustedUsers);
  if (!flags.swarm) args.push('--no-swarm');
  const conn = await connectEngine();
  const outcomes = await benchAllNodes(conn.docker, {
    image: flags.image,
    engineSocket: flags.engineSocket,
    args,
    timeoutMs: timeout * 1000,
    log: sayOnStderr,
  });
  await writeReport({ kind: 'bench-nodes', benchmark: version, outcomes, ctx: reportContext('bench --all-nodes', flags) }, flags);
  if (outcomes.some((o) => o.error)) return ExitCode.FAILED;
  const warned = outcomes.some((o) => readBenchLog(o.log).results.some((r) => r.result === 'WARN'));
  return exitCode !== undefined && warned ? exitCode : ExitCode.OK;
}

function addAllNodesOptions(cmd: Command, what: string): Command {
  return cmd
    .option('--all-nodes', what)
    .option('--image <ref>', 'the swarmguard image --all-nodes runs on each node (the manager must have it; pinned by digest)', DEFAULT_BENCH_IMAGE)
    .option('--timeout <seconds>', 'how long --all-nodes waits for the nodes', '180')
    .option('--engine-socket <path>', 'the engine socket on each node for --all-nodes ({{.Node.Hostname}} allowed in the file name)', '/var/run/docker.sock');
}

function addSelectionOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--cis <version>', `the CIS Docker Benchmark version (default ${LATEST_CIS}, the newest)`).choices([...CIS_VERSIONS]))
    .option('--check <ids>', 'only these checks or sections, comma-separated (e.g. 1.1,5.4), numbered as in --cis')
    .addOption(new Option('-c, --checks <ids>', 'deprecated: use --check').hideHelp())
    .option('-e, --exclude <ids>', 'skip these checks or sections')
    .option('-i, --include-containers <regex>', 'only containers whose name matches')
    .option('-x, --exclude-containers <regex>', 'skip containers whose name matches')
    .option('-t, --trusted-users <users>', 'users allowed in the docker group (1.1.2)', '')
    .option('--no-swarm', 'swarm mode is not intended on this node (5.1 warns)')
    .addOption(new Option('--host-root <dir>', 'read host files under DIR (inside a container with the host mounted)').hideHelp());
}

export function registerBenchCommands(program: Command): void {
  const bench = program
    .command('bench')
    .description(t('help.bench'))
    .option('--remediation', t('help.bench.remediation'))
    .option('--exit-code <n>', t('help.bench.exitCode'))
    .option('--no-color', 'no colour')
    .option('--compare-cis <versions...>', 'what moving from one benchmark version to another changes on this host (e.g. 1.6.0 1.8.0)');
  addFormatOptions(bench, ['bench', 'bench-nodes', 'bench-compare'], 'output');
  addAllNodesOptions(bench, t('help.bench.allNodes'));
  addSelectionOptions(bench);
  bench.addHelpText(
    'after',
    '\nFormats: text (docker-bench lines), json (docker-bench JSON log keys, the --cis ids), docker-bench (docker-bench JSON with CIS 1.6.0 ids, for its consumers), table, sarif, findings (swarmguard findings JSON).\n' +
      'Swarm mode: on a swarm member 5.1 is INFO (swarm intended); pass --no-swarm if it is not.\n\nExamples:\n  $ swarmguard bench\n  $ swarmguard bench --check 1.1 --remediation\n  $ swarmguard bench --format json -o bench.json --exit-code 1\n  $ swarmguard bench --cis 1.6.0\n  $ swarmguard bench --compare-cis 1.6.0 1.8.0',
  );
  bench.action(
    action(async (flags: BenchFlags) => {
      const exitCode = flags.exitCode !== undefined ? parseExitCode(flags.exitCode) : undefined;
      // A format that does not fit what these flags run is refused before anything is read.
      const kind = flags.compareCis ? 'bench-compare' : flags.allNodes ? 'bench-nodes' : 'bench';
      assertFormatFits(flags.format, kind, 'bench');
      if (flags.compareCis) return compareVersions(flags);
      const version = benchVersion(flags);
      if (flags.format === 'docker-bench') process.stderr.write(`note: ${DOCKER_BENCH_NOTE}\n`);
      const sel = selection(flags, version);
      if (flags.allNodes) return allNodes(flags, exitCode, version);
      const ctx = await benchContext(flags);
      const report = runBench(ctx, sel);
      const engine = String((ctx.snapshot.version as { Version?: string }).Version ?? '');
      await writeReport(benchDocument(report, flags, engine), flags);
      const scoredWarn = report.results.some((r) => r.verdict === 'WARN' && isScored(r));
      return exitCode !== undefined && scoredWarn ? exitCode : ExitCode.OK;
    }),
  );

  registerReap(bench);
  registerBenchFix(bench);
}

/** `bench reap`, inside the --all-nodes reap job only: removes the finished job's containers on this node. */
function registerReap(bench: Command): void {
  bench
    .command('reap', { hidden: true })
    .option('--service <name>', 'the finished job service whose containers to remove')
    .option('--container <id>', 'wait for this container to exit, then remove it')
    .action(
      action(async (flags: { service?: string; container?: string }) => {
        const { docker } = await connectEngine();
        if (flags.container) await reapContainer(docker, flags.container);
        else if (flags.service && /^swarmguard-(bench|bench-fix|scan)-[0-9a-f]{6}$/.test(flags.service)) {
          const { removed } = await reapHere(docker, flags.service);
          process.stdout.write(`removed ${removed} container(s) of ${flags.service}\n`);
        } else throw new UserError(m.say('benchcmd.reap'));
        return ExitCode.OK;
      }),
    );
}

/** `bench fix`: a remediation plan for every WARN, and the safe fixes it can apply. */
function registerBenchFix(bench: Command): void {
  const fix = bench
    .command('fix')
    .description('a remediation plan for every WARN; --apply audit writes and loads the audit rules, --apply daemon merges daemon.json')
    .addOption(new Option('--apply <what...>', 'apply these safe fixes').choices(['audit', 'daemon']))
    .option('--audit-dir <dir>', 'audit configuration directory', '/etc/audit')
    .option('--daemon-json <file>', 'daemon.json to merge into (default: the --config-file dockerd runs with, else /etc/docker/daemon.json)')
    .option('--no-load', 'write the audit rules without loading them')
    .addOption(new Option('--json', 'one JSON document (what the --all-nodes job prints)').hideHelp());
  addAllNodesOptions(fix, 'with --apply audit: apply the same audit fix on every node (a one-shot global job), a report per node');
  addSelectionOptions(fix);
  fix.action(
    action(async (_own: BenchFixFlags, cmd: Command) => {
      // `bench` defines the same selection and --all-nodes options: commander gives them to whichever it meets first.
      const flags = cmd.optsWithGlobals<BenchFixFlags>();
      if (flags.allNodes) return fixAllNodes(flags);
      const root = flags.hostRoot ?? '/';
      // The audit directory as this process sees it (under --host-root in a node job). The rules are read where they
      // will be written, so the re-run judges what this fix did.
      const auditDir = flags.hostRoot && !flags.auditDir.startsWith(flags.hostRoot) ? `${flags.hostRoot}${flags.auditDir}` : flags.auditDir;
      const hostCommand = await hostCommandFor(flags.hostRoot);
      const ctx = await benchContext({ ...flags, auditDir }, hostCommand);
      const version = benchVersion(flags);
      const sel = selection(flags, version);
      const report = runBench(ctx, sel);
      const steps = localizeFixSteps(fixPlan(ctx, report), currentLocale());
      const s = createStyler(colorWanted(process.stdout));
      if (!flags.apply || flags.apply.length === 0) {
        process.stdout.write(`${s.dim(`CIS Docker Benchmark ${version}${report.rootless ? ', rootless' : ''}`)}\n`);
        if (steps.length === 0) process.stdout.write(`${s.green(t('bench.fix.nothing'))}: ${t('bench.fix.noWarn', { checks: report.checks })}\n`);
        for (const st of steps) process.stdout.write(`${s.bold(`[${st.ids.join(', ')}]`)} ${s.dim(st.kind)}\n  ${st.action}\n`);
        if (steps.length > 0) process.stdout.write(`\n${t('bench.fix.summary', { steps: steps.length })}\n`);
        return ExitCode.OK;
      }
      const before = verdictsOf(report);
      const doc: Record<string, unknown> = { cis: version, before };
      if (flags.apply.includes('audit')) {
        const r = await applyAudit(ctx, report, auditDir, flags.load, root, hostCommand);
        doc.audit = r;
        if (!flags.json) process.stdout.write(`${inLocale(r.said)}\n`);
      }
      if (flags.apply.includes('daemon')) {
        const r = await applyDaemon(ctx, report, flags.daemonJson);
        doc.daemon = r;
        if (!flags.json) process.stdout.write(`${inLocale(r.said)}\n`);
      }
      // Re-run every check the fixes can change, on freshly read facts: a WARN fixed, and a PASS made worse.
      const affected = affectedChecks(flags.apply, report);
      if (affected.length > 0) {
        const again = runBench(await benchContext({ ...flags, auditDir }, hostCommand), { checks: affected, cis: version });
        const after = verdictsOf(again);
        doc.after = after;
        if (!flags.json) {
          const cmp = compareRuns(before, after);
          const paint = (v: string) => paintVerdict(s, v);
          const worse = cmp.changed.filter((c) => cmp.worse.includes(c.id)).map((c) => `${c.id} (${c.before} → ${c.after})`);
          process.stdout.write(
            `${renderTable(
              ['CHECK', 'BEFORE', 'AFTER'],
              affected.map((id) => [id, paint(before[id] ?? '-'), paint(after[id] ?? '-')]),
            )}\n${t('bench.fix.rerun', {
              fixed: cmp.fixed.length,
              warned: cmp.fixed.length + cmp.stillWarn.length,
              ids: cmp.fixed.length > 0 ? ` (${cmp.fixed.join(', ')})` : '',
            })}${worse.length > 0 ? `; ${s.red(t('bench.fix.worse', { ids: worse.join(', ') }))}` : ''}\n`,
          );
        }
      }
      if (flags.json) process.stdout.write(`${JSON.stringify(doc)}\n`);
      return ExitCode.OK;
    }),
  );
}

interface BenchFixFlags extends BenchFlags {
  apply?: string[];
  auditDir: string;
  daemonJson?: string;
  load: boolean;
  json?: boolean;
}

function verdictsOf(report: BenchReport): Record<string, string> {
  return Object.fromEntries(report.results.map((r) => [r.id, r.verdict]));
}

/** `bench fix --all-nodes --apply audit`: the same audit fix on every node, then the affected checks again. */
async function fixAllNodes(flags: BenchFixFlags): Promise<number> {
  if (!flags.apply || flags.apply.join(',') !== 'audit') {
    throw new UserError(m.say('benchcmd.fixAllNodes'), { hint: m.say('benchcmd.fixAllNodes.hint') });
  }
  const timeout = Number(flags.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UserError(m.say('benchcmd.timeout', { value: flags.timeout }));
  if (!path.isAbsolute(flags.auditDir)) throw new UserError(m.say('benchcmd.auditDir', { value: flags.auditDir }));
  const version = benchVersion(flags);
  const args = [
    'bench',
    'fix',
    ...(flags.cis !== undefined ? ['--cis', version] : []),
    '--host-root',
    '/host',
    '--apply',
    'audit',
    '--audit-dir',
    flags.auditDir,
    '--json',
    '--exclude-containers',
    OWN_CONTAINERS,
  ];
  const only = flags.check ?? flags.checks;
  args.push('--check', only ?? '1.1');
  if (flags.exclude) args.push('--exclude', flags.exclude);
  if (!flags.load) args.push('--no-load');
  const conn = await connectEngine();
  const outcomes = await benchAllNodes(conn.docker, {
    image: flags.image,
    engineSocket: flags.engineSocket,
    args: [],
    command: args,
    role: 'bench-fix',
    extraMounts: [{ source: flags.auditDir, target: path.posix.join('/host', flags.auditDir), readOnly: false }],
    timeoutMs: timeout * 1000,
    log: sayOnStderr,
  });
  const s = createStyler(colorWanted(process.stdout));
  const rows: string[][] = [];
  const notLoaded: string[] = [];
  for (const o of outcomes) {
    const log = (o.log ?? {}) as {
      audit?: { added?: string[]; file?: string; loaded?: boolean; message?: string; said?: unknown };
      before?: Record<string, string>;
      after?: Record<string, string>;
    };
    const cmp = compareRuns(log.before ?? {}, log.after ?? {});
    rows.push([
      printable(o.hostname),
      o.error ? s.red(inLocale(m.say('benchcmd.fixNodes.error'))) : String(log.audit?.added?.length ?? 0),
      o.error ? '' : inLocale(m.say(log.audit?.loaded ? 'benchcmd.fixNodes.yes' : 'benchcmd.fixNodes.no')),
      o.error ? printable(o.error) : rerunSummary(cmp),
    ]);
    // Why a node's rules were not loaded, after the table: said by id where the node said it so (read back within
    // bounds), else the node's English words as a value.
    if (!o.error && log.audit?.loaded !== true && typeof log.audit?.message === 'string') {
      const said = parseMessage(log.audit.said) ?? rawMessage(log.audit.message.slice(0, 2000));
      notLoaded.push(visible(inLocale(coreMessages.say('core.inputAt', { where: printable(o.hostname), message: said }))));
    }
  }
  const header = (['benchcmd.fixNodes.node', 'benchcmd.fixNodes.added', 'benchcmd.fixNodes.loaded', 'benchcmd.fixNodes.rerun'] as const).map((id) =>
    inLocale(m.say(id)),
  );
  process.stdout.write(`${renderTable(header, rows)}\n`);
  for (const line of notLoaded) process.stderr.write(`${line}\n`);
  return outcomes.some((o) => o.error) ? ExitCode.FAILED : ExitCode.OK;
}

/** `bench --compare-cis FROM TO`: both versions on the same facts, and what changes between them here. */
async function compareVersions(flags: BenchFlags): Promise<number> {
  const versions = flags.compareCis ?? [];
  const [from, to] = versions;
  if (versions.length !== 2 || from === undefined || to === undefined || !isCisVersion(from) || !isCisVersion(to))
    throw new UserError(m.say('benchcmd.compare', { versions: versions.join(' ') }), {
      hint: m.say('benchcmd.compare.hint', { latest: LATEST_CIS, versions: listMessage(CIS_VERSIONS) }),
    });
  if (flags.allNodes) throw new UserError(m.say('benchcmd.compareHere'), { hint: m.say('benchcmd.compareHere.hint') });
  const ctx = await benchContext(flags);
  const before = runBench(ctx, selection(flags, from));
  const after = runBench(ctx, selection(flags, to));
  const rows = compareCis(before, after);
  await writeReport(
    {
      kind: 'bench-compare',
      from,
      to,
      node: after.node,
      ...(after.rootless ? { rootless: true } : {}),
      rows,
      ctx: reportContext('bench --compare-cis', flags),
    },
    flags,
  );
  return ExitCode.OK;
}
