// The report flags every finding-producing command shares, and how they turn into output and an exit code.
import { Option, type Command } from 'commander';
import { writeFileAtomic } from '../core/atomic-write.js';
import { ExitCode, UserError } from '../core/errors.js';
import type { Finding, RuleMeta } from '../core/finding.js';
import { atLeast, parseSeverity, type Severity } from '../core/severity.js';
import { colorWanted, createStyler } from '../core/style.js';
import { toolVersion } from '../core/version.js';
import { localizeNotes } from '../i18n/notes.js';
import { localizeFindings } from '../i18n/findings.js';
import { currentLocale } from '../i18n/locale.js';
import { getReporter, type ReportContext } from '../report/index.js';
import { reportWritten } from './run.js';

export interface ReportFlags {
  format: string;
  output?: string;
  failOn?: string;
  exitCode?: string;
  color?: boolean;
}

export function addReportOptions(cmd: Command, formats: readonly string[], defaults: { failOn?: Severity } = {}): Command {
  cmd
    .addOption(new Option('-f, --format <format>', 'output format').choices([...formats]).default(formats[0]))
    .option('-o, --output <file>', 'write the report to FILE (atomically) instead of stdout')
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
    throw new UserError(`--exit-code: "${value}" is not a whole number from 0 to 255`);
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
}

/** Renders the findings in the chosen format, writes them, and returns the exit code the flags ask for. */
export async function emitFindings(findings: readonly Finding[], flags: ReportFlags, opts: EmitOptions): Promise<number> {
  const reporter = getReporter(flags.format);
  const threshold = flags.failOn !== undefined ? parseSeverity(flags.failOn, '--fail-on') : undefined;
  const exitCode = parseExitCode(flags.exitCode);
  const toFile = flags.output !== undefined;
  const stream = toFile ? { isTTY: false } : process.stdout;
  const ctx: ReportContext = {
    command: opts.command,
    toolVersion: toolVersion(),
    styler: createStyler(flags.color !== false && colorWanted(stream)),
    cwd: process.cwd(),
    ...(opts.rules ? { rules: opts.rules } : {}),
    ...(opts.scanned ? { scanned: opts.scanned } : {}),
    ...(opts.notes ? { notes: localizeNotes(opts.notes, currentLocale()) } : {}),
    ...(opts.score !== undefined ? { score: opts.score } : {}),
  };
  let text = reporter.render(localizeFindings(findings, currentLocale()), ctx);
  if (opts.extra && flags.format === 'json') text = `${JSON.stringify({ ...(JSON.parse(text) as Record<string, unknown>), ...opts.extra }, null, 2)}\n`;
  if (flags.output !== undefined) {
    await writeFileAtomic(flags.output, text);
    if (flags.format !== 'text') reportWritten(flags.output);
  } else {
    process.stdout.write(text);
  }
  if (threshold !== undefined && findings.some((f) => !f.waived && atLeast(f.severity, threshold))) return exitCode;
  return ExitCode.OK;
}
