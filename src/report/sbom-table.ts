// `sbom --format table`: one row a package, its warnings, and a summary by type and OS.
import type { Styler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import type { Inventory } from '../packages/types.js';

export function renderSbomTable(inv: Inventory, s: Styler): string {
  const rows = inv.packages.map((p) => [p.type, p.name, p.version, p.sourceName ? `${p.sourceName}${p.sourceVersion ? ` (${p.sourceVersion})` : ''}` : '']);
  const byType = new Map<string, number>();
  for (const p of inv.packages) byType.set(p.type, (byType.get(p.type) ?? 0) + 1);
  const summary = `${inv.packages.length} package(s)${byType.size ? ` (${[...byType].map(([t, n]) => `${t}: ${n}`).join(', ')})` : ''} — ${inv.os ? `${inv.os.family} ${inv.os.version}`.trim() : 'OS unknown (no os-release)'}`;
  const lines = rows.length > 0 ? [renderTable(['TYPE', 'NAME', 'VERSION', 'SOURCE'], rows), ''] : [];
  for (const w of inv.warnings) lines.push(s.yellow(`warning: ${w}`));
  lines.push(s.bold(summary));
  return `${lines.join('\n')}\n`;
}
