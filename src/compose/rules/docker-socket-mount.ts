// Bind mounts of the Docker (or containerd) socket: whoever is in the container controls the node.
import { cis, nist } from '../../core/finding.js';
import type { Occurrence } from '../../core/check.js';
import { engineSocketExposedBy } from '../../security/engine-socket.js';
import { defineRule, report, services } from './rule.js';

export const dockerSocketMount = defineRule(
  {
    id: 'docker-socket-mount',
    title: 'Docker socket mounted into a service',
    severity: 'CRITICAL',
    description:
      'A bind mount of /var/run/docker.sock (or of the directory holding it, or the containerd socket) gives the container ' +
      'full control of the engine on whichever node the task lands on: it can start a privileged container and own the host. ' +
      'Read-only (`:ro`) does not help: the socket still accepts API calls.',
    remediation:
      'Remove the mount. If the service really needs the API (a proxy, an agent), put a filtering socket proxy in front, pin ' +
      'the service to dedicated nodes with placement constraints, and document why.',
    references: [cis('5.32'), nist('4.4.3', 'Insecure container runtime configurations')],
  },
  (ctx) => {
    const out: Occurrence[] = [];
    for (const svc of services(ctx)) {
      svc.volumes.forEach((v, i) => {
        const exposed = v.type === 'bind' && v.source !== undefined ? engineSocketExposedBy(v.source) : undefined;
        if (exposed === undefined || v.source === undefined) return;
        out.push(
          report(ctx, ['services', svc.name, 'volumes', i], `service "${svc.name}" mounts ${v.source} at ${v.target}, which exposes ${exposed}`, {
            evidence: { service: svc.name, source: v.source, target: v.target, readOnly: v.readOnly, exposes: exposed },
          }),
        );
      });
    }
    return out;
  },
);
