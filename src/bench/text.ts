// docker-bench-compatible text: section headers, [PASS]/[WARN]/[INFO]/[NOTE] lines, details, the score.
import { notesSaid } from '../core/message.js';
import type { Verdict } from '../core/severity.js';
import type { Styler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import { currentLocale } from '../i18n/locale.js';
import { t } from '../i18n/messages.js';
import { inLocale } from '../i18n/user-errors.js';
import { JA_CIS_CHANGES, JA_CIS_SECTIONS, jaCis, jaCisComparisonSummary } from '../i18n/ja/cis.js';
import { SECTIONS } from './catalogue.js';
import type { BenchReport, CisComparison } from './runner.js';

function tag(v: Verdict, s: Styler): string {
  const t = `[${v}]`;
  switch (v) {
    case 'PASS':
      return s.green(t);
    case 'WARN':
      return s.red(t);
    case 'NOTE':
      return s.yellow(t);
    default:
      return s.blue(t);
  }
}

/** The official English title, with the reader's-language explanation beside it where one exists. */
function beside(english: string, japanese: string | undefined, s: Styler): string {
  return currentLocale() === 'ja' && japanese !== undefined ? `${english} ${s.dim(`— ${japanese}`)}` : english;
}

export function renderBenchText(report: BenchReport, s: Styler, opts: { remediation?: boolean; engine?: string } = {}): string {
  const out: string[] = [];
  out.push(s.dim('# ------------------------------------------------------------------------------'));
  out.push(s.dim(`# swarmguard bench — CIS Docker Benchmark v${report.benchmark}`));
  out.push(s.dim(`# node ${report.node}${opts.engine ? `, engine ${opts.engine}` : ''}${report.rootless ? ', rootless' : ''}`));
  out.push(s.dim('# ------------------------------------------------------------------------------'));
  let lastTop = '';
  let lastSub = '';
  for (const r of report.results) {
    const top = r.id.split('.')[0]!;
    if (top !== lastTop) {
      out.push('');
      out.push(`${tag('INFO', s)} ${s.bold(`${top} - ${beside(SECTIONS[top] ?? '', JA_CIS_SECTIONS[top], s)}`)}`);
      lastTop = top;
    }
    if (r.section !== top && r.section !== lastSub) {
      out.push(`${tag('INFO', s)} ${r.section} - ${beside(SECTIONS[r.section] ?? '', JA_CIS_SECTIONS[r.section], s)}`);
      lastSub = r.section;
    }
    out.push(`${tag(r.verdict, s)} ${r.id} - ${beside(r.desc, jaCis(r.id, report.benchmark), s)}`);
    for (const d of r.details) out.push(`${tag(r.verdict, s)}      * ${inLocale(d)}`);
    if (opts.remediation && r.verdict === 'WARN') out.push(`${s.dim(`        ${t('bench.remediation')}`)} ${r.remediation}`);
  }
  out.push('');
  out.push(`${tag('INFO', s)} ${t('bench.checks', { checks: report.checks })}`);
  out.push(`${tag('INFO', s)} ${t('bench.score', { score: report.score })}`);
  const counts = { PASS: 0, WARN: 0, INFO: 0, NOTE: 0 } as Record<Verdict, number>;
  for (const r of report.results) counts[r.verdict] += 1;
  out.push(
    `${s.green(`${counts.PASS} pass`)}, ${s.red(`${counts.WARN} warn`)}, ${counts.INFO} info, ${counts.NOTE} note — ${t('bench.apiCalls', { calls: report.apiCalls })}`,
  );
  for (const e of report.errors) out.push(s.yellow(t('report.note', { text: inLocale(e) })));
  for (const n of notesSaid(report.notes)) out.push(t('report.note', { text: inLocale(n) }));
  return `${out.join('\n')}\n`;
}

export function renderBenchTable(report: BenchReport, s: Styler): string {
  const rows = report.results.map((r) => [
    r.id,
    tag(r.verdict, s),
    r.desc.replace(/ \((Automated|Manual)\)$/, ''),
    r.items.slice(0, 3).join(', ') + (r.items.length > 3 ? ` +${r.items.length - 3}` : ''),
  ]);
  return `${renderTable(['ID', 'RESULT', 'CHECK', 'ITEMS'], rows)}\n\nCIS Docker Benchmark ${report.benchmark}${report.rootless ? ' (rootless)' : ''}: score ${report.score} over ${report.checks} checks\n`;
}

const CHANGE_WORDS: Record<CisComparison['changes'][number], string> = {
  added: 'new recommendation',
  removed: 'no longer a recommendation',
  renumbered: 'renumbered',
  title: 'retitled',
  automated: 'automated/manual label changed',
  level: 'profile level changed',
  verdict: 'verdict changed',
};

/** What moving from one benchmark version to the other changes here: only the requirements that change. */
export function renderCisComparison(rows: readonly CisComparison[], from: string, to: string, s: Styler): string {
  const changed = rows.filter((r) => r.changes.length > 0);
  const ja = currentLocale() === 'ja';
  const word = (c: CisComparison['changes'][number]) => (ja ? (JA_CIS_CHANGES[c] ?? CHANGE_WORDS[c]) : CHANGE_WORDS[c]);
  const label = (side: CisComparison['from']) => (side ? `${side.id} ${tag(side.verdict, s)}${side.automated ? '' : s.dim(' manual')}` : '-');
  const table = renderTable(
    [`CIS ${from}`, `CIS ${to}`, 'CHANGE', 'RECOMMENDATION'],
    changed.map((r) => {
      const side = r.to ?? r.from;
      const explained = side && ja ? jaCis(side.id, r.to ? to : from) : undefined;
      return [
        label(r.from),
        label(r.to),
        r.changes.map(word).join(ja ? '、' : ', '),
        `${side?.title ?? r.check}${explained ? ` ${s.dim(`— ${explained}`)}` : ''}`,
      ];
    }),
  );
  const verdicts = changed.filter((r) => r.changes.includes('verdict') || r.changes.includes('added') || r.changes.includes('removed')).length;
  const summary = ja
    ? jaCisComparisonSummary(from, to, changed.length, rows.length, verdicts)
    : `CIS Docker Benchmark ${from} → ${to} on this host: ${changed.length} of ${rows.length} recommendation(s) change; ${verdicts} of them change a verdict, are new or are gone; ${rows.length - changed.length} stay the same.`;
  return `${table}\n\n${summary}\n`;
}
