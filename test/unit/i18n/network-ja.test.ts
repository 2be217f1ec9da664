// The network checks speak Japanese: findings of the real checks on the recorded engine networks and on the
// firewall, kernel and xfrm fixtures their own tests use.
import { rawMessage } from '../../../src/core/message.js';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { localizeFinding, localizeFindings } from '../../../src/i18n/findings.js';
import { JA_NETWORK_RULES } from '../../../src/i18n/ja/network-rules.js';
import { firewallFromDumps } from '../../../src/network/collect-node.js';
import { evaluateNode, nodeChecks } from '../../../src/network/checks/node.js';
import { evaluateOverlays, overlayChecks } from '../../../src/network/checks/overlay.js';
import type { KernelFacts, NodeNetworkFacts } from '../../../src/network/node-facts.js';
import { parseOverlayNetwork, type OverlayNetwork } from '../../../src/network/overlay.js';
import { parseKernelConfig, parseProcCrypto, parseProcModules } from '../../../src/network/parse/kernel.js';
import { parseXfrmStat, parseXfrmState } from '../../../src/network/parse/xfrm.js';
import { expectEveryFindingJapanese, expectTextsForEvery } from './ja-helpers.js';

import { fx, n1, n2, n3 } from '../network/fixtures.js';
// This machine's kernel: no ESP, no GCM, no IPVS.
const thisKernel: KernelFacts = {
  release: '6.18.44-fc-v657',
  ipvs: false,
  config: parseKernelConfig(fx('kernel-config-no-esp.txt')).value,
  crypto: parseProcCrypto(fx('proc-crypto-no-gcm.txt')).value.map((a) => a.name),
  xtMatches: ['u32'],
};
const noU32: KernelFacts = {
  release: '6.1.0-18-amd64',
  ipvs: true,
  config: { ...parseKernelConfig(fx('kernel-config-debian.txt')).value, CONFIG_NETFILTER_XT_MATCH_U32: 'n' },
  loadedModules: parseProcModules(fx('proc-modules-no-u32.txt')).value.map((m) => m.name),
  crypto: parseProcCrypto(fx('proc-crypto-gcm.txt')).value.map((a) => a.name),
  xtMatches: ['udp'],
};

function node(over: Partial<NodeNetworkFacts>): NodeNetworkFacts {
  return {
    hostname: 'node1',
    engineVersion: '20.10.21',
    node: n1,
    peers: [n2, n3],
    firewall: firewallFromDumps({ iptablesNft: fx('iptables-save-port50.txt') }),
    kernel: thisKernel,
    xfrm: {
      states: parseXfrmState(fx('xfrm-state-swarm-3-nodes.txt')).value.filter((s) => s.dst !== '192.168.56.13'),
      stat: { ...parseXfrmStat(fx('xfrm-stat-no-states.txt')).value, XfrmOutNoStates: 300 },
      statLater: parseXfrmStat(fx('xfrm-stat-no-states.txt')).value,
      statIntervalMs: 1000,
      errors: [],
    },
    encryptedNetworks: [{ id: 'net1', name: 'test_encrypted', nodes: [n1, n2, n3] }],
    ...over,
  };
}

function corpus(): Finding[] {
  const recorded = (JSON.parse(fx('engine-networks-overlay.json')) as unknown[]).map(parseOverlayNetwork).filter((n): n is OverlayNetwork => n !== undefined);
  const stackNet = recorded.find((n) => n.name === 'sgx_enc');
  return [
    ...evaluateOverlays(recorded),
    ...evaluateOverlays(stackNet ? [{ ...stackNet, encrypted: false, encryptionKeys: [] }] : []),
    ...evaluateNode(node({})),
    ...evaluateNode(node({ kernel: noU32, firewall: firewallFromDumps({ nftJson: fx('nft-port50.json') }) })),
    ...evaluateNode(
      node({
        kernel: noU32,
        engineVersion: '24.0.7',
        firewall: firewallFromDumps({ iptablesNft: fx('iptables-save-swarm-node-ok.txt').replace('--dports 7946,4789', '--dports 7946') }),
      }),
    ),
    ...evaluateNode(
      node({
        kernel: { release: 'x', ipvs: true, xtMatches: ['u32'] },
        firewall: firewallFromDumps({}, [rawMessage('iptables-save not installed')]),
        xfrm: { errors: [rawMessage('ip not installed')] },
      }),
    ),
  ];
}

