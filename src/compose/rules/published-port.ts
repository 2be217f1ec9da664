// Published ports: ingress mode opens the port on every node; host mode opens it on the node's interfaces.
import { cis, nist } from '../../core/finding.js';
import type { Message } from '../../core/message.js';
import { composeMessages as M } from '../messages.js';
import type { ServiceModel, ServicePort } from '../model.js';
import { defineServiceRule, type ServiceOccurrence } from './rule.js';

/** Ports grouped by the `ports:` item they were written in (a "8000-8010:80-90" range is one item). */
function portItems(svc: ServiceModel, mode: ServicePort['mode']): { item: number; ports: ServicePort[] }[] {
  const groups = new Map<number, ServicePort[]>();
  svc.ports.forEach((p, i) => {
    if (p.mode !== mode) return;
    const key = p.item ?? i;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  });
  return [...groups.entries()].map(([item, ports]) => ({ item, ports }));
}

function describePorts(ports: ServicePort[]): { published: string; target: string; protocol: string } {
  const first = ports[0] as ServicePort;
  const last = ports[ports.length - 1] as ServicePort;
  const range = (a: number | string | undefined, b: number | string | undefined) => (a === undefined ? '(random)' : a === b ? String(a) : `${a}-${b}`);
  return { published: range(first.published, last.published), target: range(first.target, last.target), protocol: first.protocol };
}

/** One occurrence for each `ports:` item of the service published in `mode`; `say` words it. */
function* publishedIn(
  svc: ServiceModel,
  mode: ServicePort['mode'],
  say: (d: ReturnType<typeof describePorts>, ports: ServicePort[]) => Message,
): Generator<ServiceOccurrence> {
  for (const { item, ports } of portItems(svc, mode)) {
    const d = describePorts(ports);
    yield { at: ['ports', item], message: say(d, ports), evidence: { published: d.published, target: d.target, protocol: d.protocol, mode } };
  }
}

export const portIngressPublished = defineServiceRule(
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
    references: [cis('7.2'), cis('5.9'), nist('4.4.2', 'Unbounded network access from containers')],
  },
  (svc) =>
    publishedIn(svc, 'ingress', (d, ports) => {
      const hostIp = ports[0]?.hostIp;
      return hostIp
        ? M.say('compose.rule.portIngressPublished.hostIp', { service: svc.name, ...d, hostIp })
        : M.say('compose.rule.portIngressPublished', { service: svc.name, ...d });
    }),
);

export const portHostMode = defineServiceRule(
  {
    id: 'port-host-mode',
    title: 'Port published in host mode',
    severity: 'INFO',
    description:
      'A port in `mode: host` bypasses the routing mesh and binds on all interfaces of each node that runs a task; only one ' +
      'task per node can hold it, and which nodes expose it follows the scheduler unless placement pins it.',
    remediation:
      'Pin the service to chosen nodes (placement constraints, `max_replicas_per_node: 1` or `mode: global`) and firewall the port to the clients that need it.',
    references: [cis('5.9'), nist('4.4.2', 'Unbounded network access from containers')],
  },
  (svc) => publishedIn(svc, 'host', (d) => M.say('compose.rule.portHostMode', { service: svc.name, ...d })),
);
