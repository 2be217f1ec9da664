// What a host tip check evaluates: the facts read from this host once, and the user's options. The facts' shapes
// live here, below the checks that read them (a check file imports this one, never the other way round).
import type { DaemonApiConfig } from './daemon-config.js';
import type { TcpApiProbe } from './tcp-api-probe.js';

export interface DockerGroupFacts {
  /** false when /etc/group has no docker group. */
  exists: boolean;
  gid?: number;
  /** Members listed in /etc/group plus accounts whose primary group is docker. */
  members: { name: string; uid?: number; via: 'group' | 'primary' }[];
  uidMin: number;
  uidMax: number;
  /** Set when a file could not be read. */
  unreadable?: string;
}

export interface DaemonApiFacts {
  pid: number;
  config: DaemonApiConfig;
  listeners: { address: string; port: number }[];
  /** Probe results per listening port, on loopback. */
  probes: { port: number; bind: string; result: TcpApiProbe }[];
}

export interface HostTipFacts {
  hostname: string;
  daemons: DaemonApiFacts[];
  dockerGroup: DockerGroupFacts;
}

export interface HostTipOptions {
  trustedUsers?: string[];
}

/** The category of every host tip finding. */
export const HOST_CATEGORY = 'host';

export interface HostTipInput {
  facts: HostTipFacts;
  options: HostTipOptions;
}
