// Does a host path expose the container engine's API socket? A mount of the socket, or of a directory that
// holds it, hands the container the engine: one answer for compose lint, CIS 5.32 and the swarm audit.
import { normalizeHostPath } from './host-path.js';

/** The engine sockets of a stock install, and what each is. */
export const ENGINE_SOCKETS: Record<string, string> = {
  '/var/run/docker.sock': 'the Docker socket',
  '/run/docker.sock': 'the Docker socket',
  '/run/containerd/containerd.sock': 'the containerd socket',
  '/var/run/containerd/containerd.sock': 'the containerd socket',
  '/run/docker/containerd/containerd.sock': "dockerd's containerd socket",
  '/var/run/docker/containerd/containerd.sock': "dockerd's containerd socket",
};

/** Directories that hold one of those sockets: mounting them exposes it too. */
const SOCKET_DIRS: Record<string, string> = {
  '/run': 'the Docker socket (/run/docker.sock)',
  '/var/run': 'the Docker socket (/var/run/docker.sock)',
  '/run/containerd': 'the containerd socket',
  '/var/run/containerd': 'the containerd socket',
  '/run/docker': "dockerd's containerd socket",
  '/var/run/docker': "dockerd's containerd socket",
  '/run/docker/containerd': "dockerd's containerd socket",
  '/var/run/docker/containerd': "dockerd's containerd socket",
};

/** What engine socket mounting `source` exposes ("the Docker socket"), or undefined when it exposes none. */
export function engineSocketExposedBy(source: string): string | undefined {
  const p = normalizeHostPath(source);
  if (p === '') return undefined;
  const known = ENGINE_SOCKETS[p] ?? SOCKET_DIRS[p];
  if (known !== undefined) return known;
  if (p.endsWith('/docker.sock')) return 'a Docker socket';
  if (p.endsWith('/containerd.sock')) return 'a containerd socket';
  return undefined;
}

export const exposesEngineSocket = (source: string): boolean => engineSocketExposedBy(source) !== undefined;
