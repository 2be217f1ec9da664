// What a host tip check evaluates: the facts read from this host once, and the user's options.
import type { DockerGroupFacts } from './docker-group.js';
import type { DaemonApiFacts } from './tcp-api-check.js';

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
