// The swarmguard command line: a thin layer that parses flags and calls use-cases.
import { Command, CommanderError } from 'commander';
import { ExitCode } from '../core/errors.js';
import { toolVersion } from '../core/version.js';
import { commandGroups } from './groups.js';
import { reportError, setDebug } from './run.js';

export function buildProgram(): Command {
  const program = new Command('swarmguard')
    .description('Secure a Docker Swarm end to end: stack lint, gated deploys, encrypted overlays, image scanning, CIS benchmark, audit.')
    .version(toolVersion(), '-V, --version')
    .option('--debug', 'show stack traces and engine calls')
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false })
    .hook('preAction', (cmd) => {
      if (cmd.opts<{ debug?: boolean }>().debug) setDebug(true);
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
