// Parsers of option values that several commands share.

/** A comma-separated, repeatable option (`--rule a,b --rule c`): every id, in order, blanks dropped. */
export function collectIds(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  ];
}
