// Host and daemon hardening tips as checks: collect the facts once, evaluate each registered check.
import os from 'node:os';
import type { Finding, RuleMeta } from '../core/finding.js';
import { Registry } from '../core/registry.js';
import { checkDockerGroup, collectDockerGroupFacts, dockerGroupMeta, type DockerGroupFacts } from './docker-group.js';
import { checkTcpApi, collectDaemonApiFacts, tcpApiMeta, type DaemonApiFacts } from './tcp-api-check.js';

export interface HostTipFacts {
  hostname: string;
  daemons: DaemonApiFacts[];
  dockerGroup: DockerGroupFacts;
}

export interface HostTipOptions {
  trustedUsers?: string[];
}

export interface HostTipCheck {
  id: string;
  meta: RuleMeta;
  check(facts: HostTipFacts, options: HostTipOptions): Finding[];
}

export const hostTipChecks = new Registry<HostTipCheck>('host check').register(
  { id: tcpApiMeta.id, meta: tcpApiMeta, check: (f) => checkTcpApi(f.daemons, f.hostname) },
  { id: dockerGroupMeta.id, meta: dockerGroupMeta, check: (f, o) => checkDockerGroup(f.dockerGroup, f.hostname, o.trustedUsers) },
);

export async function collectHostTipFacts(): Promise<HostTipFacts> {
  const [daemons, dockerGroup] = await Promise.all([collectDaemonApiFacts(), collectDockerGroupFacts()]);
  return { hostname: os.hostname(), daemons, dockerGroup };
}

export function runHostTipChecks(facts: HostTipFacts, options: HostTipOptions = {}): Finding[] {
  return hostTipChecks.all().flatMap((c) => c.check(facts, options));
}
