// Keys `docker stack deploy` silently drops ("Ignoring unsupported options: …"): the user believes they apply.
import { cis, nist } from '../../core/finding.js';
import type { Severity } from '../../core/severity.js';
import { stackKeyFate, type DropImpact } from '../../security/stack-keys.js';
import { composeMessages as M, droppedKeyConsequence } from '../messages.js';
import { defineServiceRule, docs, type ServiceOccurrence } from './rule.js';

/** A lost security setting gives a false sense of what runs; other behaviour differs from the file; the rest is cosmetic. */
const SEVERITY_OF: Record<DropImpact, Severity> = { security: 'MEDIUM', behaviour: 'LOW', cosmetic: 'INFO' };

export const swarmIgnoredOption = defineServiceRule(
  {
    id: 'swarm-ignored-option',
    title: 'Option ignored by docker stack deploy',
    severity: 'MEDIUM',
    description:
      '`docker stack deploy` drops some compose keys with only a warning ("Ignoring unsupported options: …"). Security-relevant ' +
      'ones (privileged, security_opt, devices) give a false sense of what runs; restart, network_mode, pid and ipc do not do ' +
      'what the file says. cap_add/cap_drop, sysctls and ulimits are applied by current Docker (20.10+ / CLI 23+) and are not reported.',
    remediation:
      'Remove the key, or express it the Swarm way: deploy.restart_policy for restart; networks for network_mode; for ' +
      'security_opt and privileged there is no per-service Swarm equivalent: configure the daemon (default seccomp/AppArmor, ' +
      'no-new-privileges) on every node.',
    references: [
      cis('5.5'),
      cis('5.26'),
      nist('4.4.3', 'Insecure container runtime configurations'),
      docs('https://docs.docker.com/reference/cli/docker/stack/deploy/', 'docker stack deploy'),
    ],
  },
  function* (svc): Generator<ServiceOccurrence> {
    for (const key of svc.keys) {
      const info = stackKeyFate(key); // the one table of what docker stack deploy drops (src/security/stack-keys.ts)
      if (info?.fate !== 'dropped') continue;
      if (key === 'privileged' && svc.privileged === false) continue;
      yield {
        at: [key],
        message: M.say('compose.rule.swarmIgnoredOption', { service: svc.name, key, consequence: droppedKeyConsequence(key) }),
        severity: SEVERITY_OF[info.impact],
        evidence: { key },
      };
    }
  },
);
