// `swarmguard bench` and `bench fix`: the CIS Docker Benchmark 1.6.0 on this host (or every node).
import type { Command } from 'commander';
import { Option } from 'commander';
import { writeFileAtomic } from '../core/atomic-write.js';
import { ExitCode, UserError } from '../core/errors.js';
import { colorWanted, createStyler } from '../core/style.js';
import { connectEngine } from '../engine/connection.js';
import { takeSnapshot } from '../engine/snapshot.js';
import { CATALOGUE } from '../bench/catalogue.js';
import type { CheckContext } from '../bench/check.js';
import { benchChecks } from '../bench/checks/index.js';
import { DEFAULT_BENCH_IMAGE, benchAllNodes, matrix } from '../bench/all-nodes.js';
import { applyAudit, applyDaemon, fixPlan } from '../bench/fix.js';
import { collectHostFacts } from '../bench/host-facts.js';
import { benchFindings, dockerBenchJson, parseSelection, runBench, type BenchReport } from '../bench/runner.js';
import { renderBenchTable, renderBenchText } from '../bench/text.js';
import { getReporter } from '../report/index.js';
import { renderTable } from '../core/table.js';
import { toolVersion } from '../core/version.js';
import { parseExitCode } from './report-options.js';
import { action } from './run.js';
import { t } from '../i18n/messages.js';

interface BenchFlags {
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
    throw new UserError(`${flag}: "${value}" is not a valid pattern`, { hint: 'a regular expression matched against container names, e.g. ^web' });
  }
}

export async function benchContext(flags: Pick<BenchFlags, 'includeContainers' | 'excludeContainers' | 'trustedUsers' | 'swarm' | 'hostRoot'>): Promise<CheckContext> {
  const conn = await connectEngine();
  const include = regex(flags.includeContainers, '--include-containers');
  const exclude = regex(flags.excludeContainers, '--exclude-containers');
  const snapshot = await takeSnapshot(conn, { ...(include ? { include } : {}), ...(exclude ? { exclude } : {}) });
  const dataRoot = typeof snapshot.info.DockerRootDir === 'string' ? snapshot.info.DockerRootDir : undefined;
  const host = await collectHostFacts({ ...(flags.hostRoot ? { root: flags.hostRoot } : {}), ...(dataRoot ? { dataRoot } : {}) });
  const member = (snapshot.info.Swarm as { LocalNodeState?: string } | undefined)?.LocalNodeState === 'active';
  return {
    snapshot,
    host,
    options: { trustedUsers: flags.trustedUsers.split(',').map((s) => s.trim()).filter(Boolean), swarmIntended: flags.swarm && member, now: new Date() },
  };
}

function selection(flags: Pick<BenchFlags, 'checks' | 'exclude'>) {
  const checks = parseSelection(flags.checks, '--checks');
  const exclude = parseSelection(flags.exclude, '--exclude');
  return { ...(checks ? { checks } : {}), ...(exclude ? { exclude } : {}) };
}

async function emit(text: string, output: string | undefined): Promise<void> {
  if (output) await writeFileAtomic(output, text);
  else process.stdout.write(text);
}

export function renderReport(report: BenchReport, flags: Pick<BenchFlags, 'format' | 'remediation' | 'color' | 'output'>, engine?: string): string {
  const styler = createStyler(flags.color !== false && !flags.output && colorWanted(process.stdout));
  switch (flags.format) {
    case 'json':
      return `${JSON.stringify(dockerBenchJson(report), null, 2)}\n`;
    case 'table':
      return renderBenchTable(report, styler);
    case 'sarif':
    case 'findings':
      return getReporter(flags.format === 'sarif' ? 'sarif' : 'json').render(benchFindings(report), {
        command: 'bench',
        toolVersion: toolVersion(),
        styler,
        rules: CATALOGUE.map((c) => ({ id: c.id, title: c.title, severity: benchChecks.get(c.id)?.severity ?? 'MEDIUM', description: c.title, remediation: benchChecks.get(c.id)?.remediation ?? '', references: [{ type: 'cis-docker' as const, id: c.id }] })),
      });
    default:
      return renderBenchText(report, styler, { ...(flags.remediation ? { remediation: true } : {}), ...(engine ? { engine } : {}) });
  }
}

