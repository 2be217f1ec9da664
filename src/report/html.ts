// A single-file HTML report: summary by severity and by NIST SP 800-190 area, findings per target with filters.
// Self-contained (inline CSS and JS); every user-controlled string is escaped, the data is embedded as inert JSON.
import { localizeNotes } from '../i18n/notes.js';
import { joinNotes } from '../core/message.js';
import { nistAreaLabel } from '../i18n/nist.js';
import { localizedTargetGroup } from '../i18n/targets.js';
import { countBySeverity, sortFindings, type Finding } from '../core/finding.js';
import { NIST_AREAS, nistArea } from '../core/nist-800-190.js';
import { SEVERITIES } from '../core/severity.js';
import { localizeFindings } from '../i18n/findings.js';
import { currentLocale } from '../i18n/locale.js';
import { t } from '../i18n/messages.js';
import type { Reporter } from './reporter.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe to embed in a <script> element: no "</script", no "<!--". */
export function inertJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function areasOf(f: Finding): string[] {
  const areas = new Set(
    f.references
      .filter((r) => r.type === 'nist-800-190')
      .map((r) => nistArea(r.id))
      .filter((a): a is string => a !== undefined),
  );
  return areas.size > 0 ? [...areas] : ['Unmapped'];
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans CJK JP","Hiragino Sans","Yu Gothic",Meiryo,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;opacity:.75}
main{padding:20px 28px;max-width:1280px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:18px}
.card{background:#fff;border-radius:8px;padding:12px 16px;min-width:110px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card b{display:block;font-size:26px}.card span{font-size:12px;text-transform:uppercase;letter-spacing:.04em;opacity:.7}
.CRITICAL{color:#8e1b8e}.HIGH{color:#c62828}.MEDIUM{color:#b26a00}.LOW{color:#1565c0}.UNKNOWN{color:#607080}.INFO{color:#607080}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:8px;overflow:hidden;box-shadow:0 1px 2px rgba(0,0,0,.08);margin-bottom:18px}
th,td{padding:7px 10px;border-bottom:1px solid #eceef2;text-align:left;vertical-align:top}th{background:#fafbfc;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.filters{display:flex;gap:14px;align-items:center;flex-wrap:wrap;margin:10px 0}
input[type=search]{padding:6px 10px;border:1px solid #ccd;border-radius:6px;min-width:260px}
.muted{opacity:.65}.sev{font-weight:600}code{background:#eef0f4;padding:1px 4px;border-radius:4px}
`;

const SCRIPT = `
const data = JSON.parse(document.getElementById('sg-data').textContent);
const sevs = ['CRITICAL','HIGH','MEDIUM','LOW','UNKNOWN','INFO'];
const on = new Set(sevs);
const el = (t, a = {}, ...kids) => { const e = document.createElement(t); for (const [k, v] of Object.entries(a)) e.setAttribute(k, v); for (const c of kids) e.append(c); return e; };
function render() {
  const q = document.getElementById('q').value.toLowerCase();
  const area = document.getElementById('area').value;
  const rows = data.findings.filter((f) => on.has(f.severity) && (!area || f.areas.includes(area)) && (!q || (f.id + ' ' + f.message + ' ' + f.group).toLowerCase().includes(q)));
  const tbody = document.getElementById('rows');
  tbody.replaceChildren(...rows.map((f) => el('tr', {}, el('td', { class: 'sev ' + f.severity }, f.severity), el('td', {}, f.group), el('td', {}, el('code', {}, f.id)), el('td', {}, f.message, f.remediation ? el('div', { class: 'muted' }, f.remediation) : ''), el('td', {}, f.areas.join(', ')))));
  document.getElementById('shown').textContent = data.labels.shown.replace('{shown}', rows.length).replace('{total}', data.findings.length);
}
for (const s of sevs) {
  const box = el('input', { type: 'checkbox', id: 'f-' + s, checked: '' });
  box.addEventListener('change', () => { box.checked ? on.add(s) : on.delete(s); render(); });
  document.getElementById('sevs').append(el('label', { class: s }, box, ' ' + s));
}
document.getElementById('q').addEventListener('input', render);
document.getElementById('area').addEventListener('change', render);
document.getElementById('js-summary').textContent = (data.score === null ? data.labels.count : data.labels.countScore).replace('{count}', data.findings.length).replace('{score}', data.score);
render();
`;

export interface HtmlExtras {
  title?: string;
  score?: number;
  coverage?: string[];
}

export function renderHtml(
  findings: readonly Finding[],
  ctx: { toolVersion: string; command: string; scanned?: string[]; notes?: string[]; score?: number; coverage?: { covered: boolean; uncovered: string[] } },
  extras: HtmlExtras = {},
): string {
  if (extras.score === undefined && ctx.score !== undefined) extras = { ...extras, score: ctx.score };
  const sorted = sortFindings(localizeFindings(findings, currentLocale()));
  const counts = countBySeverity(sorted);
  const byArea = new Map<string, number>();
  for (const f of sorted) for (const a of areasOf(f)) byArea.set(a, (byArea.get(a) ?? 0) + 1);
  const groups = new Map<string, Finding[]>();
  for (const f of sorted)
    groups.set(localizedTargetGroup(f.target, currentLocale()), [...(groups.get(localizedTargetGroup(f.target, currentLocale())) ?? []), f]);
  const data = {
    score: extras.score ?? null,
    labels: { shown: t('html.shown'), count: t('html.count'), countScore: t('html.countScore') },
    findings: sorted.map((f) => ({
      id: f.id,
      severity: f.severity,
      message: f.message,
      remediation: f.remediation ?? '',
      group: localizedTargetGroup(f.target, currentLocale()),
      areas: areasOf(f),
    })),
  };
  const title = extras.title ?? `swarmguard ${ctx.command}`;
  const cards = SEVERITIES.map((s) => `<div class="card"><b class="${s}">${counts[s]}</b><span>${s}</span></div>`).join('');
  const areaRows = [...Object.values(NIST_AREAS), 'Unmapped']
    .filter((a) => byArea.has(a))
    .map((a) => `<tr><td>${escapeHtml(a === 'Unmapped' ? t('html.unmapped') : nistAreaLabel(a, currentLocale()))}</td><td>${byArea.get(a)}</td></tr>`)
    .join('');
  const groupRows = [...groups]
    .map(([g, list]) => {
      const c = countBySeverity(list);
      return `<tr><td>${escapeHtml(g)}</td>${SEVERITIES.map((s) => `<td class="${s}">${c[s] || ''}</td>`).join('')}</tr>`;
    })
    .join('');
  const coverage = localizeNotes(joinNotes(extras.coverage ?? [], ctx.notes ?? []), currentLocale())
    .map((c) => `<li>${escapeHtml(c)}</li>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="${currentLocale()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body>
<header><h1>${escapeHtml(title)}</h1><p>swarmguard ${escapeHtml(ctx.toolVersion)} · ${escapeHtml(new Date().toISOString())}${ctx.scanned?.length ? ` · ${escapeHtml(localizeNotes(ctx.scanned, currentLocale()).join(', '))}` : ''}</p></header>
<main>
<section id="summary"><h2>${t('html.summary')}</h2><p id="js-summary">${extras.score !== undefined ? t('html.countScore', { count: sorted.length, score: extras.score }) : t('html.count', { count: sorted.length })}</p>${ctx.coverage && !ctx.coverage.covered ? `<p id="not-covered" class="HIGH">${escapeHtml(t('html.notCovered', { targets: ctx.coverage.uncovered.join(', ') }))}</p>` : ''}<div class="cards">${cards}${extras.score !== undefined ? `<div class="card"><b>${extras.score}</b><span>${t('html.score')}</span></div>` : ''}</div></section>
<section><h2>${t('html.byArea')}</h2><table><thead><tr><th>${t('html.area')}</th><th>${t('html.findings')}</th></tr></thead><tbody>${areaRows || `<tr><td colspan="2">${t('html.none')}</td></tr>`}</tbody></table></section>
<section><h2>${t('html.byTarget')}</h2><table><thead><tr><th>${t('html.target')}</th>${SEVERITIES.map((s) => `<th class="${s}">${s}</th>`).join('')}</tr></thead><tbody>${groupRows || `<tr><td colspan="${SEVERITIES.length + 1}">${t('html.none')}</td></tr>`}</tbody></table></section>
${coverage ? `<section><h2>${t('html.coverage')}</h2><ul>${coverage}</ul></section>` : ''}
<section><h2>${t('html.findings')}</h2>
<div class="filters"><span id="sevs"></span><select id="area"><option value="">${t('html.allAreas')}</option>${[...byArea.keys()].map((a) => `<option value="${escapeHtml(a)}">${escapeHtml(nistAreaLabel(a, currentLocale()))}</option>`).join('')}</select><input id="q" type="search" placeholder="${escapeHtml(t('html.filter'))}"><span id="shown" class="muted"></span></div>
<table><thead><tr><th>${t('html.severity')}</th><th>${t('html.target')}</th><th>${t('html.id')}</th><th>${t('html.finding')}</th><th>${t('html.nistArea')}</th></tr></thead><tbody id="rows"></tbody></table>
</section>
</main>
<script type="application/json" id="sg-data">${inertJson(data)}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}

export const htmlReporter: Reporter = {
  id: 'html',
  description: 'a single-file HTML report with summaries and filters',
  render(findings, ctx) {
    return renderHtml(findings, ctx);
  },
};
