// The live Swarm audit: manager quorum, autolock, certificates, encryption (CIS section 7, through the
// benchmark's checks) plus what the service specs and the node list show. Pure functions of a snapshot.
import { defineCheck, runChecks, type Check, type Occurrence } from '../core/check.js';
import { cis, type Finding, type RuleMeta } from '../core/finding.js';
import { joinMessages, type Message } from '../core/message.js';
import { nistRef } from '../core/nist-800-190.js';
import { Registry } from '../core/registry.js';
import type { EngineServiceModel } from '../engine/models.js';
import type { EngineSnapshot } from '../engine/snapshot.js';
import { engineSocketAt } from '../security/engine-socket.js';
import { describeSecretReason, secretKindOf, secretsInEnv } from '../security/secrets.js';
import { classifyUser } from '../security/user.js';
import { auditMessages as M } from './messages.js';
import { engineSocketSaid, secretReasonSaid } from '../security-words/messages.js';

export type SwarmFacts = NonNullable<EngineSnapshot['swarm']>;

export type SwarmAuditCheck = Check<SwarmFacts>;

const spec = (s: EngineServiceModel) => s.Spec.TaskTemplate.ContainerSpec;
const limits = (s: EngineServiceModel) => s.Spec.TaskTemplate.Resources.Limits;
const svcTarget = (s: EngineServiceModel): Finding['target'] => {
  const stack = s.Spec.Labels['com.docker.stack.namespace'];
  return { kind: 'service', name: s.Spec.Name, id: s.ID, ...(stack ? { stack } : {}) };
};
const meta = (id: string, title: string, severity: RuleMeta['severity'], remediation: string, references: RuleMeta['references']): RuleMeta => ({
  id,
  title,
  severity,
  description: title,
  remediation,
  references,
});

/** What a check found in one service; the finding's target is the service. */
type ServiceOccurrence = Omit<Occurrence, 'target'>;

/** A check that looks at each service alone: `check` gives what it found in one (nothing, one or several). */
const serviceCheck = (m: RuleMeta, check: (s: EngineServiceModel) => ServiceOccurrence | ServiceOccurrence[] | undefined): SwarmAuditCheck =>
  defineCheck<SwarmFacts>(m, (sw) => sw.services.flatMap((s) => [check(s) ?? []].flat().map((o) => ({ ...o, target: svcTarget(s) }))));

type SwarmNode = SwarmFacts['nodes'][number];

type NodeSaidId = Exclude<Extract<keyof typeof M.en, `audit.rule.node.${string}`>, 'audit.rule.node.is'>;

/** The node states and availabilities said in words of their own; any other value is said as it is. */
const NODE_SAID: Readonly<Record<'state' | 'availability', Readonly<Record<string, NodeSaidId>>>> = {
  state: { down: 'audit.rule.node.down', unknown: 'audit.rule.node.unknown', disconnected: 'audit.rule.node.disconnected' },
  availability: { drain: 'audit.rule.node.drain', pause: 'audit.rule.node.pause' },
};

/** "node NAME is VALUE", by the id of the value where it has one. */
function nodeIs(key: keyof typeof NODE_SAID, node: string, value: string): Message {
  const ids = NODE_SAID[key];
  const id = Object.hasOwn(ids, value) ? ids[value] : undefined;
  return id !== undefined ? M.say(id, { node }) : M.say('audit.rule.node.is', { node, value });
}

/** A finding for every node whose `key` (its state, its availability) is not the healthy value. */
const nodesNot = (sw: SwarmFacts, key: keyof typeof NODE_SAID, value: (n: SwarmNode) => string, healthy: string) =>
  sw.nodes
    .filter((n) => value(n) !== healthy)
    .map((n) => ({
      message: nodeIs(key, n.Description.Hostname, value(n)),
      target: { kind: 'node' as const, hostname: n.Description.Hostname, id: n.ID },
      evidence: { [key]: value(n) },
    }));

