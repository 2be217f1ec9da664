// The swarmguard command line: a thin layer that parses flags and calls use-cases.
// The texts of the chosen language and the display-width tables load before anything is printed with them.
import { Command, CommanderError, Help } from 'commander';
import { ExitCode } from '../core/errors.js';
import { toolVersion } from '../core/version.js';
import { currentLocale, langFromArgv, resolveLocale, resolveLocaleLenient, setLocale } from '../i18n/locale.js';
import { t } from '../i18n/messages.js';
import { loadHelpTexts, localizeProgram, UsageCommand } from '../i18n/commander.js';
import { loadDisplayWidth } from '../core/style.js';
import { commandGroups, groupOf, type CommandGroup } from './groups.js';
import { reportError, setDebug } from './run.js';

/** Global options that take a value: their value is not a command name. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--lang']);

/** The top-level command a command line names (`help NAME` names NAME), skipping the global flags. */
export function commandNamed(args: readonly string[]): string | undefined {
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (GLOBAL_OPTIONS_WITH_VALUE.has(a)) i += 1;
    else if (!a.startsWith('-')) operands.push(a);
  }
  return operands[0] === 'help' ? operands[1] : operands[0];
}

async function newProgram(argv: readonly string[]): Promise<Command> {
  // Help texts are chosen before flags are parsed: take --lang from the raw arguments when given.
  const locale = resolveLocaleLenient(langFromArgv(argv));
  setLocale(locale);
  await loadHelpTexts(locale);
  const program = localizeProgram(new UsageCommand('swarmguard'))
    .description(t('help.program'))
    .version(toolVersion(), '-V, --version', t('help.version'))
    .option('--debug', t('help.debug'))
    .option('--lang <lang>', t('cli.lang'))
    .showSuggestionAfterError(true)
    .hook('preAction', (cmd) => {
      const opts = cmd.opts<{ debug?: boolean; lang?: string }>();
      if (opts.debug) setDebug(true);
      setLocale(resolveLocale(opts.lang));
    });
  program.exitOverride();
  return program;
}

/**
 * The program for a command line. Only the group that registers the named command is imported;
 * when none is named (`--help`, `--version`, a typo) every top-level command is listed from the
 * static table in groups.ts, without loading any group. `all` loads every group.
 */
export async function buildProgram(argv: readonly string[] = process.argv, opts: { all?: boolean } = {}): Promise<Command> {
  const program = await newProgram(argv);
  const name = commandNamed(argv.slice(2));
  const group = name === undefined ? undefined : groupOf(name);
  const groups: readonly CommandGroup[] = opts.all ? commandGroups : group ? [group] : [];
  // A command's help, tables and messages may hold any text (dashes, names, paths, Japanese): they need the
  // display widths. Only the list of commands in English is plain ASCII (test/unit/cli/groups.test.ts).
  if (groups.length > 0 || currentLocale() !== 'en') await loadDisplayWidth();
  for (const g of groups) (await g.load())(program);
  if (groups.length === 0) listCommands(program);
  return program;
}

/** Registers every top-level command by name and description only, for help and suggestions. */
function listCommands(program: Command): void {
  const terms = new Map<Command, string>();
  for (const g of commandGroups) {
    for (const c of g.commands) terms.set(program.command(c.name).description(c.description), c.term);
  }
  program.configureHelp({
    ...program.configureHelp(),
    subcommandTerm(cmd: Command): string {
      return terms.get(cmd) ?? Help.prototype.subcommandTerm.call(this, cmd);
    },
  });
}

/** Parses the command line and runs the command it names; errors become a message and an exit code. */
export async function runProgram(argv: string[]): Promise<void> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      process.exitCode = e.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
      return;
    }
    process.exitCode = await reportError(e);
  }
}
