// Firewall checks on this node's input path: ESP (IP protocol 50) and the swarm ports from every peer, and "port 50".
import { evaluateAll, port50Rules, PROTO_ESP, PROTO_TCP, PROTO_UDP, protocolName } from '../firewall.js';
import { defineCheck } from '../../core/check.js';
import type { NodeNetworkFacts } from '../node-facts.js';
import { DOCS_SWARM_PORTS, NIST_NETWORK_SEPARATION } from '../references.js';
import { nodeOccurrence, peerLabel, peerSources, peersSaid } from './node-helpers.js';
import { english, listMessage, type Message } from '../../core/message.js';
import { networkMessages as M } from '../messages.js';

/**
 * The peers whose packets of this protocol (and port) the firewall drops and the rules or policies that decided (the
 * evidence), with those peers as a message names them; none: nothing dropped.
 */
function blockedFrom(facts: NodeNetworkFacts, proto: number, dport?: number): { evidence: { from: string[]; decidedBy: string[] }; from: Message } | undefined {
  const drops = peerSources(facts).flatMap((peer) => {
    const e = evaluateAll(facts.firewall.rulesets, { proto, ...(dport !== undefined ? { dport } : {}), ...(peer ? { saddr: peer.addr } : {}) });
    return e.verdict === 'drop' ? [{ peer, decidedBy: e.decidedBy }] : [];
  });
  if (drops.length === 0) return undefined;
  return {
    evidence: { from: drops.map((d) => peerLabel(d.peer)), decidedBy: [...new Set(drops.map((d) => d.decidedBy))] },
    from: peersSaid(drops.map((d) => d.peer)),
  };
}

const noFirewallData = (f: NodeNetworkFacts) => f.firewall.rulesets.length === 0;

export const nodeEspBlocked = defineCheck<NodeNetworkFacts>(
  {
    id: 'node-esp-blocked',
    title: 'ESP (IP protocol 50) from other nodes is dropped by the firewall',
    severity: 'HIGH',
    description:
      'Encrypted overlays carry VXLAN inside IPsec ESP, which is IP protocol 50 (not a TCP or UDP port). A firewall that drops it silently stops all traffic on encrypted overlays between nodes.',
    remediation:
      'Accept IP protocol 50 from the other nodes: `iptables -I INPUT -p esp -s NODE_SUBNET -j ACCEPT` (iptables) or `ip saddr NODE_SUBNET ip protocol esp accept` (nftables); with firewalld `firewall-cmd --permanent --add-protocol=esp`; with ufw `ufw allow proto esp from NODE_SUBNET`.',
    references: [DOCS_SWARM_PORTS, NIST_NETWORK_SEPARATION],
  },
  (facts) => {
    if (noFirewallData(facts)) return [];
    const blocked = blockedFrom(facts, PROTO_ESP);
    if (!blocked) return [];
    return [nodeOccurrence(facts, M.say('network.rule.espDropped', { from: blocked.from }), blocked.evidence)];
  },
);

interface PortNeed {
  proto: number;
  port: number;
  /** What the port carries. */
  why: Message;
  managerOnly?: boolean;
}

const SWARM_PORTS: PortNeed[] = [
  { proto: PROTO_TCP, port: 2377, why: M.say('network.rule.port.management'), managerOnly: true },
  { proto: PROTO_TCP, port: 7946, why: M.say('network.rule.port.gossip') },
  { proto: PROTO_UDP, port: 7946, why: M.say('network.rule.port.gossip') },
  { proto: PROTO_UDP, port: 4789, why: M.say('network.rule.port.vxlan') },
];

export const nodeSwarmPortBlocked = defineCheck<NodeNetworkFacts>(
  {
    id: 'node-swarm-port-blocked',
    title: 'A port Swarm needs between nodes is dropped by the firewall',
    severity: 'HIGH',
    description:
      'Swarm needs 2377/tcp (to managers), 7946/tcp+udp (gossip) and 4789/udp (VXLAN) open between nodes. A dropped port shows up as nodes going Down, tasks not reaching each other, or services resolving but never answering.',
    remediation:
      'Accept the port from the other nodes only (not from everywhere): e.g. `iptables -I INPUT -s NODE_SUBNET -p udp --dport 4789 -j ACCEPT`, or in nftables `ip saddr NODE_SUBNET udp dport { 7946, 4789 } accept; ip saddr NODE_SUBNET tcp dport { 2377, 7946 } accept`.',
    references: [DOCS_SWARM_PORTS],
  },
  (facts) => {
    if (noFirewallData(facts)) return [];
    const isWorker = facts.node !== undefined && facts.node.role === 'worker';
    return SWARM_PORTS.flatMap((need) => {
      const blocked = need.managerOnly && isWorker ? undefined : blockedFrom(facts, need.proto, need.port);
      if (!blocked) return [];
      const what = `${need.port}/${protocolName(need.proto)}`;
      return [nodeOccurrence(facts, M.say('network.rule.portDropped', { port: what, why: need.why, from: blocked.from }), { port: what, ...blocked.evidence })];
    });
  },
);

export const nodePort50Mistake = defineCheck<NodeNetworkFacts>(
  {
    id: 'node-port-50-instead-of-esp',
    title: 'The firewall opens TCP/UDP port 50, which is not ESP',
    severity: 'MEDIUM',
    description:
      'Swarm documentation lists "IP protocol 50 (ESP)". A rule for port 50 (`--dport 50`, `udp dport 50`) opens an unrelated port and leaves ESP as it was.',
    remediation:
      'Replace the port-50 rule with a protocol rule: `-p esp` (iptables, i.e. `-p 50`) or `ip protocol esp` / `meta l4proto esp` (nftables); firewalld `--add-protocol=esp`, not `--add-port=50/udp`.',
    references: [DOCS_SWARM_PORTS],
  },
  (facts) => {
    const rules = facts.firewall.rulesets.flatMap(port50Rules);
    if (rules.length === 0) return [];
    const espBlocked = blockedFrom(facts, PROTO_ESP) !== undefined;
    return [
      nodeOccurrence(
        facts,
        M.say(espBlocked ? 'network.rule.port50.espDropped' : 'network.rule.port50.espAccepted'),
        { rules, espDropped: espBlocked },
        { severity: espBlocked ? 'HIGH' : 'LOW' },
      ),
    ];
  },
);

export const nodeFirewallUnread = defineCheck<NodeNetworkFacts>(
  {
    id: 'node-firewall-unread',
    title: 'The firewall rules of this node could not be read',
    severity: 'INFO',
    description: 'Neither `iptables-save` nor `nft -j list ruleset` gave rules, so ESP and the swarm ports were not checked.',
    remediation: 'Run as root on the node, with iptables or nft installed; or check the rules by hand.',
    references: [DOCS_SWARM_PORTS],
  },
  (facts) => {
    if (!noFirewallData(facts)) return [];
    const said = facts.firewall.errors;
    const message = said.length > 0 ? M.say('network.node.firewallUnread', { errors: listMessage(said, '; ') }) : M.say('network.node.firewallNone');
    return [nodeOccurrence(facts, message, { errors: said.map((e) => english(e)) })];
  },
);
