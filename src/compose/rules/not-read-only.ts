// Services whose root filesystem is writable.
import { cis, nist } from '../../core/finding.js';
import type { Occurrence } from '../../core/check.js';
import { defineRule, report, services } from './rule.js';

export const notReadOnly = defineRule(
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
  (ctx) => {
    const out: Occurrence[] = [];
    for (const svc of services(ctx)) {
      if (svc.readOnly === true) continue;
      const at = svc.readOnly === false ? ['services', svc.name, 'read_only'] : ['services', svc.name];
      out.push(
        report(ctx, at, `service "${svc.name}" has a writable root filesystem`, {
          evidence: { service: svc.name, readOnly: svc.readOnly ?? null },
        }),
      );
    }
    return out;
  },
);
