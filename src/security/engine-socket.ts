// Does a host path expose the container engine's API socket? A mount of the socket, or of a directory that
// holds it, hands the container the engine: one answer for compose lint, CIS 5.32 and the swarm audit.
import { normalizeHostPath } from './host-path.js';

/** Which socket a mount exposes: the stock ones by name, any other by the file's name ("a Docker socket"). */
export type EngineSocketKind = 'docker' | 'containerd' | 'dockerd-containerd' | 'a-docker' | 'a-containerd';

export interface EngineSocketExposure {
  kind: EngineSocketKind;
  /** The socket inside a mounted directory, where the directory names one (`/run` holds /run/docker.sock). */
  at?: string;
  /** In English ("the Docker socket (/run/docker.sock)"): what the evidence of a finding keeps. */
  words: string;
}

const WORDS: Readonly<Record<EngineSocketKind, string>> = {
  docker: 'the Docker socket',
  containerd: 'the containerd socket',
  'dockerd-containerd': "dockerd's containerd socket",
  'a-docker': 'a Docker socket',
  'a-containerd': 'a containerd socket',
};

/** The engine sockets of a stock install, and which each is. */
const ENGINE_SOCKETS: Readonly<Record<string, EngineSocketKind>> = {
  '/var/run/docker.sock': 'docker',
  '/run/docker.sock': 'docker',
  '/run/containerd/containerd.sock': 'containerd',
  '/var/run/containerd/containerd.sock': 'containerd',
  '/run/docker/containerd/containerd.sock': 'dockerd-containerd',
  '/var/run/docker/containerd/containerd.sock': 'dockerd-containerd',
};

/** Directories that hold one of those sockets: mounting them exposes it too. */
const SOCKET_DIRS: Readonly<Record<string, { kind: EngineSocketKind; at?: string }>> = {
  '/run': { kind: 'docker', at: '/run/docker.sock' },
  '/var/run': { kind: 'docker', at: '/var/run/docker.sock' },
  '/run/containerd': { kind: 'containerd' },
  '/var/run/containerd': { kind: 'containerd' },
  '/run/docker': { kind: 'dockerd-containerd' },
  '/var/run/docker': { kind: 'dockerd-containerd' },
  '/run/docker/containerd': { kind: 'dockerd-containerd' },
  '/var/run/docker/containerd': { kind: 'dockerd-containerd' },
};

const exposure = (kind: EngineSocketKind, at?: string): EngineSocketExposure => ({
  kind,
  ...(at !== undefined ? { at } : {}),
  words: at !== undefined ? `${WORDS[kind]} (${at})` : WORDS[kind],
});

/** Which engine socket mounting `source` exposes, or undefined when it exposes none. */
export function engineSocketAt(source: string): EngineSocketExposure | undefined {
  const p = normalizeHostPath(source);
  if (p === '') return undefined;
  const socket = ENGINE_SOCKETS[p];
  if (socket !== undefined) return exposure(socket);
  const dir = SOCKET_DIRS[p];
  if (dir !== undefined) return exposure(dir.kind, dir.at);
  if (p.endsWith('/docker.sock')) return exposure('a-docker');
  if (p.endsWith('/containerd.sock')) return exposure('a-containerd');
  return undefined;
}

/** What engine socket mounting `source` exposes, in English ("the Docker socket"), or undefined when none. */
export const engineSocketExposedBy = (source: string): string | undefined => engineSocketAt(source)?.words;

export const exposesEngineSocket = (source: string): boolean => engineSocketAt(source) !== undefined;
