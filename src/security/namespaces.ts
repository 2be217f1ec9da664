// Does a container share one of the host's namespaces? One answer for compose lint, CIS 5.10/5.16/5.17/5.21/5.31
// and the swarm audit.

export type HostNamespace = 'network' | 'pid' | 'ipc' | 'uts' | 'user';

/** A namespace mode (`network_mode`, `pid`, `ipc`, `--uts`, `--userns`, HostConfig.*Mode) that joins the host's. */
export function sharesHostNamespace(mode: string | undefined | null): boolean {
  return (mode ?? '').trim().toLowerCase() === 'host';
}

/** The host namespaces a set of modes shares, in a fixed order. */
export function sharedHostNamespaces(modes: Partial<Record<HostNamespace, string | undefined | null>>): HostNamespace[] {
  return (['network', 'pid', 'ipc', 'uts', 'user'] as const).filter((ns) => sharesHostNamespace(modes[ns]));
}
