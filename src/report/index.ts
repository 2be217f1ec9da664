// The reporter registry: `--format` picks one by id.
import { Registry } from '../core/registry.js';
import { UserError } from '../core/errors.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { reportMessages } from './messages.js';
import type { Reporter } from './reporter.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';

export const reporters = new Registry<Reporter>('reporter').register(textReporter, jsonReporter, sarifReporter, htmlReporter);

export function getReporter(id: string, allowed: readonly string[] = reporters.ids()): Reporter {
  const r = reporters.get(id);
  if (!r || !allowed.includes(id)) {
    throw new UserError(reportMessages.say('report.reporter.unknown', { id }), {
      hint: reportMessages.say('report.format.hint', { list: allowed.join(', ') }),
    });
  }
  return r;
}

export type { Reporter, ReportContext } from './reporter.js';
