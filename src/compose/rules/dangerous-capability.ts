// cap_add of capabilities that break container isolation (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ALL…).
import { cis, nist } from '../../core/finding.js';
import { dangerousCapabilities } from '../../security/capabilities.js';
import { capabilityReason, composeMessages as M } from '../messages.js';
import { defineServiceRule, type ServiceOccurrence } from './rule.js';

export const dangerousCapability = defineServiceRule(
  {
    id: 'dangerous-capability',
    title: 'Dangerous Linux capability added',
    severity: 'HIGH',
    description:
      "cap_add grants kernel capabilities beyond Docker's default set. SYS_ADMIN, SYS_MODULE, SYS_PTRACE, DAC_READ_SEARCH, " +
      "NET_ADMIN, ALL and similar ones let a compromised process escape the container or take over the node's network.",
    remediation: 'Remove the capability; if the program needs one narrow privilege, grant only that one and drop ALL others (`cap_drop: [ALL]`).',
    references: [cis('5.4'), nist('4.4.3', 'Insecure container runtime configurations')],
  },
  function* (svc): Generator<ServiceOccurrence> {
    const found = new Map(dangerousCapabilities(svc.capAdd).map((d) => [d.capability, d]));
    for (const [i, cap] of svc.capAdd.entries()) {
      const d = dangerousCapabilities([cap])[0];
      if (d === undefined || found.get(d.capability) === undefined) continue;
      found.delete(d.capability); // each capability once, at its first line
      yield {
        at: ['cap_add', i],
        message: M.say('compose.rule.dangerousCapability', { service: svc.name, capability: d.capability, why: capabilityReason(d.capability) }),
        evidence: { capability: d.capability },
        ...(d.escape ? { severity: 'CRITICAL' as const } : {}),
      };
    }
  },
);
