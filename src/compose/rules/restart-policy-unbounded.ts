// Restart policies without max_attempts: a crashing task restarts forever, hiding the fault and burning the node.
import { cis, nist } from '../../core/finding.js';
import { composeMessages as M } from '../messages.js';
import { defineServiceRule } from './rule.js';

export const restartPolicyUnbounded = defineServiceRule(
  {
    id: 'restart-policy-unbounded',
    title: 'Restart policy without max_attempts',
    severity: 'LOW',
    description:
      'Swarm restarts failed tasks forever by default (condition `any`, no limit). A task that crashes on start, or is ' +
      'exploited and killed, comes back again and again; the loop hides the fault and can exhaust the node.',
    remediation: 'Set `deploy.restart_policy: {condition: on-failure, delay: 5s, max_attempts: 5, window: 120s}`.',
    references: [cis('5.15'), nist('4.4.3', 'Insecure container runtime configurations')],
  },
  (svc) => {
    const rp = svc.deploy?.restartPolicy;
    if (rp?.condition === 'none') return undefined;
    if (rp?.maxAttempts !== undefined && rp.maxAttempts > 0) return undefined;
    return {
      at: rp ? ['deploy', 'restart_policy'] : svc.deploy ? ['deploy'] : [],
      message: M.say(rp ? 'compose.rule.restartPolicyUnbounded.noMaxAttempts' : 'compose.rule.restartPolicyUnbounded.noPolicy', { service: svc.name }),
      evidence: { condition: rp?.condition ?? 'any (default)', maxAttempts: rp?.maxAttempts ?? null },
    };
  },
);
