// Terminal styling that respects NO_COLOR / FORCE_COLOR and only colours a TTY.
import type { Severity } from './severity.js';

export interface Styler {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  magenta(s: string): string;
  cyan(s: string): string;
  severity(sev: Severity, text?: string): string;
}

export function colorWanted(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== '') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function createStyler(enabled: boolean): Styler {
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  const red = wrap(31, 39);
  const yellow = wrap(33, 39);
  const magenta = wrap(35, 39);
  const blue = wrap(34, 39);
  const bold = wrap(1, 22);
  const dim = wrap(2, 22);
  const bySeverity: Record<Severity, (s: string) => string> = {
    CRITICAL: (s) => bold(magenta(s)),
    HIGH: red,
    MEDIUM: yellow,
    LOW: blue,
    UNKNOWN: dim,
    INFO: dim,
  };
  return {
    enabled,
    bold,
    dim,
    red,
    green: wrap(32, 39),
    yellow,
    blue,
    magenta,
    cyan: wrap(36, 39),
    severity: (sev, text) => bySeverity[sev](text ?? sev),
  };
}

// eslint-disable-next-line no-control-regex -- ESC starts the colour codes this matches
const ANSI = /\u001b\[[0-9;]*m/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/**
 * Display width in terminal columns, ignoring colour codes: East Asian wide and full-width characters
 * (日本語, ＡＢＣ) take two columns, combining marks none, so tables line up in Japanese too.
 */
export function visibleWidth(s: string): number {
  // Printable ASCII is one column a character (string-width says the same); other text needs the tables.
  const plain = s.includes('\u001b') ? stripAnsi(s) : s;
  if (PRINTABLE_ASCII.test(plain)) return plain.length;
  if (!stringWidth) throw new Error('the display-width tables are not loaded: await loadDisplayWidth() first');
  return stringWidth(s);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
let stringWidth: ((s: string) => number) | undefined;

/**
 * Loads the display-width tables (string-width: Unicode's East Asian widths, emoji, grapheme clusters). Only
 * text beyond printable ASCII needs them; the command line loads them before a command or Japanese help runs,
 * so that `--help` and `--version` start without them.
 */
export async function loadDisplayWidth(): Promise<void> {
  stringWidth ??= (await import('string-width')).default;
}
