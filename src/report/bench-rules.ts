// What the findings formats (SARIF, findings JSON) say of a benchmark run: every requirement of its version as a rule.
import { cis, type RuleMeta } from '../core/finding.js';
import { nistRef } from '../core/nist-800-190.js';
import { CATALOGUES, type CisVersion } from '../bench/catalogue.js';
import { benchChecks } from '../bench/checks/index.js';

/** The compatibility note of --format docker-bench: it always speaks CIS 1.6.0, as docker-bench-security does. */
export const DOCKER_BENCH_NOTE =
  'docker-bench format: CIS Docker Benchmark 1.6.0 ids and titles, as docker-bench-security writes them; use --format json for 1.7.0 or 1.8.0';

/** Every requirement of a benchmark version as a rule, in English (SARIF and findings JSON are read by tools). */
export function benchRules(version: CisVersion): RuleMeta[] {
  return CATALOGUES[version].map((c) => ({
    id: c.id,
    title: c.title,
    severity: benchChecks.get(c.check)?.meta.severity ?? 'MEDIUM',
    description: c.title,
    remediation: benchChecks.get(c.check)?.meta.remediation ?? '',
    references: [cis(c.id, c.title, version), ...c.nist.map((n) => nistRef(n))],
  }));
}
