// Services without memory or PIDs limits: one runaway task can starve every other task on its node.
import { cis, nist } from '../../core/finding.js';
import { composeMessages as M } from '../messages.js';
import { defineServiceRule } from './rule.js';

export const noResourceLimits = defineServiceRule(
  {
    id: 'no-resource-limits',
    title: 'No memory or PIDs limit',
    severity: 'MEDIUM',
    description:
      "Without `deploy.resources.limits.memory` a task can use all the node's memory, and without `limits.pids` a fork bomb " +
      "exhausts the node's process table; both take down every other task scheduled there (including managers' own work).",
    remediation:
      'Set `deploy.resources.limits: {memory: 256M, pids: 100}` (sized for the service; `pids` needs compose file version 3.9 or later), and reservations so the scheduler places tasks where they fit.',
    references: [cis('5.11'), cis('5.29'), nist('4.4.3', 'Insecure container runtime configurations')],
  },
  (svc) => {
    const limits = svc.deploy?.resources?.limits;
    const noMemory = limits?.memory === undefined || limits.memory === '' || limits.memory === 0;
    const noPids = limits?.pids === undefined || limits.pids <= 0;
    if (!noMemory && !noPids) return undefined;
    const missing = [...(noMemory ? ['memory'] : []), ...(noPids ? ['pids'] : [])];
    return {
      at: limits ? ['deploy', 'resources', 'limits'] : svc.deploy?.resources ? ['deploy', 'resources'] : svc.deploy ? ['deploy'] : [],
      message: M.say(
        noMemory ? (noPids ? 'compose.rule.noResourceLimits.memoryOrPids' : 'compose.rule.noResourceLimits.memory') : 'compose.rule.noResourceLimits.pids',
        { service: svc.name },
      ),
      evidence: { missing },
      ...(noMemory ? {} : { severity: 'LOW' as const }),
    };
  },
);
