// The live Swarm audit: manager quorum, autolock, certificates, encryption (CIS section 7, through the
// benchmark's checks) plus what the service specs and the node list show. Pure functions of a snapshot.
import { cis, type Finding, type RuleMeta } from '../core/finding.js';
import { nistRef } from '../core/nist-800-190.js';
import { Registry } from '../core/registry.js';
import type { EngineSnapshot } from '../engine/snapshot.js';
import { secretEnv } from '../imagelint/rules.js';

import { arr, obj, str } from '../bench/check.js';

type Obj = Record<string, unknown>;

export interface SwarmAuditCheck {
  id: string;
  meta: RuleMeta;
  check(swarm: NonNullable<EngineSnapshot['swarm']>): { message: string; target: Finding['target']; items?: string[] }[];
}

const spec = (s: Obj) => obj(obj(obj(s.Spec).TaskTemplate).ContainerSpec);
const limits = (s: Obj) => obj(obj(obj(obj(s.Spec).TaskTemplate).Resources).Limits);
const svcTarget = (s: Obj): Finding['target'] => {
  const name = str(obj(s.Spec).Name);
  const stack = str(obj(obj(s.Spec).Labels)['com.docker.stack.namespace']);
  return { kind: 'service', name, id: str(s.ID), ...(stack ? { stack } : {}) };
};
const meta = (id: string, title: string, severity: RuleMeta['severity'], remediation: string, references: RuleMeta['references']): RuleMeta => ({ id, title, severity, description: title, remediation, references });

export const swarmAuditChecks = new Registry<SwarmAuditCheck>('swarm audit check').register(
  {
    id: 'service-secret-in-env',
    meta: meta('service-secret-in-env', 'Service passes a secret in plaintext environment', 'HIGH', 'Use Docker secrets (compose `secrets:`), mounted under /run/secrets.', [cis('7.4'), nistRef('4.1.4')]),
    check: (sw) =>
      sw.services.flatMap((s) => secretEnv(arr(spec(s).Env).map(String)).map((e) => ({ message: `${str(obj(s.Spec).Name)}: ${e.name} looks like a secret (${e.kind}); the value is not shown`, target: svcTarget(s) }))),
  },
  {
    id: 'service-docker-socket',
    meta: meta('service-docker-socket', 'Service mounts the Docker socket', 'CRITICAL', 'Do not mount /var/run/docker.sock; whoever controls the container controls the node.', [cis('5.32'), nistRef('4.4.3')]),
    check: (sw) => sw.services.filter((s) => arr(spec(s).Mounts).map(obj).some((m) => /docker\.sock$/.test(str(m.Source)))).map((s) => ({ message: `${str(obj(s.Spec).Name)} mounts the Docker socket`, target: svcTarget(s) })),
  },
  {
    id: 'service-no-limits',
    meta: meta('service-no-limits', 'Service without memory or PIDs limit', 'MEDIUM', 'Set deploy.resources.limits.memory and pids.', [cis('5.11'), cis('5.29'), nistRef('4.4.3')]),
    check: (sw) =>
      sw.services.flatMap((s) => {
        const missing = [Number(limits(s).MemoryBytes ?? 0) > 0 ? '' : 'memory', Number(limits(s).Pids ?? 0) > 0 ? '' : 'pids'].filter(Boolean);
        return missing.length > 0 ? [{ message: `${str(obj(s.Spec).Name)} has no ${missing.join(' or ')} limit`, target: svcTarget(s) }] : [];
      }),
  },
  {
    id: 'service-runs-as-root',
    meta: meta('service-runs-as-root', 'Service runs as root', 'LOW', 'Set `user:` in the stack file or USER in the image.', [cis('4.1'), nistRef('4.4.3')]),
    check: (sw) =>
      sw.services
        .filter((s) => ['', 'root', '0'].includes(str(spec(s).User)) || /^(root|0):/.test(str(spec(s).User)))
        .map((s) => ({ message: `${str(obj(s.Spec).Name)} runs as ${str(spec(s).User) || 'the image default user (root for most images)'}`, target: svcTarget(s) })),
  },
  {
    id: 'service-ingress-port',
    meta: meta('service-ingress-port', 'Port published through the routing mesh', 'LOW', 'Publish in host mode on chosen nodes, or behind a proxy; the routing mesh answers on every node.', [cis('7.2'), nistRef('4.4.2')]),
    check: (sw) =>
      sw.services.flatMap((s) => {
        const ports = arr(obj(obj(s.Spec).EndpointSpec).Ports).map(obj).filter((p) => str(p.PublishMode || 'ingress') === 'ingress');
        return ports.length > 0 ? [{ message: `${str(obj(s.Spec).Name)} publishes ${ports.map((p) => `${String(p.PublishedPort)}/${str(p.Protocol) || 'tcp'}`).join(', ')} on every node`, target: svcTarget(s) }] : [];
      }),
  },
  {
    id: 'node-not-ready',
    meta: meta('node-not-ready', 'Node down or not ready', 'HIGH', 'Bring the node back or remove it (`docker node rm`); check its engine and network.', [nistRef('4.3.5')]),
    check: (sw) =>
      sw.nodes
        .filter((n) => str(obj(n.Status).State) !== 'ready')
        .map((n) => ({ message: `node ${str(obj(n.Description).Hostname)} is ${str(obj(n.Status).State)}`, target: { kind: 'node' as const, hostname: str(obj(n.Description).Hostname), id: str(n.ID) } })),
  },
  {
    id: 'node-drained',
    meta: meta('node-drained', 'Node drained or paused', 'INFO', 'Set the node active again when its maintenance is over (`docker node update --availability active`).', [nistRef('4.3.5')]),
    check: (sw) =>
      sw.nodes
        .filter((n) => str(obj(n.Spec).Availability) !== 'active')
        .map((n) => ({ message: `node ${str(obj(n.Description).Hostname)} is ${str(obj(n.Spec).Availability)}`, target: { kind: 'node' as const, hostname: str(obj(n.Description).Hostname), id: str(n.ID) } })),
  },
  {
    id: 'engine-version-drift',
    meta: meta('engine-version-drift', 'Nodes run different engine versions', 'MEDIUM', 'Upgrade every node to the same (current) engine version.', [nistRef('4.4.1')]),
    check: (sw) => {
      const versions = new Map<string, string[]>();
      for (const n of sw.nodes) {
        const v = str(obj(obj(n.Description).Engine).EngineVersion);
        versions.set(v, [...(versions.get(v) ?? []), str(obj(n.Description).Hostname)]);
      }
      return versions.size > 1 ? [{ message: `engine versions differ: ${[...versions].map(([v, h]) => `${v} on ${h.join(', ')}`).join('; ')}`, target: { kind: 'swarm' as const }, items: [...versions.keys()] }] : [];
    },
  },
);

export function auditSwarmServices(snapshot: EngineSnapshot): Finding[] {
  if (!snapshot.swarm) return [];
  const sw = snapshot.swarm;
  return swarmAuditChecks.all().flatMap((c) =>
    c.check(sw).map((o) => ({
      id: c.id,
      title: c.meta.title,
      severity: c.meta.severity,
      category: 'swarm',
      target: o.target,
      message: o.message,
      remediation: c.meta.remediation,
      references: c.meta.references,
      ...(o.items ? { items: o.items } : {}),
    })),
  );
}
