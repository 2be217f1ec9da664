// docker-bench-compatible text: section headers, [PASS]/[WARN]/[INFO]/[NOTE] lines, details, the score.
import type { Verdict } from '../core/severity.js';
import type { Styler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import { currentLocale } from '../i18n/locale.js';
import { t } from '../i18n/messages.js';
import { JA_CIS, JA_CIS_SECTIONS } from '../i18n/ja/cis.js';
import { SECTIONS } from './catalogue.js';
import type { BenchReport } from './runner.js';

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
  out.push(s.dim(`# node ${report.node}${opts.engine ? `, engine ${opts.engine}` : ''}`));
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
    out.push(`${tag(r.verdict, s)} ${r.id} - ${beside(r.desc, JA_CIS[r.id], s)}`);
    for (const d of r.details) out.push(`${tag(r.verdict, s)}      * ${d}`);
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
  for (const e of report.errors) out.push(s.yellow(t('report.note', { text: e })));
  for (const n of report.notes) out.push(t('report.note', { text: n }));
  return `${out.join('\n')}\n`;
}

export function renderBenchTable(report: BenchReport, s: Styler): string {
  const rows = report.results.map((r) => [
    r.id,
    tag(r.verdict, s),
    r.desc.replace(/ \((Automated|Manual)\)$/, ''),
    r.items.slice(0, 3).join(', ') + (r.items.length > 3 ? ` +${r.items.length - 3}` : ''),
  ]);
  return `${renderTable(['ID', 'RESULT', 'CHECK', 'ITEMS'], rows)}\n\nScore ${report.score} over ${report.checks} checks\n`;
}
