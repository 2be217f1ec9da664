// The references network findings cite: CIS Docker Benchmark 1.6.0 and NIST SP 800-190.
import { cis, nist, type Reference } from '../core/finding.js';

export const CIS_OVERLAY_ENCRYPTED: Reference = cis('7.3');
export const NIST_NETWORK_SEPARATION: Reference = nist('4.3.3', 'Poorly separated inter-container network traffic');
export const NIST_NETWORK_SEPARATION_COUNTERMEASURE: Reference = nist('5.3.3', 'Poorly separated inter-container network traffic (countermeasures)');
// Both advisories stem from the overlay driver's iptables `u32` rules: without xt_u32 (or on engines before
// 20.10.24 / 23.0.3) "encrypted" VXLAN could leave unencrypted (28841) or be accepted unauthenticated (28840).
export const CVE_OVERLAY_UNENCRYPTED: Reference = {
  type: 'cve',
  id: 'CVE-2023-28841',
  url: 'https://github.com/moby/moby/security/advisories/GHSA-33pg-m6jh-5237',
  title: 'Encrypted overlay network traffic may be unencrypted',
};
export const CVE_OVERLAY_UNAUTHENTICATED: Reference = {
  type: 'cve',
  id: 'CVE-2023-28840',
  url: 'https://github.com/moby/moby/security/advisories/GHSA-232p-vwff-86mp',
  title: 'Encrypted overlay network may be unauthenticated',
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
