// The summary `swarmguard audit` prints after its findings: counts by severity and by NIST SP 800-190 area, the
// score, and how many parts were checked and not checked, in the reader's language.
import { countBySeverity, type Finding } from '../core/finding.js';
import { SEVERITIES } from '../core/severity.js';
import type { Styler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import { currentLocale } from '../i18n/locale.js';
import { t } from '../i18n/messages.js';
import { nistAreaLabel } from '../i18n/nist.js';
import { areasOf } from './html.js';

export function auditSummaryText(
  result: { findings: readonly Finding[]; score: number; checked: readonly string[]; coverage: readonly string[] },
  s: Styler,
): string {
  const byArea = new Map<string, number>();
  for (const f of result.findings) for (const a of areasOf(f)) byArea.set(a, (byArea.get(a) ?? 0) + 1);
  const c = countBySeverity(result.findings);
  const bySeverity = renderTable(
    null,
    SEVERITIES.map((x) => [s.severity(x), String(c[x])]),
    { indent: 2, align: ['left', 'right'] },
  );
  const areas = renderTable(
    null,
    [...byArea].map(([a, n]) => [nistAreaLabel(a, currentLocale()), String(n)]),
    { indent: 2, align: ['left', 'right'] },
  );
  const parts = t('audit.parts', { checked: result.checked.length }) + (result.coverage.length ? t('audit.notChecked', { count: result.coverage.length }) : '');
  return `\n${s.bold(t('audit.bySeverity'))}\n${bySeverity}\n\n${s.bold(t('html.byArea'))}\n${areas}\n\n${s.bold(t('audit.score', { score: result.score }))} — ${parts}\n`;
}
