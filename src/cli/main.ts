// The swarmguard command line. `swarmguard --version` answers at once; any other command line loads the
// argument parser (program.ts), which loads only the command group the command line names.
import { toolVersion } from '../core/version.js';

/** `--version` or `-V` alone: the one command line that needs neither the parser nor a message catalogue. */
const VERSION_ONLY = new Set(['--version', '-V']);

export async function main(argv: string[] = process.argv): Promise<void> {
  // `swarmguard … | head` closes stdout early: stop quietly, as other command-line tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const args = argv.slice(2);
  if (args.length === 1 && VERSION_ONLY.has(args[0] ?? '')) {
    process.stdout.write(`${toolVersion()}\n`);
    return;
  }
  await (await import('./program.js')).runProgram(argv);
}
