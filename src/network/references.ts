// The references network findings cite: CIS Docker Benchmark 1.6.0 and NIST SP 800-190.
import { cis, nist, type Reference } from '../core/finding.js';

export const CIS_OVERLAY_ENCRYPTED: Reference = cis('7.3', 'Ensure that all Docker swarm overlay networks are encrypted');
export const NIST_NETWORK_SEPARATION: Reference = nist('4.3.3', 'Poorly separated inter-container network traffic');
export const NIST_NETWORK_SEPARATION_COUNTERMEASURE: Reference = nist('5.3.3', 'Poorly separated inter-container network traffic (countermeasures)');
export const CVE_XT_U32: Reference = {
  type: 'cve',
  id: 'CVE-2023-28840',
  url: 'https://github.com/moby/moby/security/advisories/GHSA-232p-vwff-86mp',
  title: 'encrypted overlay traffic may be unencrypted (xt_u32 missing)',
};
export const DOCS_OVERLAY_ENCRYPTION: Reference = {
  type: 'docs',
  id: 'docker-overlay-encryption',
  url: 'https://docs.docker.com/engine/network/drivers/overlay/#encrypt-traffic-on-an-overlay-network',
};
export const DOCS_SWARM_PORTS: Reference = {
  type: 'docs',
  id: 'docker-swarm-ports',
  url: 'https://docs.docker.com/engine/swarm/swarm-tutorial/#open-protocols-and-ports-between-the-hosts',
};
export const OVERLAY_REFERENCES: Reference[] = [CIS_OVERLAY_ENCRYPTED, NIST_NETWORK_SEPARATION, NIST_NETWORK_SEPARATION_COUNTERMEASURE];
