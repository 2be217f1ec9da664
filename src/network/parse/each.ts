// The common walk of the line and block readers: each item gives a value, a warning, or nothing.
import type { Message } from '../../core/message.js';
import type { ParseResult } from '../firewall.js';

/** Says why an item was skipped; `read` returns what `warn` returns. */
export type Warn = (warning: Message) => undefined;

/**
 * Reads `items` one by one into a ParseResult: `read` gives the value of an item, or nothing for an item that holds
 * none (a blank line) or that it skipped with `warn` (the warning is kept, in order).
 */
export function parseEach<I, T>(items: readonly I[], read: (item: I, index: number, warn: Warn) => T | undefined): ParseResult<T[]> {
  const value: T[] = [];
  const warnings: Message[] = [];
  const warn: Warn = (warning) => {
    warnings.push(warning);
    return undefined;
  };
  items.forEach((item, i) => {
    const v = read(item, i, warn);
    if (v !== undefined) value.push(v);
  });
  return { value, warnings };
}
