// `bench --all-nodes` for a person: one row per check, one column per node, the nodes that failed, and how many
// were benchmarked.
import type { Styler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import { matrix, outcomeLine, type NodeOutcome } from '../bench/all-nodes.js';
import { inLocale } from '../i18n/user-errors.js';
import { reportMessages } from './messages.js';

/** A verdict in its colour: PASS green, WARN red, NOTE yellow, others as they are. */
export function paintVerdict(s: Styler, v: string): string {
  return v === 'PASS' ? s.green(v) : v === 'WARN' ? s.red(v) : v === 'NOTE' ? s.yellow(v) : v;
}

export function renderBenchNodes(outcomes: readonly NodeOutcome[], s: Styler): string {
  const m = matrix(outcomes.filter((o) => o.log));
  const lines = [
    renderTable(
      m.header,
      m.rows.map((r) => [r[0]!, ...r.slice(1).map((v) => paintVerdict(s, v))]),
    ),
  ];
  for (const o of outcomes.filter((x) => x.error)) lines.push(s.red(outcomeLine(o)));
  lines.push(inLocale(reportMessages.say('report.benchNodes.done', { done: outcomes.filter((o) => o.log).length, count: outcomes.length })));
  return `${lines.join('\n')}\n`;
}
