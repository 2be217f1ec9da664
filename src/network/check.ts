// A network check is the one check shape (src/core/check.ts) over collected network facts.
import type { Check } from '../core/check.js';
import type { RuleMeta } from '../core/finding.js';

export type NetworkCheck<I> = Check<I>;

/** The rule metadata alone, for SARIF's rule list. */
export function metaOf<I>(c: NetworkCheck<I>): RuleMeta {
  return c.meta;
}
