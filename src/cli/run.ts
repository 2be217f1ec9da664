// Runs a command action: user errors become a message and an exit code; stack traces only with --debug.
import { ExitCode, UserError, errorMessage } from '../core/errors.js';
import { colorWanted, createStyler } from '../core/style.js';

let debug = process.argv.includes('--debug') || process.env.SWARMGUARD_DEBUG === '1';

export function setDebug(on: boolean): void {
  debug = on;
}

export function reportError(e: unknown): number {
  const s = createStyler(colorWanted(process.stderr));
  if (e instanceof UserError) {
    process.stderr.write(`${s.red('error:')} ${e.message}\n`);
    if (e.hint) process.stderr.write(`${s.dim('hint:')} ${e.hint}\n`);
    if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
    return e.exitCode;
  }
  process.stderr.write(`${s.red('internal error:')} ${errorMessage(e)}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  else process.stderr.write(`${s.dim('run again with --debug for the stack trace, and please report it')}\n`);
  return ExitCode.INTERNAL;
}

/** Wraps an action that returns an exit code, at once or as a promise; what it throws is reported with its exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => number | void | Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? ExitCode.OK;
    } catch (e) {
      process.exitCode = reportError(e);
    }
  };
}
