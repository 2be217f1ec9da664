// Services that keep Docker's default capability set instead of `cap_drop: [ALL]`.
import { cis, nist } from '../../core/finding.js';
import { dropsAllCapabilities, normalizeCapability } from '../../security/capabilities.js';
import { composeMessages as M } from '../messages.js';
import { defineServiceRule } from './rule.js';

export const capabilitiesNotDropped = defineServiceRule(
  {
    id: 'capabilities-not-dropped',
    title: 'Default capabilities not dropped',
    severity: 'LOW',
    description:
      "Without `cap_drop: [ALL]` every task keeps Docker's default capabilities (CHOWN, DAC_OVERRIDE, FOWNER, NET_RAW, SETUID, " +
      'SETGID, NET_BIND_SERVICE, SYS_CHROOT…), most of which an ordinary service never needs. Swarm applies cap_drop since Docker 20.10 (API 1.41).',
    remediation:
      'Add `cap_drop: [ALL]` and `cap_add` back only what the program needs (e.g. NET_BIND_SERVICE, CHOWN, SETUID, SETGID for servers that start as root and switch user).',
    references: [cis('5.4'), nist('4.4.3', 'Insecure container runtime configurations')],
  },
  (svc) =>
    dropsAllCapabilities(svc.capDrop)
      ? undefined
      : {
          at: svc.keys.includes('cap_drop') ? ['cap_drop'] : [],
          message: M.say('compose.rule.capabilitiesNotDropped', { service: svc.name }),
          evidence: { capDrop: svc.capDrop.map(normalizeCapability) },
        },
);