export const swarmAuditChecks = new Registry<SwarmAuditCheck>('swarm audit check').register(
  serviceCheck(
    meta(
      'service-secret-in-env',
      'Service passes a secret in plaintext environment',
      'HIGH',
      'Use Docker secrets (compose `secrets:`), mounted under /run/secrets.',
      [cis('7.4'), nistRef('4.1.4')],
    ),
    (s) =>
      secretsInEnv(spec(s).Env).map((e) => ({
        message: M.say('audit.rule.secretInEnv', { service: s.Spec.Name, variable: e.name, kind: secretReasonSaid(e.reason) }),
        evidence: { variable: e.name, kind: describeSecretReason(e.reason), kindId: secretKindOf(e.reason) },
      })),
  ),
  serviceCheck(
    meta(
      'service-docker-socket',
      'Service mounts the Docker socket',
      'CRITICAL',
      'Do not mount /var/run/docker.sock; whoever controls the container controls the node.',
      [cis('5.32'), nistRef('4.4.3')],
    ),
    (s) =>
      spec(s)
        .Mounts.filter((m) => m.Type === 'bind')
        .flatMap((m) => {
          const exposed = engineSocketAt(m.Source);
          return exposed === undefined
            ? []
            : [
                {
                  message: M.say('audit.rule.dockerSocket', { service: s.Spec.Name, source: m.Source, what: engineSocketSaid(exposed) }),
                  evidence: { source: m.Source, exposes: exposed.words },
                },
              ];
        }),
  ),
  serviceCheck(
    meta('service-no-limits', 'Service without memory or PIDs limit', 'MEDIUM', 'Set deploy.resources.limits.memory and pids.', [
      cis('5.11'),
      cis('5.29'),
      nistRef('4.4.3'),
    ]),
    (s) => {
      const noMemory = !(limits(s).MemoryBytes > 0);
      const noPids = !(limits(s).Pids > 0);
      if (!noMemory && !noPids) return undefined;
      const missing = [noMemory ? 'memory' : '', noPids ? 'pids' : ''].filter(Boolean);
      const what = M.say(noMemory ? (noPids ? 'audit.rule.limit.memoryOrPids' : 'audit.rule.limit.memory') : 'audit.rule.limit.pids');
      return { message: M.say('audit.rule.noLimits', { service: s.Spec.Name, limits: what }), evidence: { missing } };
    },
  ),
  serviceCheck(
    meta('service-runs-as-root', 'Service runs as root', 'LOW', 'Set `user:` in the stack file or USER in the image.', [cis('4.1'), nistRef('4.4.3')]),
    (s) =>
      classifyUser(spec(s).User) === 'non-root'
        ? undefined
        : {
            message: spec(s).User
              ? M.say('audit.rule.runsAs', { service: s.Spec.Name, user: spec(s).User })
              : M.say('audit.rule.runsAsImageDefault', { service: s.Spec.Name }),
            evidence: { user: spec(s).User || null },
          },
  ),
  serviceCheck(
    meta(
      'service-ingress-port',
      'Port published through the routing mesh',
      'LOW',
      'Publish in host mode on chosen nodes, or behind a proxy; the routing mesh answers on every node.',
      [cis('7.2'), nistRef('4.4.2')],
    ),
    (s) => {
      const ports = s.Spec.EndpointSpec.Ports.filter((p) => (p.PublishMode || 'ingress') === 'ingress').map(
        (p) => `${String(p.PublishedPort)}/${p.Protocol || 'tcp'}`,
      );
      return ports.length > 0
        ? { message: M.say('audit.rule.ingressPorts', { service: s.Spec.Name, ports: ports.join(', ') }), evidence: { ports } }
        : undefined;
    },
  ),
  defineCheck<SwarmFacts>(
    meta('node-not-ready', 'Node down or not ready', 'HIGH', 'Bring the node back or remove it (`docker node rm`); check its engine and network.', [
      nistRef('4.3.5'),
    ]),
    (sw) => nodesNot(sw, 'state', (n) => n.Status.State, 'ready'),
  ),
  defineCheck<SwarmFacts>(
    meta(
      'node-drained',
      'Node drained or paused',
      'INFO',
      'Set the node active again when its maintenance is over (`docker node update --availability active`).',
      [nistRef('4.3.5')],
    ),
    (sw) => nodesNot(sw, 'availability', (n) => n.Spec.Availability, 'active'),
  ),
  defineCheck<SwarmFacts>(
    meta('engine-version-drift', 'Nodes run different engine versions', 'MEDIUM', 'Upgrade every node to the same (current) engine version.', [
      nistRef('4.4.1'),
    ]),
    (sw) => {
      const versions = new Map<string, string[]>();
      for (const n of sw.nodes) {
        const v = n.Description.Engine.EngineVersion;
        versions.set(v, [...(versions.get(v) ?? []), n.Description.Hostname]);
      }
      return versions.size > 1
        ? [
            {
              message: M.say('audit.rule.engineVersions', {
                versions: joinMessages(
                  [...versions].map(([v, h]) => M.say('audit.rule.engineVersionOn', { version: v, nodes: h.join(', ') })),
                  '; ',
                ),
              }),
              target: { kind: 'swarm' as const },
              items: [...versions.keys()],
              evidence: { versions: [...versions].map(([v, h]) => `${v}: ${h.join(', ')}`) },
            },
          ]
        : [];
    },
  ),
);

export function auditSwarmServices(snapshot: EngineSnapshot): Finding[] {
  return snapshot.swarm ? runChecks(swarmAuditChecks.all(), snapshot.swarm, { category: 'swarm' }) : [];
}
