// Services without a healthcheck: Swarm cannot tell a hung task from a working one, and rolling updates do not wait for health.
import { cis, nist } from '../../core/finding.js';
import { composeMessages as M } from '../messages.js';
import { defineServiceRule } from './rule.js';

export const noHealthcheck = defineServiceRule(
  {
    id: 'no-healthcheck',
    title: 'No healthcheck',
    severity: 'LOW',
    description:
      'Without a healthcheck Swarm treats a running process as healthy: a hung task keeps receiving traffic, and an update ' +
      'rolls on although new tasks do not work. The image may define a HEALTHCHECK (this rule cannot see it; `swarmguard image lint` can).',
    remediation: 'Add `healthcheck: {test: ["CMD", "…"], interval: 30s, timeout: 5s, retries: 3, start_period: 10s}` with a command the image contains.',
    references: [cis('5.27'), cis('4.6'), nist('4.4.5', 'Rogue containers')],
  },
  (svc) => {
    if (svc.healthcheck && !svc.healthcheck.disable) return undefined;
    const disabled = svc.healthcheck?.disable === true;
    return {
      at: disabled ? ['healthcheck'] : [],
      message: M.say(disabled ? 'compose.rule.noHealthcheck.disabled' : 'compose.rule.noHealthcheck', { service: svc.name }),
      evidence: { disabled },
    };
  },
);