describe('network checks in Japanese', () => {
  it('has Japanese texts for every overlay and node check', () => {
    expectTextsForEvery(
      'network',
      [...overlayChecks.all(), ...nodeChecks.all()].map((c) => c.meta),
      JA_NETWORK_RULES,
    );
  });

  it('translates every finding the checks make on the recorded networks and node fixtures', () => {
    const findings = corpus();
    expect(new Set(findings.map((f) => f.id)).size).toBe(overlayChecks.all().length + nodeChecks.all().length);
    expectEveryFindingJapanese(findings);
    const ja = localizeFindings(findings, 'ja');
    const msg = (id: string) => ja.filter((f) => f.id === id).map((f) => f.message);
    expect(msg('kernel-no-ipsec')[0]).toBe(
      'カーネル 6.18.44-fc-v657 には ESP (esp4), AES-GCM (rfc4106(gcm(aes))) がなく、他のノードとの暗号化オーバーレイの通信は破棄されます（使用中の暗号化ネットワーク: test_encrypted）',
    );
    expect(msg('xfrm-drops')[0]).toMatch(
      /^IPsec による破棄が増え続けています: XfrmOutNoStates=342（1 秒で \+42）: IPsec ポリシーに一致したが SA がない送信パケット（破棄）/,
    );
    expect(msg('node-swarm-port-blocked')).toContain(
      '4789/udp（VXLAN によるオーバーレイのデータ通信）が node2 (192.168.56.12), node3 (192.168.56.13) から破棄されています',
    );
    expect(msg('kernel-no-xt-u32')).toContain(
      'xt_u32 がなく、エンジンは 20.10.21 です。「暗号化」オーバーレイの通信が平文のままこのノードから送出されます（CVE-2023-28841）',
    );
    expect(ja.find((f) => f.id === 'overlay-not-encrypted' && f.target.kind === 'network' && f.target.name === 'sgx_enc')?.remediation).toContain(
      'docker stack rm sgx',
    );
  });

  it('says the checks by id: the English as it was, the Japanese from the catalogue', () => {
    const say = (f: Finding | undefined) => ({ id: f?.said?.message?.id, en: f?.message, ja: f && localizeFinding(f, 'ja').message });
    const [overlay] = evaluateOverlays([{ ...parseOverlayNetwork({ Name: 'shop', Id: 'n1', Driver: 'overlay' })!, services: ['shop_api', 'shop_db'] }]);
    expect(say(overlay)).toEqual({
      id: 'network.rule.overlayNotEncrypted.services',
      en: 'overlay network shop is not encrypted: traffic between nodes is readable on the wire (services: shop_api, shop_db)',
      ja: 'オーバーレイネットワーク shop は暗号化されておらず、ノード間の通信が経路上で読み取れます（サービス: shop_api, shop_db）',
    });
    // No peer known: "any node" is a message too; what the port carries is said by id inside.
    const lonely = evaluateNode(
      node({ peers: [], firewall: firewallFromDumps({ iptablesNft: fx('iptables-save-swarm-node-ok.txt').replace('--dports 7946,4789', '--dports 7946') }) }),
    );
    const vxlan = lonely.find((f) => f.id === 'node-swarm-port-blocked' && f.evidence?.port === '4789/udp');
    expect(say(vxlan)).toEqual({
      id: 'network.rule.portDropped',
      en: '4789/udp (VXLAN overlay data path) is dropped from any node',
      ja: '4789/udp（VXLAN によるオーバーレイのデータ通信）が 他のノード から破棄されています',
    });
    expect(vxlan?.evidence?.from).toEqual(['any node']);
    const sa = evaluateNode(node({ xfrm: { states: [], errors: [] } })).find((f) => f.id === 'ipsec-sa-missing');
    expect(say(sa)).toEqual({
      id: 'network.rule.saMissing',
      en: 'no ESP SA 192.168.56.11 → 192.168.56.12 and 192.168.56.12 → 192.168.56.11 (node node2): traffic on test_encrypted between these nodes is dropped',
      ja: '192.168.56.11 → 192.168.56.12 と 192.168.56.12 → 192.168.56.11 の ESP SA がありません（ノード node2）。これらのノード間の test_encrypted の通信は破棄されます',
    });
    const noVersion = node({ kernel: noU32 });
    delete noVersion.engineVersion;
    expect(say(evaluateNode(noVersion).find((f) => f.id === 'kernel-no-xt-u32'))).toEqual({
      id: 'network.rule.noXtU32.noVersion',
      en: 'no xt_u32: the engine cannot attach tasks on this node to encrypted overlays (engine version unknown: older engines send them in plaintext)',
      ja: 'xt_u32 がないため、エンジンはこのノードのタスクを暗号化オーバーレイに接続できません（エンジンのバージョンが不明です。古いエンジンは平文で送出します）',
    });
  });
});
