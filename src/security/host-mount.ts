// The risk of bind-mounting a host path into a container or service: one answer for compose lint
// (sensitive-host-path), CIS 5.6 and the swarm audit.
//
// A read-only mount of the time zone files (/etc/localtime, /etc/timezone) is no risk: the container learns the
// node's time zone, which its clock shows anyway. So compose lint passes it and CIS 5.6 does not WARN on it. Any other
// path under a sensitive directory is a risk, read-write (HIGH in compose lint) or read-only (MEDIUM: it still reveals
// the node's configuration and credentials). docker-bench-security's 5.6 looks only for read-write mounts of exactly
// /, /boot, /dev, /etc, /lib, /proc, /sys and /usr; swarmguard's 5.6 also counts read-only mounts and paths under
// those directories, as the benchmark's text asks ("especially in read-write mode", not only).
import { engineSocketExposedBy } from './engine-socket.js';
import { isSensitiveHostMount, sensitiveHostRoot } from './host-path.js';

export interface HostMountRisk {
  /** The sensitive directory the source is or lies under. */
  root: string;
  readOnly: boolean;
}

/**
 * What a bind mount of `source` exposes, or undefined when it exposes nothing this question covers. A mount of the
 * engine's socket is the engine-socket question (engine-socket.ts), reported apart and more severely.
 */
export function hostMountRisk(source: string, readOnly: boolean): HostMountRisk | undefined {
  if (engineSocketExposedBy(source) !== undefined) return undefined;
  const root = sensitiveHostRoot(source);
  if (root === undefined || !isSensitiveHostMount(source, readOnly)) return undefined;
  return { root, readOnly };
}
