// Runs a command action: user errors become a message and an exit code; stack traces only with --debug.
import { ExitCode, UserError, errorMessage } from '../core/errors.js';
import { english, type Message } from '../core/message.js';
import { visibleLines } from '../core/sanitize.js';
import { colorWanted, createStyler } from '../core/style.js';
import { currentLocale } from '../i18n/locale.js';
import { t } from '../i18n/messages.js';

let debug = process.argv.includes('--debug') || process.env.SWARMGUARD_DEBUG === '1';

export function setDebug(on: boolean): void {
  debug = on;
}

/** Reports an error on stderr and returns its exit code. The Japanese error table loads only to report in Japanese. */
export async function reportError(e: unknown): Promise<number> {
  const s = createStyler(colorWanted(process.stderr));
  if (e instanceof UserError) {
    const locale = currentLocale();
    const localize = locale === 'en' ? undefined : (await import('../i18n/user-errors.js')).localizeMessage;
    // Messages may quote what an image or a node said: shown with its control characters made visible.
    const say = (text: Message): string => visibleLines(localize ? localize(text, locale) : english(text));
    process.stderr.write(`${s.red(t('error.prefix'))} ${say(e.text)}\n`);
    if (e.hintText) process.stderr.write(`${s.dim(t('error.hintPrefix'))} ${say(e.hintText)}\n`);
    if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
    return e.exitCode;
  }
  process.stderr.write(`${s.red(t('error.internal'))} ${visibleLines(errorMessage(e))}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  else process.stderr.write(`${s.dim(t('error.internal.hint'))}\n`);
  return ExitCode.INTERNAL;
}

/** Wraps an action that returns an exit code, at once or as a promise; what it throws is reported with its exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => number | void | Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? ExitCode.OK;
    } catch (e) {
      process.exitCode = await reportError(e);
    }
  };
}

/** Says on stderr that a command wrote FILE (its output went there, not to stdout). */
export function reportWritten(file: string): void {
  process.stderr.write(`${t('cli.wrote', { file: visibleLines(file) })}\n`);
}
