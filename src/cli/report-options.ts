// The report flags every finding-producing command shares, and how they turn into output and an exit code.
import { Option, type Command } from 'commander';
import { writeFileAtomic } from '../core/atomic-write.js';
import { ExitCode, UserError } from '../core/errors.js';
import type { Finding, RuleMeta } from '../core/finding.js';
import { atLeast, parseSeverity, type Severity } from '../core/severity.js';
import { colorWanted, createStyler, type Styler } from '../core/style.js';
import { toolVersion } from '../core/version.js';
import { formatsFor, renderReport, type FindingsReport, type Report, type ReportKind } from '../report/formats.js';
import type { ReportContext } from '../report/reporter.js';
import { cliMessages as M } from './messages.js';
import { reportWritten } from './run.js';

export interface ReportFlags {
  format: string;
  output?: string;
  failOn?: string;
  exitCode?: string;
  color?: boolean;
}

/** `-f, --format` and `-o, --output` of a command whose report is of this kind (or these): the formats that fit, the first by default. */
export function addFormatOptions(cmd: Command, kind: ReportKind | readonly ReportKind[], description = 'output format'): Command {
  const fits = formatsFor(kind);
  return cmd
    .addOption(new Option('-f, --format <format>', description).choices(fits).default(fits[0]))
    .option('-o, --output <file>', 'write the report to FILE (atomically) instead of stdout');
}

/** The styler of a report: colour only on a terminal that wants it, never in a file. */
export function reportStyler(flags: { output?: string; color?: boolean }): Styler {
  return createStyler(flags.color !== false && flags.output === undefined && colorWanted(process.stdout));
}

/** What every report of a command carries: the command, the tool's version, and colour only on a terminal that wants it. */
export function reportContext(command: string, flags: { output?: string; color?: boolean }): ReportContext {
  return { command, toolVersion: toolVersion(), styler: reportStyler(flags) };
}

/** Renders a typed report in the chosen format and writes it: to FILE atomically (and says so), else to stdout. */
export async function writeReport(report: Report, flags: { format: string; output?: string }): Promise<void> {
  const text = await renderReport(flags.format, report);
  if (flags.output !== undefined) {
    await writeFileAtomic(flags.output, text);
    reportWritten(flags.output);
  } else process.stdout.write(text);
}

export function addReportOptions(cmd: Command, defaults: { failOn?: Severity } = {}): Command {
  addFormatOptions(cmd, 'findings')
    .addOption(
      new Option('--fail-on <severity>', 'exit non-zero when a finding is at or above SEVERITY (CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN, INFO)').default(
        defaults.failOn,
      ),
    )
    .option('--exit-code <n>', 'the exit code to use when --fail-on is met', '1')
    .option('--no-color', 'no colour in text output (NO_COLOR is respected too)');
  return cmd;
}

export function parseExitCode(value: string | undefined): number {
  const n = Number(value ?? '1');
  if (!Number.isInteger(n) || n < 0 || n > 255) {
    throw new UserError(M.say('cli.exitCode.invalid', { value: String(value) }));
  }
  return n;
}

export interface EmitOptions {
  command: string;
  rules?: RuleMeta[];
  scanned?: string[];
  notes?: string[];
  /** A score the table shows (audit); every format carries it. */
  score?: number;
  /** Command-specific data added to the JSON document (e.g. every probe pair of `stack verify`). */
  extra?: Record<string, unknown>;
  /** What the text shows before and after the findings (a table of networks, a summary). */
  before?: FindingsReport['before'];
  after?: FindingsReport['after'];
}

/** Renders the findings in the chosen format, writes them, and returns the exit code the flags ask for. */
export async function emitFindings(findings: readonly Finding[], flags: ReportFlags, opts: EmitOptions): Promise<number> {
  const threshold = flags.failOn !== undefined ? parseSeverity(flags.failOn, '--fail-on') : undefined;
  const exitCode = parseExitCode(flags.exitCode);
  const ctx: ReportContext = {
    ...reportContext(opts.command, flags),
    cwd: process.cwd(),
    ...(opts.rules ? { rules: opts.rules } : {}),
    ...(opts.scanned ? { scanned: opts.scanned } : {}),
    ...(opts.notes ? { notes: opts.notes } : {}),
    ...(opts.score !== undefined ? { score: opts.score } : {}),
  };
  await writeReport(
    {
      kind: 'findings',
      // In English: the human formats say them in the reader's language, the machine formats keep the English.
      findings,
      ctx,
      ...(opts.extra ? { extra: opts.extra } : {}),
      ...(opts.before ? { before: opts.before } : {}),
      ...(opts.after ? { after: opts.after } : {}),
    },
    flags,
  );
  if (threshold !== undefined && findings.some((f) => !f.waived && atLeast(f.severity, threshold))) return exitCode;
  return ExitCode.OK;
}
