// Bind mounts of the Docker (or containerd) socket: whoever is in the container controls the node.
import { cis, nist } from '../../core/finding.js';
import { rawMessage, type Message } from '../../core/message.js';
import { engineSocketExposedBy } from '../../security/engine-socket.js';
import { composeMessages as M } from '../messages.js';
import { defineServiceRule, type ServiceOccurrence } from './rule.js';

/**
 * What src/security/engine-socket.ts says a mount exposes, by message id: that module answers in English words only
 * (as the benchmark's 5.32 reads them, src/bench/checks/runtime.ts). Words it may add later are said as they are.
 */
const SOCKETS: Readonly<Record<string, Message>> = {
  'the Docker socket': M.say('compose.rule.socket.docker'),
  'the Docker socket (/run/docker.sock)': M.say('compose.rule.socket.dockerAt', { path: '/run/docker.sock' }),
  'the Docker socket (/var/run/docker.sock)': M.say('compose.rule.socket.dockerAt', { path: '/var/run/docker.sock' }),
  'a Docker socket': M.say('compose.rule.socket.aDocker'),
  'the containerd socket': M.say('compose.rule.socket.containerd'),
  'a containerd socket': M.say('compose.rule.socket.aContainerd'),
  "dockerd's containerd socket": M.say('compose.rule.socket.dockerdContainerd'),
};
const socketSaid = (exposed: string): Message => (Object.hasOwn(SOCKETS, exposed) ? (SOCKETS[exposed] as Message) : rawMessage(exposed));

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
      const exposed = v.type === 'bind' && v.source !== undefined ? engineSocketExposedBy(v.source) : undefined;
      if (exposed === undefined || v.source === undefined) continue;
      yield {
        at: ['volumes', i],
        message: M.say('compose.rule.dockerSocketMount', { service: svc.name, source: v.source, target: v.target, exposes: socketSaid(exposed) }),
        evidence: { source: v.source, target: v.target, readOnly: v.readOnly, exposes: exposed },
      };
    }
  },
);
