// Human report: findings grouped by file/target, aligned columns, colour by severity, a summary line.
import { countBySeverity, sortFindings, type Finding } from '../core/finding.js';
import { SEVERITIES } from '../core/severity.js';
import { visibleStyled } from '../core/sanitize.js';
import { renderTable } from '../core/table.js';
import { currentLocale } from '../i18n/locale.js';
import { t } from '../i18n/messages.js';
import { localizedTargetGroup } from '../i18n/targets.js';
import type { Reporter, ReportContext } from './reporter.js';

function position(f: Finding): string {
  const t = f.target;
  if (t.kind === 'file' && t.line !== undefined) return `${t.line}:${t.column ?? 1}`;
  return '';
}

function subject(f: Finding): string {
  const t = f.target;
  switch (t.kind) {
    case 'file':
      return t.pointer ?? '';
    case 'image':
      return t.path ?? '';
    default:
      return '';
  }
}

export function summaryLine(findings: readonly Finding[], ctx: ReportContext): string {
  const s = ctx.styler;
  const counts = countBySeverity(findings);
  if (findings.length === 0) return s.green(`✔ ${t('report.noFindings')}`);
  const parts = SEVERITIES.filter((sev) => counts[sev] > 0).map((sev) => s.severity(sev, `${counts[sev]} ${sev.toLowerCase()}`));
  const total = t(findings.length === 1 ? 'report.findings.one' : 'report.findings.other', { count: findings.length });
  return `${s.bold(`✖ ${total}`)}: ${parts.join(', ')}`;
}

export const textReporter: Reporter = {
  id: 'text',
  description: 'grouped, aligned, coloured text for people (NO_COLOR respected)',
  render(findings, ctx) {
    const s = ctx.styler;
    const out: string[] = [];
    const groups = new Map<string, Finding[]>();
    for (const f of sortFindings(findings)) {
      const key = localizedTargetGroup(f.target, currentLocale());
      const list = groups.get(key) ?? [];
      list.push(f);
      groups.set(key, list);
    }
    for (const [group, list] of groups) {
      out.push(s.bold(s.cyan(group)));
      const rows = list.map((f) => {
        const sub = subject(f);
        const message = sub ? `${f.message} ${s.dim(`(${sub})`)}` : f.message;
        // A waived finding is shown with its reason, never as a live one (see src/compose/waivers.ts).
        if (f.waived)
          return [s.dim(position(f)), s.dim(`${f.severity} waived`), f.id, `${message} ${s.dim(`(${t('report.waived', { reason: f.waived.reason })})`)}`];
        return [s.dim(position(f)), s.severity(f.severity), f.id, message];
      });
      out.push(renderTable(null, rows, { indent: 2, align: ['right', 'left', 'left', 'left'] }));
      out.push('');
    }
    for (const note of ctx.notes ?? []) out.push(s.dim(t('report.note', { text: note })));
    if ((ctx.notes ?? []).length > 0) out.push('');
    const waived = findings.filter((f) => f.waived).length;
    out.push(
      summaryLine(
        findings.filter((f) => !f.waived),
        ctx,
      ) + (waived > 0 ? s.dim(` (${t('report.waivedCount', { count: waived })})`) : ''),
    );
    // Targets, messages and notes quote images and files: only this tool's colours reach the terminal.
    return visibleStyled(`${out.join('\n')}\n`, true);
  },
};
