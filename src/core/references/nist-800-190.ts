// NIST SP 800-190 (Application Container Security Guide): the risk areas of section 4, whose
// countermeasures section 5 numbers the same way (4.1.1 risk ↔ 5.1.1 countermeasure). Data only.

export const NIST_800_190 = {
  '4.1.1': 'Image vulnerabilities',
  '4.1.2': 'Image configuration defects',
  '4.1.3': 'Embedded malware',
  '4.1.4': 'Embedded clear text secrets',
  '4.1.5': 'Use of untrusted images',
  '4.2.1': 'Insecure connections to registries',
  '4.2.2': 'Stale images in registries',
  '4.2.3': 'Insufficient authentication and authorization restrictions (registry)',
  '4.3.1': 'Unbounded administrative access (orchestrator)',
  '4.3.2': 'Unauthorized access (orchestrator)',
  '4.3.3': 'Poorly separated inter-container network traffic',
  '4.3.4': 'Mixing of workload sensitivity levels',
  '4.3.5': 'Orchestrator node trust',
  '4.4.1': 'Vulnerabilities within the runtime software',
  '4.4.2': 'Unbounded network access from containers',
  '4.4.3': 'Insecure container runtime configurations',
  '4.4.4': 'App vulnerabilities',
  '4.4.5': 'Rogue containers',
  '4.5.1': 'Large attack surface (host OS)',
  '4.5.2': 'Shared kernel',
  '4.5.3': 'Host OS component vulnerabilities',
  '4.5.4': 'Improper user access rights',
  '4.5.5': 'Host OS file system tampering',
} as const;

export type Nist800190Id = keyof typeof NIST_800_190;

/** The five areas of section 4, for summaries. */
export const NIST_AREAS: Record<string, string> = {
  '4.1': 'Image risks',
  '4.2': 'Registry risks',
  '4.3': 'Orchestrator risks',
  '4.4': 'Container risks',
  '4.5': 'Host OS risks',
};
