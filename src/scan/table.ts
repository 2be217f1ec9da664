// The trivy-like table report of a scan: one table per target, a severity summary line above each.
import { compareSeverity, SEVERITIES, type Severity } from '../core/severity.js';
import type { Styler } from '../core/style.js';
import { visibleStyled } from '../core/sanitize.js';
import { renderTable } from '../core/table.js';
import type { Finding } from '../core/finding.js';
import { notScannedWarnings } from '../packages/incomplete.js';
import { riskScore } from './risk.js';
import type { ScanReport } from './scan.js';
import { currentLocale, type Locale } from '../i18n/locale.js';
import { inLocale, localizeMessage } from '../i18n/user-errors.js';
import { scanMessages } from './messages.js';
import { notesSaid, type Message } from '../core/message.js';

/** "note: …" before a report's own note, the word dimmed: in the reader's language. */
export function reportNoteLine(note: Message, styler: Styler): string {
  return `${styler.dim(inLocale(scanMessages.say('scan.line.noteLabel')))} ${inLocale(note)}`;
}

/** The KEV marker: "yes", or "ransomware" when CISA lists known ransomware use; in the reader's language, by id. */
export function kevCell(f: Finding, styler?: Styler, locale: Locale = currentLocale()): string {
  const k = f.vulnerability?.kev;
  if (!k) return '';
  const text = localizeMessage(scanMessages.say(k.knownRansomware ? 'scan.kev.ransomware' : 'scan.kev.listed'), locale);
  return styler ? styler.red(styler.bold(text)) : text;
}

/** The EPSS score as a percentage with two decimals: the probability of exploitation in the next 30 days. */
export function epssCell(f: Finding): string {
  const e = f.vulnerability?.epss;
  return e ? `${(e.score * 100).toFixed(2)}%` : '';
}

export function summaryLine(findings: readonly Finding[], shown: readonly Severity[] = SEVERITIES, styler?: Styler): string {
  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  // INFO is listed only when asked for or present: vulnerability feeds rarely rate anything INFO.
  const levels = shown.filter((s) => s !== 'INFO' || counts.has('INFO') || shown.length < SEVERITIES.length);
  const parts = levels.map((s) => `${styler ? styler.severity(s) : s}: ${counts.get(s) ?? 0}`);
  return inLocale(scanMessages.say('scan.table.total', { count: findings.length, parts: parts.join(', ') }));
}

function targetOf(f: Finding): string {
  const t = f.evidence?.target;
  return typeof t === 'string' ? t : 'unknown';
}

export function renderScanTable(
  report: ScanReport,
  styler: Styler,
  shown: readonly Severity[] = SEVERITIES,
  options: { showSuppressed?: boolean } = {},
): string {
  // The KEV and EPSS columns appear when the database holds that data; without it they would read as "not listed".
  const kev = report.exploitation.kevEntries > 0;
  const epss = report.exploitation.epssDate !== undefined;
  const risk = report.sort === 'risk';
  const out: string[] = [];
  out.push(`${styler.bold(report.ref)}${report.inventory.os ? ` (${report.inventory.os.family} ${report.inventory.os.version})` : ''}`);
  out.push('');
  // Part of the image was not read: the totals below cover only the rest, and must not read as clean.
  const cut = notScannedWarnings(report.inventory.warnings);
  if (cut.length > 0) {
    out.push(styler.red(styler.bold(inLocale(scanMessages.say('scan.table.notScanned', { count: cut.length })))));
    for (const w of cut) out.push(styler.red(`  ${inLocale(w)}`));
    out.push('');
  }
  const labels = report.targets.map((t) => t.label);
  for (const f of report.findings) if (!labels.includes(targetOf(f))) labels.push(targetOf(f));
  if (labels.length === 0) out.push(inLocale(scanMessages.say('scan.table.noPackages')));
  for (const label of labels) {
    const fs = report.findings.filter((f) => targetOf(f) === label);
    const target = report.targets.find((t) => t.label === label);
    out.push(styler.bold(label));
    out.push('='.repeat(label.length));
    // Nothing was checked: a 0 here would read as clean.
    out.push(target && !target.covered ? styler.yellow(inLocale(scanMessages.say('scan.table.notCovered'))) : summaryLine(fs, shown, styler));
    for (const note of notesSaid(target?.notes ?? [])) out.push(styler.yellow(inLocale(scanMessages.say('scan.line.note', { note }))));
    if (fs.length > 0) {
      // --sort risk keeps the report's order; otherwise by library as trivy lists them.
      const sorted = risk
        ? fs
        : [...fs].sort(
            (a, b) =>
              (a.vulnerability?.package ?? '').localeCompare(b.vulnerability?.package ?? '') ||
              compareSeverity(a.severity, b.severity) ||
              a.id.localeCompare(b.id),
          );
      out.push('');
      out.push(
        renderTable(
          [
            'LIBRARY',
            'VULNERABILITY ID',
            'SEVERITY',
            ...(kev ? ['KEV'] : []),
            ...(epss ? ['EPSS'] : []),
            ...(risk ? ['RISK'] : []),
            'STATUS',
            'INSTALLED',
            'FIXED',
            'TITLE',
          ],
          sorted.map((f) => [
            f.vulnerability?.package ?? '',
            f.id,
            styler.severity(f.severity),
            ...(kev ? [kevCell(f, styler)] : []),
            ...(epss ? [epssCell(f)] : []),
            ...(risk ? [riskScore(f).toFixed(2)] : []),
            f.vulnerability?.vex?.status === 'under_investigation'
              ? inLocale(scanMessages.say('scan.status.underInvestigation'))
              : (f.vulnerability?.status ?? ''),
            f.vulnerability?.installedVersion ?? '',
            f.vulnerability?.fixedVersion ?? '',
            f.title.length > 70 ? `${f.title.slice(0, 67)}...` : f.title,
          ]),
        ),
      );
    }
    out.push('');
  }
  if (options.showSuppressed && report.suppressed.length > 0) {
    const title = 'Suppressed by VEX';
    out.push(styler.bold(title));
    out.push('='.repeat(title.length));
    out.push(
      renderTable(
        ['LIBRARY', 'VULNERABILITY ID', 'SEVERITY', 'VEX STATUS', 'JUSTIFICATION', 'SOURCE'],
        report.suppressed.map((f) => [
          f.vulnerability?.package ?? '',
          f.id,
          styler.severity(f.severity),
          f.vulnerability?.vex?.status ?? '',
          f.vulnerability?.vex?.justification ?? f.vulnerability?.vex?.statement?.slice(0, 60) ?? '',
          f.vulnerability?.vex?.source ?? '',
        ]),
      ),
    );
    out.push('');
  }
  for (const n of notesSaid(report.notes)) out.push(reportNoteLine(n, styler));
  // Labels and notes quote the image (paths, tar entry names): only this tool's colours reach the terminal.
  return visibleStyled(`${out.join('\n').trimEnd()}\n`, true);
}
