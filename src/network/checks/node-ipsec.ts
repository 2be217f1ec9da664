// IPsec state checks: SAs present between nodes that share an encrypted overlay, and xfrm error counters.
import { defineCheck } from '../../core/check.js';
import { english, listMessage, type Message } from '../../core/message.js';
import { networkMessages as M } from '../messages.js';
import type { ClusterNode, NodeNetworkFacts } from '../node-facts.js';
import type { XfrmState } from '../parse/xfrm.js';
import { DOCS_OVERLAY_ENCRYPTION, NIST_NETWORK_SEPARATION } from '../references.js';
import { nodeOccurrence, peerLabel } from './node-helpers.js';

function hasEsp(states: XfrmState[], src: string, dst: string): boolean {
  return states.some((s) => s.proto === 'esp' && s.src === src && s.dst === dst);
}

/** Peers that share an encrypted overlay with this node, each with the networks that need an SA to it. */
function encryptedPeers(facts: NodeNetworkFacts): Map<string, { peer: ClusterNode; networks: string[] }> {
  const self = facts.node;
  const out = new Map<string, { peer: ClusterNode; networks: string[] }>();
  if (!self) return out;
  for (const n of facts.encryptedNetworks) {
    if (!n.nodes.some((x) => x.id === self.id)) continue;
    for (const peer of n.nodes) {
      if (peer.id === self.id || peer.addr === '' || peer.addr === self.addr) continue;
      const e = out.get(peer.id) ?? { peer, networks: [] };
      e.networks.push(n.name);
      out.set(peer.id, e);
    }
  }
  return out;
}

export const ipsecSaMissing = defineCheck<NodeNetworkFacts>(
  {
    id: 'ipsec-sa-missing',
    title: 'No IPsec SA to a node that shares an encrypted overlay',
    severity: 'HIGH',
    description:
      'For every pair of nodes with tasks on the same encrypted overlay, the engine programs an ESP SA each way (reqid 13681891, rfc4106(gcm(aes))). A missing SA means traffic between those nodes on that network is dropped.',
    remediation:
      'Check that the kernel has ESP/xfrm_user/GCM (see kernel-no-ipsec), that ESP and 7946 are open between the nodes (the keys travel over gossip), then `docker network inspect` and the engine log on both nodes; restarting the tasks re-programs the SAs.',
    references: [DOCS_OVERLAY_ENCRYPTION, NIST_NETWORK_SEPARATION],
  },
  (facts) => {
    const self = facts.node;
    if (!self) return [];
    const peers = encryptedPeers(facts);
    if (peers.size === 0) return [];
    if (facts.xfrm.states === undefined) {
      return [
        nodeOccurrence(
          facts,
          facts.xfrm.errors.length > 0
            ? M.say('network.node.xfrmUnread', { errors: listMessage(facts.xfrm.errors, '; '), count: peers.size })
            : M.say('network.node.xfrmFailed', { count: peers.size }),
          { errors: facts.xfrm.errors.map((e) => english(e)) },
          { severity: 'INFO' },
        ),
      ];
    }
    const states = facts.xfrm.states;
    return [...peers.values()].flatMap(({ peer, networks }) => {
      const missing = [
        hasEsp(states, self.addr, peer.addr) ? '' : `${self.addr} → ${peer.addr}`,
        hasEsp(states, peer.addr, self.addr) ? '' : `${peer.addr} → ${self.addr}`,
      ].filter(Boolean);
      const [first, second] = missing;
      if (first === undefined) return [];
      const said = M.say('network.rule.saMissing', {
        missing: second === undefined ? first : M.say('network.rule.saMissing.both', { first, second }),
        node: peer.hostname,
        networks: networks.join(', '),
      });
      return [
        nodeOccurrence(facts, said, {
          peer: peerLabel(peer),
          networks,
          missing,
          espStates: states.filter((s) => s.proto === 'esp').length,
        }),
      ];
    });
  },
);

/** Counters that mean packets were dropped by IPsec processing (what each says: `network.xfrm.counter.NAME`). */
const XFRM_DROP_COUNTERS = [
  'XfrmOutNoStates',
  'XfrmInNoStates',
  'XfrmOutPolBlock',
  'XfrmInPolBlock',
  'XfrmInNoPols',
  'XfrmInTmplMismatch',
  'XfrmInStateProtoError',
  'XfrmInStateInvalid',
  'XfrmInStateExpired',
  'XfrmOutStateExpired',
  'XfrmAcquireError',
] as const;

export const xfrmDrops = defineCheck<NodeNetworkFacts>(
  {
    id: 'xfrm-drops',
    title: 'IPsec is dropping packets on this node',
    severity: 'HIGH',
    description:
      '/proc/net/xfrm_stat counts packets the kernel dropped in IPsec processing. XfrmOutNoStates rising means encrypted-overlay packets find a policy but no SA: they are dropped, not sent in plaintext.',
    remediation: 'See ipsec-sa-missing and kernel-no-ipsec; once SAs exist both ways the counters stop rising.',
    references: [DOCS_OVERLAY_ENCRYPTION],
  },
  (facts) => {
    const stat = facts.xfrm.stat;
    if (!stat) return [];
    const later = facts.xfrm.statLater;
    const rows: string[] = [];
    let rising = false;
    const said: Message[] = [];
    const secs = Math.round((facts.xfrm.statIntervalMs ?? 0) / 100) / 10;
    for (const name of XFRM_DROP_COUNTERS) {
      const a = stat[name] ?? 0;
      const b = later?.[name] ?? a;
      if (b === 0) continue;
      const delta = b - a;
      if (delta > 0) rising = true;
      const meaning = M.say(`network.xfrm.counter.${name}`);
      const row = !later
        ? M.say('network.xfrm.row', { name, value: b, meaning })
        : delta > 0
          ? M.say('network.xfrm.row.rising', { name, value: b, delta, secs, meaning })
          : M.say('network.xfrm.row.steady', { name, value: b, secs, meaning });
      said.push(row);
      rows.push(english(row));
    }
    if (rows.length === 0) return [];
    const inUse = facts.encryptedNetworks.length > 0;
    return [
      nodeOccurrence(
        facts,
        said.length > 1
          ? M.say(rising ? 'network.xfrm.rising.more' : 'network.xfrm.dropped.more', { row: said[0] as Message, more: said.length - 1 })
          : M.say(rising ? 'network.xfrm.rising' : 'network.xfrm.dropped', { row: said[0] as Message }),
        { counters: rows, rising },
        {
          severity: rising || inUse ? 'HIGH' : 'LOW',
        },
      ),
    ];
  },
);
