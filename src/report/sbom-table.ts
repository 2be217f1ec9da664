// `sbom --format table`: one row a package, its warnings, and a summary by type and OS.
import { visibleStyled } from '../core/sanitize.js';
import type { Styler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import { inLocale } from '../i18n/user-errors.js';
import { notScannedWarnings } from '../packages/incomplete.js';
import type { Inventory } from '../packages/types.js';
import { reportMessages as M } from './messages.js';

export function renderSbomTable(inv: Inventory, s: Styler): string {
  const rows = inv.packages.map((p) => [p.type, p.name, p.version, p.sourceName ? `${p.sourceName}${p.sourceVersion ? ` (${p.sourceVersion})` : ''}` : '']);
  const byType = new Map<string, number>();
  for (const p of inv.packages) byType.set(p.type, (byType.get(p.type) ?? 0) + 1);
  const os = inv.os ? `${inv.os.family} ${inv.os.version}`.trim() : M.say('report.sbom.osUnknown');
  const types = [...byType].map(([t, n]) => `${t}: ${n}`).join(', ');
  const summary =
    inv.packages.length > 0 ? M.say('report.sbom.summary', { count: inv.packages.length, types, os }) : M.say('report.sbom.summary.empty', { os });
  const lines = rows.length > 0 ? [renderTable(['TYPE', 'NAME', 'VERSION', 'SOURCE'], rows), ''] : [];
  for (const warning of inv.warnings) {
    const line = inLocale(M.say('report.sbom.warning', { warning }));
    lines.push(warning.cut ? s.red(line) : s.yellow(line));
  }
  lines.push(s.bold(inLocale(summary)));
  // Part of the image was not read: the list is not the whole of it.
  const cut = notScannedWarnings(inv.warnings).length;
  if (cut > 0) lines.push(s.red(s.bold(inLocale(M.say('report.sbom.notComplete', { count: cut })))));
  // Warnings quote the image (paths, tar entry names): only this tool's colours reach the terminal.
  return visibleStyled(`${lines.join('\n')}\n`, true);
}
