// Host and daemon hardening tips as checks: collect the facts once, evaluate each registered check.
import os from 'node:os';
import { runChecks, type Check } from '../core/check.js';
import type { Finding } from '../core/finding.js';
import { Registry } from '../core/registry.js';
import { collectDockerGroupFacts, dockerGroupCheck } from './docker-group.js';
import { collectDaemonApiFacts, tcpApiCheck } from './tcp-api-check.js';
import { HOST_CATEGORY, type HostTipFacts, type HostTipInput, type HostTipOptions } from './check.js';

export type { HostTipFacts, HostTipInput, HostTipOptions } from './check.js';

export const hostTipChecks = new Registry<Check<HostTipInput>>('host check').register(tcpApiCheck, dockerGroupCheck);

export async function collectHostTipFacts(): Promise<HostTipFacts> {
  const [daemons, dockerGroup] = await Promise.all([collectDaemonApiFacts(), collectDockerGroupFacts()]);
  return { hostname: os.hostname(), daemons, dockerGroup };
}

export function runHostTipChecks(facts: HostTipFacts, options: HostTipOptions = {}): Finding[] {
  return runChecks(hostTipChecks.all(), { facts, options }, { category: HOST_CATEGORY });
}
