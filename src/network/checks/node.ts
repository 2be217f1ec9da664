// The registry of node network checks run by `swarmguard network diagnose` (and `network check --node-checks`).
import { runChecks } from '../../core/check.js';
import { Registry } from '../../core/registry.js';
import type { Finding } from '../../core/finding.js';
import type { NetworkCheck } from '../check.js';
import type { NodeNetworkFacts } from '../node-facts.js';
import { nodeEspBlocked, nodeFirewallUnread, nodePort50Mistake, nodeSwarmPortBlocked } from './node-firewall.js';
import { ipsecSaMissing, xfrmDrops } from './node-ipsec.js';
import { kernelNoIpsec, kernelNoIpvs, kernelNoXtU32 } from './node-kernel.js';

export const nodeChecks = new Registry<NetworkCheck<NodeNetworkFacts>>('node network check').register(
  nodeEspBlocked,
  nodeSwarmPortBlocked,
  nodePort50Mistake,
  nodeFirewallUnread,
  kernelNoIpsec,
  kernelNoXtU32,
  kernelNoIpvs,
  ipsecSaMissing,
  xfrmDrops,
);

export function evaluateNode(facts: NodeNetworkFacts): Finding[] {
  return runChecks(nodeChecks.all(), facts, { category: 'network' });
}
