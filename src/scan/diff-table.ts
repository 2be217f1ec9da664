// The table of `image diff`, in the reader's language: which image is compared with which, the counts per severity,
// the summary line, then the notes of both images and the caveats of comparing them.
import { notesSaid } from '../core/message.js';
import type { Severity } from '../core/severity.js';
import type { Styler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import { inLocale } from '../i18n/user-errors.js';
import { diffSummary, type DiffReport } from './diff.js';
import { scanMessages } from './messages.js';
import type { ScanReport } from './scan.js';

export function renderDiffTable(d: DiffReport, a: ScanReport, b: ScanReport, s: Styler, severities: readonly Severity[]): string {
  const rows = d.rows.filter((r) => severities.includes(r.severity)).map((r) => [s.severity(r.severity), String(r.fixed), String(r.added), String(r.common)]);
  const lines = [
    inLocale(scanMessages.say('scan.diff.compared', { b: s.bold(b.ref), a: s.bold(a.ref) })),
    '',
    renderTable(
      [
        scanMessages.say('scan.col.severity'),
        scanMessages.say('scan.col.fixedIn', { ref: b.ref }),
        scanMessages.say('scan.col.addedIn', { ref: b.ref }),
        scanMessages.say('scan.col.inBoth'),
      ].map((m) => inLocale(m)),
      rows,
      { align: ['left', 'right', 'right', 'right'] },
    ),
    '',
    inLocale(diffSummary(a, b)),
  ];
  for (const r of [a, b]) {
    for (const t of r.targets)
      for (const note of notesSaid(t.notes)) lines.push(s.yellow(inLocale(scanMessages.say('scan.diff.note', { ref: r.ref, target: t.label, note }))));
  }
  for (const caveat of notesSaid(d.caveats)) lines.push(s.yellow(inLocale(scanMessages.say('scan.line.caveat', { caveat }))));
  return `${lines.join('\n')}\n`;
}
