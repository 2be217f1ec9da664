// Helpers the node checks share: the finding about this node, and which peers to ask the firewall about.
import type { Evidence, Finding } from '../../core/finding.js';
import type { Severity } from '../../core/severity.js';
import type { NetworkCheck } from '../check.js';
import type { ClusterNode, NodeNetworkFacts } from '../node-facts.js';

export function nodeFinding(
  check: NetworkCheck<NodeNetworkFacts>,
  facts: NodeNetworkFacts,
  message: string,
  evidence: Evidence,
  extra: { severity?: Severity; remediation?: string } = {},
): Finding {
  return {
    id: check.id,
    title: check.title,
    severity: extra.severity ?? check.severity,
    category: 'network',
    target: {
      kind: 'node',
      hostname: facts.hostname,
      ...(facts.node ? { id: facts.node.id, address: facts.node.addr } : {}),
    },
    message,
    evidence,
    remediation: extra.remediation ?? check.remediation,
    references: check.references,
  };
}

/** The other nodes whose traffic must get in; with none known, one unknown source stands for them. */
export function peerSources(facts: NodeNetworkFacts): (ClusterNode | undefined)[] {
  const self = facts.node?.addr;
  const peers = facts.peers.filter((p) => p.addr !== '' && p.addr !== self);
  return peers.length > 0 ? peers : [undefined];
}

export function peerLabel(p: ClusterNode | undefined): string {
  return p ? `${p.hostname} (${p.addr})` : 'any node';
}