async function allNodes(flags: BenchFlags, exitCode: number | undefined): Promise<number> {
  const timeout = Number(flags.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UserError(`--timeout: "${flags.timeout}" is not a positive number of seconds`);
  const args: string[] = [];
  if (flags.checks) args.push('--checks', flags.checks);
  if (flags.exclude) args.push('--exclude', flags.exclude);
  if (flags.trustedUsers) args.push('--trusted-users', flags.trustedUsers);
  if (!flags.swarm) args.push('--no-swarm');
  const conn = await connectEngine();
  const outcomes = await benchAllNodes(conn.docker, { image: flags.image, engineSocket: flags.engineSocket, args, timeoutMs: timeout * 1000, log: (l) => process.stderr.write(`${l}\n`) });
  if (flags.format === 'json') {
    await emit(`${JSON.stringify({ benchmark: '1.6.0', nodes: outcomes }, null, 2)}\n`, flags.output);
  } else {
    const s = createStyler(flags.color !== false && !flags.output && colorWanted(process.stdout));
    const paint = (v: string) => (v === 'PASS' ? s.green(v) : v === 'WARN' ? s.red(v) : v === 'NOTE' ? s.yellow(v) : v);
    const m = matrix(outcomes.filter((o) => o.log));
    const lines = [renderTable(m.header, m.rows.map((r) => [r[0]!, ...r.slice(1).map(paint)]))];
    for (const o of outcomes.filter((x) => x.error)) lines.push(s.red(`${o.hostname}: ${o.error}`));
    lines.push(`${outcomes.filter((o) => o.log).length} of ${outcomes.length} node(s) benchmarked`);
    await emit(`${lines.join('\n')}\n`, flags.output);
  }
  if (outcomes.some((o) => o.error)) return ExitCode.FAILED;
  const warned = outcomes.some((o) => ((o.log?.tests as { results: { result: string }[] }[] | undefined) ?? []).some((t) => t.results.some((r) => r.result === 'WARN')));
  return exitCode !== undefined && warned ? exitCode : ExitCode.OK;
}

function addSelectionOptions(cmd: Command): Command {
  return cmd
    .option('-c, --checks <ids>', 'only these checks or sections, comma-separated (e.g. 1.1,5.4)')
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
    .addOption(new Option('-f, --format <format>', 'output').choices(['text', 'json', 'table', 'sarif', 'findings']).default('text'))
    .option('-o, --output <file>', 'write the report to FILE')
    .option('--remediation', t('help.bench.remediation'))
    .option('--exit-code <n>', t('help.bench.exitCode'))
    .option('--all-nodes', t('help.bench.allNodes'))
    .option('--image <ref>', 'the swarmguard image --all-nodes runs on each node', DEFAULT_BENCH_IMAGE)
    .option('--timeout <seconds>', 'how long --all-nodes waits for the nodes', '180')
    .option('--engine-socket <path>', 'the engine socket on each node for --all-nodes ({{.Node.Hostname}} allowed in the file name)', '/var/run/docker.sock')
    .option('--no-color', 'no colour');
  addSelectionOptions(bench);
  bench.addHelpText(
    'after',
    '\nFormats: text (docker-bench lines), json (docker-bench JSON log keys), table, sarif, findings (swarmguard findings JSON).\n' +
      'Swarm mode: on a swarm member 5.1 is INFO (swarm intended); pass --no-swarm if it is not.\n\nExamples:\n  $ swarmguard bench\n  $ swarmguard bench -c 1.1 --remediation\n  $ swarmguard bench --format json -o bench.json --exit-code 1',
  );
  bench.action(
    action(async (flags: BenchFlags) => {
      const exitCode = flags.exitCode !== undefined ? parseExitCode(flags.exitCode) : undefined;
      const sel = selection(flags);
      if (flags.allNodes) return allNodes(flags, exitCode);
      const ctx = await benchContext(flags);
      const report = runBench(ctx, sel);
      await emit(renderReport(report, flags, String((ctx.snapshot.version as { Version?: string }).Version ?? '')), flags.output);
      if (flags.output) process.stderr.write(`wrote ${flags.output}\n`);
      const scoredWarn = report.results.some((r) => r.verdict === 'WARN' && r.automated);
      return exitCode !== undefined && scoredWarn ? exitCode : ExitCode.OK;
    }),
  );

  const fix = bench
    .command('fix')
    .description('a remediation plan for every WARN; --apply audit writes and loads the audit rules, --apply daemon merges daemon.json')
    .addOption(new Option('--apply <what...>', 'apply these safe fixes').choices(['audit', 'daemon']))
    .option('--audit-dir <dir>', 'audit configuration directory', '/etc/audit')
    .option('--daemon-json <file>', 'daemon.json to merge into', '/etc/docker/daemon.json')
    .option('--no-load', 'write the audit rules without loading them');
  addSelectionOptions(fix);
  fix.action(
    action(async (flags: BenchFlags & { apply?: string[]; auditDir: string; daemonJson: string; load: boolean }) => {
      const ctx = await benchContext(flags);
      const report = runBench(ctx, selection(flags));
      const steps = fixPlan(ctx, report);
      const s = createStyler(colorWanted(process.stdout));
      if (!flags.apply || flags.apply.length === 0) {
        if (steps.length === 0) process.stdout.write(`${s.green('nothing to fix')}: no WARN among ${report.checks} checks\n`);
        for (const st of steps) process.stdout.write(`${s.bold(`[${st.ids.join(', ')}]`)} ${s.dim(st.kind)}\n  ${st.action}\n`);
        if (steps.length > 0) process.stdout.write(`\n${steps.length} step(s). Safe ones: --apply audit, --apply daemon. Nothing was changed.\n`);
        return ExitCode.OK;
      }
      if (flags.apply.includes('audit')) process.stdout.write(`${(await applyAudit(ctx, report, flags.auditDir, flags.load)).message}\n`);
      if (flags.apply.includes('daemon')) process.stdout.write(`${(await applyDaemon(ctx, report, flags.daemonJson)).message}\n`);
      return ExitCode.OK;
    }),
  );
}
