// The shape of a network check: metadata beside a pure function from collected facts to findings.
import type { Finding, RuleMeta } from '../core/finding.js';

export interface NetworkCheck<I> extends RuleMeta {
  check(input: I): Finding[];
}

/** The rule metadata alone, for SARIF's rule list. */
export function metaOf<I>(c: NetworkCheck<I>): RuleMeta {
  return {
    id: c.id,
    title: c.title,
    severity: c.severity,
    description: c.description,
    remediation: c.remediation,
    references: c.references,
    ...(c.fixable !== undefined ? { fixable: c.fixable } : {}),
  };
}
