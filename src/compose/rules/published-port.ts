// Published ports: ingress mode opens the port on every node; host mode opens it on the node's interfaces.
import { cis, nist } from '../../core/finding.js';
import type { Finding } from '../../core/finding.js';
import { defineRule, report, services } from './rule.js';

export const portIngressPublished = defineRule(
  {
    id: 'port-ingress-published',
    title: 'Port published through the routing mesh on every node',
    severity: 'LOW',
    description:
      'A port published in ingress mode (the Swarm default) listens on every node of the swarm, including managers, whether ' +
      'or not a task runs there, and reaches the service over the `ingress` overlay, which is not encrypted unless it was ' +
      're-created with encryption. A host IP in the short syntax is ignored by Swarm.',
    remediation:
      'Publish only what must be reachable from outside; restrict it with a firewall or a front proxy on chosen nodes, or use ' +
      '`mode: host` with placement constraints so the port opens on those nodes only.',
    references: [
      cis('7.3', 'Ensure that swarm services are bound to a specific host interface'),
      cis('5.8', 'Ensure that only needed ports are open on the container'),
      nist('4.4.2', 'Unbounded network access from containers'),
    ],
  },
  (ctx) => {
    const out: Finding[] = [];
    for (const svc of services(ctx)) {
      svc.ports.forEach((p, i) => {
        if (p.mode !== 'ingress') return;
        const published = p.published ?? '(random)';
        out.push(
          report(portIngressPublished.meta, ctx, ['services', svc.name, 'ports', i], `service "${svc.name}" publishes ${published}->${p.target}/${p.protocol} on every node (ingress routing mesh)${p.hostIp ? `; host IP ${p.hostIp} is ignored by Swarm` : ''}`, {
            evidence: { service: svc.name, published: String(published), target: p.target, protocol: p.protocol, mode: p.mode },
          }),
        );
      });
    }
    return out;
  },
);

export const portHostMode = defineRule(
  {
    id: 'port-host-mode',
    title: 'Port published in host mode',
    severity: 'INFO',
    description:
      'A port in `mode: host` bypasses the routing mesh and binds on all interfaces of each node that runs a task; only one ' +
      'task per node can hold it, and which nodes expose it follows the scheduler unless placement pins it.',
    remediation: 'Pin the service to chosen nodes (placement constraints, `max_replicas_per_node: 1` or `mode: global`) and firewall the port to the clients that need it.',
    references: [cis('5.8', 'Ensure that only needed ports are open on the container'), nist('4.4.2', 'Unbounded network access from containers')],
  },
  (ctx) => {
    const out: Finding[] = [];
    for (const svc of services(ctx)) {
      svc.ports.forEach((p, i) => {
        if (p.mode !== 'host') return;
        out.push(
          report(portHostMode.meta, ctx, ['services', svc.name, 'ports', i], `service "${svc.name}" publishes ${p.published ?? '(random)'}->${p.target}/${p.protocol} on the host interfaces of each node that runs a task`, {
            evidence: { service: svc.name, published: String(p.published ?? ''), target: p.target, protocol: p.protocol, mode: p.mode },
          }),
        );
      });
    }
    return out;
  },
);
