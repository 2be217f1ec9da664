// What the CycloneDX vulnerabilities carry beyond the match: the VEX analysis, the EPSS rating and the KEV listing.
import type { Finding } from '../core/finding.js';

/** VEX statuses as CycloneDX analysis states. */
const STATE = { not_affected: 'not_affected', fixed: 'resolved', affected: 'exploitable', under_investigation: 'in_triage' } as const;

/** OpenVEX and CSAF justifications as the closest CycloneDX impact-analysis justification. */
const JUSTIFICATION: Record<string, string> = {
  component_not_present: 'code_not_present',
  vulnerable_code_not_present: 'code_not_present',
  vulnerable_code_not_in_execute_path: 'code_not_reachable',
  vulnerable_code_cannot_be_controlled_by_adversary: 'requires_environment',
  inline_mitigations_already_exist: 'protected_by_mitigating_control',
};
const CDX_JUSTIFICATIONS = new Set([
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
]);

/** The `analysis` of a vulnerability a VEX statement decided; undefined when none did. */
export function vexAnalysis(f: Finding): Record<string, string> | undefined {
  const vex = f.vulnerability?.vex;
  if (!vex) return undefined;
  const j = vex.justification === undefined ? undefined : (JUSTIFICATION[vex.justification] ?? vex.justification);
  const detail = [vex.statement, `VEX: ${vex.source}`].filter((x) => x !== undefined && x !== '').join(' — ');
  return { state: STATE[vex.status], ...(j !== undefined && CDX_JUSTIFICATIONS.has(j) ? { justification: j } : {}), detail };
}

/** The EPSS score as a rating (method "other": CycloneDX has no EPSS method). */
export function epssRating(f: Finding): Record<string, unknown>[] {
  const e = f.vulnerability?.epss;
  if (!e) return [];
  return [
    {
      source: { name: 'FIRST EPSS', url: 'https://www.first.org/epss/' },
      score: e.score,
      method: 'other',
      justification: `probability of exploitation in the next 30 days, scored ${e.date}${e.percentile !== undefined ? `; percentile ${e.percentile}` : ''}`,
    },
  ];
}

/** The KEV listing and the EPSS values as properties, for tools that read those rather than ratings. */
export function exploitationProperties(f: Finding): { name: string; value: string }[] {
  const k = f.vulnerability?.kev;
  const e = f.vulnerability?.epss;
  return [
    ...(k
      ? [
          { name: 'swarmguard:kev:dateAdded', value: k.dateAdded },
          ...(k.dueDate !== undefined ? [{ name: 'swarmguard:kev:dueDate', value: k.dueDate }] : []),
          { name: 'swarmguard:kev:knownRansomware', value: String(k.knownRansomware) },
        ]
      : []),
    ...(e
      ? [
          { name: 'swarmguard:epss:score', value: String(e.score) },
          ...(e.percentile !== undefined ? [{ name: 'swarmguard:epss:percentile', value: String(e.percentile) }] : []),
          { name: 'swarmguard:epss:date', value: e.date },
        ]
      : []),
  ];
}
