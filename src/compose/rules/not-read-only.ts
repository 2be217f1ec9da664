// Services whose root filesystem is writable.
import { cis, nist } from '../../core/finding.js';
import { composeMessages as M } from '../messages.js';
import { defineServiceRule } from './rule.js';

export const notReadOnly = defineServiceRule(
  {
    id: 'not-read-only',
    title: 'Root filesystem is writable',
    severity: 'LOW',
    description:
      'A writable root filesystem lets an attacker drop tools and change binaries or configuration inside the running task. ' +
      'Swarm applies `read_only: true`; write paths the program needs can be tmpfs or volumes.',
    remediation: 'Set `read_only: true` and mount writable paths explicitly (e.g. `volumes: [{type: tmpfs, target: /tmp}]`).',
    references: [cis('5.13'), nist('4.4.3', 'Insecure container runtime configurations')],
  },
  (svc) =>
    svc.readOnly === true
      ? undefined
      : {
          at: svc.readOnly === false ? ['read_only'] : [],
          message: M.say('compose.rule.notReadOnly', { service: svc.name }),
          evidence: { readOnly: svc.readOnly ?? null },
        },
);
