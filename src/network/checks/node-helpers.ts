// Helpers the node checks share: the occurrence on this node, and which peers to ask the firewall about.
import type { Occurrence } from '../../core/check.js';
import { joinMessages, rawMessage, type Message } from '../../core/message.js';
import type { Evidence } from '../../core/finding.js';
import type { Severity } from '../../core/severity.js';
import { networkMessages as M } from '../messages.js';
import type { ClusterNode, NodeNetworkFacts } from '../node-facts.js';

export function nodeOccurrence(
  facts: NodeNetworkFacts,
  message: string | Message,
  evidence: Evidence,
  extra: { severity?: Severity; remediation?: string } = {},
): Occurrence {
  return {
    ...extra,
    target: {
      kind: 'node',
      hostname: facts.hostname,
      ...(facts.node ? { id: facts.node.id, address: facts.node.addr } : {}),
    },
    message,
    evidence,
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

/** The peers as a message names them: each node as peerLabel writes it, "any node" in the reader's language. */
export function peersSaid(peers: readonly (ClusterNode | undefined)[]): Message {
  return joinMessages(
    peers.map((p) => (p ? rawMessage(peerLabel(p)) : M.say('network.rule.anyNode'))),
    ', ',
  );
}
