// Aligned plain-text tables; colour codes do not disturb the alignment. Every cell goes through the sanitiser:
// a cell from an image (a package name, a path) cannot move the cursor or erase the lines above it.
import { visibleStyled } from './sanitize.js';
import { visibleWidth } from './style.js';

export type Align = 'left' | 'right';

export interface TableOptions {
  align?: Align[];
  /** Characters between columns. */
  gap?: number;
  /** Indent of every line. */
  indent?: number;
  /** Truncate the last column to fit this width (0 = never). */
  maxWidth?: number;
}

function pad(s: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - visibleWidth(s)));
  return align === 'right' ? fill + s : s + fill;
}

export function renderTable(header: string[] | null, rows: string[][], options: TableOptions = {}): string {
  const all = (header ? [header, ...rows] : rows).map((r) => r.map((cell) => visibleStyled(cell)));
  const cols = Math.max(0, ...all.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < cols; c++) widths.push(Math.max(0, ...all.map((r) => visibleWidth(r[c] ?? ''))));
  const gap = ' '.repeat(options.gap ?? 2);
  const indent = ' '.repeat(options.indent ?? 0);
  const lines = all.map((r) => {
    const cells = [];
    for (let c = 0; c < cols; c++) {
      const cell = r[c] ?? '';
      const last = c === cols - 1;
      cells.push(last && (options.align?.[c] ?? 'left') === 'left' ? cell : pad(cell, widths[c] ?? 0, options.align?.[c] ?? 'left'));
    }
    return (indent + cells.join(gap)).trimEnd();
  });
  if (header) {
    const rule = widths.map((w) => '─'.repeat(w)).join(gap);
    lines.splice(1, 0, indent + rule);
  }
  return lines.join('\n');
}
