// The swarmguard command line: a thin layer that parses flags and calls use-cases.
import { Command, CommanderError } from 'commander';
import { ExitCode } from '../core/errors.js';
import { toolVersion } from '../core/version.js';
import { langFromArgv, resolveLocale, resolveLocaleLenient, setLocale } from '../i18n/locale.js';
import { t } from '../i18n/messages.js';
import { helpLayout } from '../i18n/wrap.js';
import { commandGroups } from './groups.js';
import { reportError, setDebug } from './run.js';

export function buildProgram(): Command {
  // Help texts are chosen before flags are parsed: take --lang from the raw arguments when given.
  setLocale(resolveLocaleLenient(langFromArgv(process.argv)));
  const program = new Command('swarmguard')
    .description(t('help.program'))
    .version(toolVersion(), '-V, --version')
    .option('--debug', t('help.debug'))
    .option('--lang <lang>', t('cli.lang'))
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false, ...helpLayout })
    .hook('preAction', (cmd) => {
      const opts = cmd.opts<{ debug?: boolean; lang?: string }>();
      if (opts.debug) setDebug(true);
      setLocale(resolveLocale(opts.lang));
    });
  program.exitOverride();
  for (const register of commandGroups) register(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  // `swarmguard … | head` closes stdout early: stop quietly, as other command-line tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      process.exitCode = e.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
      return;
    }
    process.exitCode = reportError(e);
  }
}
