// cap_add of capabilities that break container isolation (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ALL…).
import { cis, nist } from '../../core/finding.js';
import type { Occurrence } from '../../core/check.js';
import { dangerousCapabilities } from '../../security/capabilities.js';
import { defineRule, report, services } from './rule.js';

export const dangerousCapability = defineRule(
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
  (ctx) => {
    const out: Occurrence[] = [];
    for (const svc of services(ctx)) {
      const found = new Map(dangerousCapabilities(svc.capAdd).map((d) => [d.capability, d]));
      svc.capAdd.forEach((cap, i) => {
        const d = dangerousCapabilities([cap])[0];
        if (d === undefined || found.get(d.capability) === undefined) return;
        found.delete(d.capability); // each capability once, at its first line
        out.push(
          report(ctx, ['services', svc.name, 'cap_add', i], `service "${svc.name}" adds ${d.capability}: ${d.why}`, {
            evidence: { service: svc.name, capability: d.capability },
            ...(d.escape ? { severity: 'CRITICAL' as const } : {}),
          }),
        );
      });
    }
    return out;
  },
);
