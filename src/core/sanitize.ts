// One sanitiser for everything printed to a terminal that came from outside: package names and versions from an
// image, tar entry names, node hostnames, advisory text. Control characters (C0, DEL, C1), line and paragraph
// separators and bidirectional overrides are shown as visible `\uXXXX` escapes, so that no image can move the
// cursor, erase lines, set the window title or reorder text. JSON output keeps the exact value (JSON escapes it).

// eslint-disable-next-line no-control-regex -- the control characters are what this escapes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- the control characters are what this escapes
const UNSAFE_KEEP_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The colour sequences this tool's own styling writes (SGR): kept by the `Styled` variants. */
// eslint-disable-next-line no-control-regex -- SGR sequences start with ESC
const SGR = /\u001b\[[0-9;]*m/g;

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text from outside made safe for a terminal: every control character shown as an escape. */
export function visible(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** As `visible`, but line breaks stay (messages of several lines). */
export function visibleLines(text: string): string {
  return text.replace(UNSAFE_KEEP_NEWLINE, escape);
}

/**
 * For text this tool already styled: its own colour sequences stay, every other control character is shown.
 * A colour sequence from outside stays a colour too, and can do no more than colour.
 */
export function visibleStyled(text: string, keepNewlines = false): string {
  const parts = text.split(SGR);
  const codes = text.match(SGR) ?? [];
  const clean = keepNewlines ? visibleLines : visible;
  return parts.map((p, i) => clean(p) + (codes[i] ?? '')).join('');
}
