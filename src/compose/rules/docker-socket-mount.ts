// Bind mounts of the Docker (or containerd) socket: whoever is in the container controls the node.
import { cis, nist } from '../../core/finding.js';
import { engineSocketAt } from '../../security/engine-socket.js';
import { engineSocketSaid } from '../../security-words/messages.js';
import { composeMessages as M } from '../messages.js';
import { defineServiceRule, type ServiceOccurrence } from './rule.js';

export const dockerSocketMount = defineServiceRule(
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
  function* (svc): Generator<ServiceOccurrence> {
    for (const [i, v] of svc.volumes.entries()) {
      const exposed = v.type === 'bind' && v.source !== undefined ? engineSocketAt(v.source) : undefined;
      if (exposed === undefined || v.source === undefined) continue;
      yield {
        at: ['volumes', i],
        message: M.say('compose.rule.dockerSocketMount', { service: svc.name, source: v.source, target: v.target, exposes: engineSocketSaid(exposed) }),
        evidence: { source: v.source, target: v.target, readOnly: v.readOnly, exposes: exposed.words },
      };
    }
  },
);
