// Bind mounts of the Docker (or containerd) socket: whoever is in the container controls the node.
import path from 'node:path';
import { cis, nist } from '../../core/finding.js';
import type { Finding } from '../../core/finding.js';
import { defineRule, report, services } from './rule.js';

const SOCKETS = ['/var/run/docker.sock', '/run/docker.sock', '/run/containerd/containerd.sock', '/var/run/containerd/containerd.sock'];
/** Directories that contain the socket, so mounting them exposes it too. */
const SOCKET_DIRS = ['/var/run', '/run', '/run/containerd', '/var/run/containerd'];

export function normalizeHostPath(p: string): string {
  return path.posix.normalize(p).replace(/\/+$/, '') || '/';
}

export function isDockerSocketPath(source: string): boolean {
  const p = normalizeHostPath(source);
  return SOCKETS.includes(p) || SOCKET_DIRS.includes(p) || p.endsWith('/docker.sock');
}

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
    references: [cis('5.31', 'Ensure that the Docker socket is not mounted inside any containers'), nist('4.4.3', 'Insecure container runtime configurations')],
  },
  (ctx) => {
    const out: Finding[] = [];
    for (const svc of services(ctx)) {
      svc.volumes.forEach((v, i) => {
        if (v.type !== 'bind' || v.source === undefined || !isDockerSocketPath(v.source)) return;
        out.push(
          report(dockerSocketMount.meta, ctx, ['services', svc.name, 'volumes', i], `service "${svc.name}" mounts the engine socket ${v.source} at ${v.target}`, {
            evidence: { service: svc.name, source: v.source, target: v.target, readOnly: v.readOnly },
          }),
        );
      });
    }
    return out;
  },
);
