import { rawMessage } from '../../../src/core/message.js';
import { describe, expect, it } from 'vitest';
import { localizeFinding } from '../../../src/i18n/findings.js';
import { firewallFromDumps } from '../../../src/network/collect-node.js';
import { evaluateNode, nodeChecks } from '../../../src/network/checks/node.js';
import { engineHasXtU32Fix } from '../../../src/network/checks/node-kernel.js';
import type { KernelFacts, NodeNetworkFacts } from '../../../src/network/node-facts.js';
import { parseKernelConfig, parseProcCrypto, parseProcModules } from '../../../src/network/parse/kernel.js';
import { parseXfrmStat, parseXfrmState } from '../../../src/network/parse/xfrm.js';

import { fx, n1, n2, n3 } from './fixtures.js';

const goodKernel: KernelFacts = {
  release: '6.1.0-18-amd64',
  ipvs: true,
  config: parseKernelConfig(fx('kernel-config-debian.txt')).value,
  loadedModules: parseProcModules(fx('proc-modules-swarm-node.txt')).value.map((m) => m.name),
  crypto: parseProcCrypto(fx('proc-crypto-gcm.txt')).value.map((a) => a.name),
  xtMatches: ['u32', 'policy', 'udp', 'tcp'],
};
const thisKernel: KernelFacts = {
  release: '6.18.44-fc-v657',
  ipvs: false,
  config: parseKernelConfig(fx('kernel-config-no-esp.txt')).value,
  crypto: parseProcCrypto(fx('proc-crypto-no-gcm.txt')).value.map((a) => a.name),
  xtMatches: ['u32'],
};

/** A healthy node1 of a 3-node cluster: hardened firewall, full kernel, SAs both ways, quiet counters. */
function healthy(): NodeNetworkFacts {
  return {
    hostname: 'node1',
    engineVersion: '24.0.7',
    node: n1,
    peers: [n2, n3],
    firewall: firewallFromDumps({ iptablesNft: fx('iptables-save-swarm-node-ok.txt') }),
    kernel: goodKernel,
    xfrm: {
      states: parseXfrmState(fx('xfrm-state-swarm-3-nodes.txt')).value,
      stat: parseXfrmStat(fx('xfrm-stat-this-host.txt')).value,
      errors: [],
    },
    encryptedNetworks: [{ id: 'net1', name: 'test_encrypted', nodes: [n1, n2, n3] }],
  };
}

const ids = (f: NodeNetworkFacts) =>
  evaluateNode(f)
    .map((x) => x.id)
    .sort();

describe('node checks', () => {
  it('a healthy node has no findings', () => {
    expect(evaluateNode(healthy())).toEqual([]);
  });

  it('every registered check carries metadata and references', () => {
    for (const c of nodeChecks.all()) {
      expect(c.meta.title.length).toBeGreaterThan(10);
      expect(c.meta.remediation.length).toBeGreaterThan(10);
      expect(c.meta.references.length).toBeGreaterThan(0);
    }
  });

  it('node-esp-blocked: ESP dropped from peers; not raised when ESP is accepted', () => {
    const f = healthy();
    f.firewall = firewallFromDumps({ iptablesNft: fx('iptables-save-port50.txt') });
    const found = evaluateNode(f).find((x) => x.id === 'node-esp-blocked');
    expect(found?.message).toContain('node2 (192.168.56.12)');
    expect(found?.evidence?.decidedBy).toEqual(['filter/INPUT: -A INPUT -j REJECT --reject-with icmp-host-prohibited']);
    expect(ids(healthy())).not.toContain('node-esp-blocked');
  });

  it('node-port-50-instead-of-esp: HIGH when ESP is also dropped, LOW when ESP is open too', () => {
    const f = healthy();
    f.firewall = firewallFromDumps({ nftJson: fx('nft-port50.json') });
    const p50 = evaluateNode(f).find((x) => x.id === 'node-port-50-instead-of-esp');
    expect(p50?.severity).toBe('HIGH');
    expect(p50?.message).toMatch(/ESP is IP protocol 50, not a port/);
    const both = healthy();
    both.firewall = firewallFromDumps({
      iptablesNft: fx('iptables-save-swarm-node-ok.txt').replace('-A SWARM -j RETURN', '-A SWARM -p udp --dport 50 -j ACCEPT\n-A SWARM -j RETURN'),
    });
    expect(evaluateNode(both).find((x) => x.id === 'node-port-50-instead-of-esp')?.severity).toBe('LOW');
    expect(ids(healthy())).not.toContain('node-port-50-instead-of-esp');
  });

  it('node-swarm-port-blocked: one finding per dropped port; 2377 only matters on managers', () => {
    const f = healthy();
    f.firewall = firewallFromDumps({ iptablesNft: fx('iptables-save-swarm-node-ok.txt').replace('--dports 7946,4789', '--dports 7946') });
    const blocked = evaluateNode(f).filter((x) => x.id === 'node-swarm-port-blocked');
    expect(blocked.map((x) => x.evidence?.port)).toEqual(['4789/udp']);
    const w = healthy();
    w.node = { ...n2, role: 'worker' };
    w.peers = [n1, n3];
    w.firewall = firewallFromDumps({ iptablesNft: fx('iptables-save-swarm-node-ok.txt').replace('--dports 2377,7946', '--dports 7946') });
    expect(evaluateNode(w).filter((x) => x.id === 'node-swarm-port-blocked')).toEqual([]);
    w.node = n1;
    expect(
      evaluateNode(w)
        .filter((x) => x.id === 'node-swarm-port-blocked')
        .map((x) => x.evidence?.port),
    ).toEqual(['2377/tcp']);
  });

  it('node-firewall-unread only when no ruleset was read', () => {
    const f = healthy();
    f.firewall = firewallFromDumps({}, [rawMessage('iptables-save not installed')]);
    expect(ids(f)).toEqual(['node-firewall-unread']);
    expect(ids(healthy())).not.toContain('node-firewall-unread');
    // Said by id, the readers' reasons inside: English as before, Japanese for a Japanese reader.
    const [unread] = evaluateNode(f);
    expect(unread!.message).toBe('firewall rules not read: iptables-save not installed');
    expect(localizeFinding(unread!, 'ja').message).toBe('ファイアウォールのルールを読めませんでした: iptables-save not installed');
    f.firewall = firewallFromDumps({});
    expect(localizeFinding(evaluateNode(f)[0]!, 'ja').message).toBe('ファイアウォールのルールを読めませんでした: iptables も nft もありません');
  });

  it("kernel-no-ipsec on this machine's kernel, HIGH with encrypted networks in use, MEDIUM without", () => {
    const f = healthy();
    f.kernel = thisKernel;
    const k = evaluateNode(f).find((x) => x.id === 'kernel-no-ipsec');
    expect(k?.severity).toBe('HIGH');
    expect(k?.message).toMatch(/ESP \(esp4\), AES-GCM/);
    f.encryptedNetworks = [];
    expect(evaluateNode(f).find((x) => x.id === 'kernel-no-ipsec')?.severity).toBe('MEDIUM');
    const unknown = healthy();
    unknown.kernel = { release: 'x', ipvs: true, xtMatches: ['u32'] };
    expect(evaluateNode(unknown).find((x) => x.id === 'kernel-no-ipsec')?.severity).toBe('INFO');
  });

  it('kernel-no-xt-u32: CRITICAL (plaintext) on engines before the fix, HIGH after', () => {
    const f = healthy();
    f.kernel = {
      ...goodKernel,
      loadedModules: parseProcModules(fx('proc-modules-no-u32.txt')).value.map((m) => m.name),
      xtMatches: ['udp'],
      config: { ...goodKernel.config, CONFIG_NETFILTER_XT_MATCH_U32: 'n' },
    };
    f.engineVersion = '20.10.21';
    const old = evaluateNode(f).find((x) => x.id === 'kernel-no-xt-u32');
    expect(old?.severity).toBe('CRITICAL');
    expect(old?.message).toMatch(/PLAINTEXT/);
    expect(old?.references.map((r) => r.id)).toEqual(expect.arrayContaining(['CVE-2023-28840', 'CVE-2023-28841']));
    f.engineVersion = '20.10.24+dfsg1';
    expect(evaluateNode(f).find((x) => x.id === 'kernel-no-xt-u32')?.severity).toBe('HIGH');
    expect(ids(healthy())).not.toContain('kernel-no-xt-u32');
  });

  it('engineHasXtU32Fix knows the fixed releases', () => {
    expect(engineHasXtU32Fix('20.10.23')).toBe(false);
    expect(engineHasXtU32Fix('20.10.24')).toBe(true);
    expect(engineHasXtU32Fix('23.0.2')).toBe(false);
    expect(engineHasXtU32Fix('23.0.3')).toBe(true);
    expect(engineHasXtU32Fix('27.3.1')).toBe(true);
    expect(engineHasXtU32Fix('19.03.15')).toBe(false);
    expect(engineHasXtU32Fix(undefined)).toBeUndefined();
    expect(engineHasXtU32Fix('garbage')).toBeUndefined();
  });

  it('kernel-no-ipvs names the VIP consequence and the dnsrr way out', () => {
    const f = healthy();
    f.kernel = { ...thisKernel };
    const v = evaluateNode(f).find((x) => x.id === 'kernel-no-ipvs');
    expect(v?.message).toMatch(/VIPs/);
    expect(v?.remediation).toMatch(/endpoint_mode: dnsrr/);
    // Said by id: how the kernel was read is a message too, so Japanese reads no English back.
    const ja = v === undefined ? undefined : localizeFinding(v, 'ja').message;
    expect(ja).toMatch(/^カーネル \S+ に IPVS がありません（.+）。このノードのタスクからサービスの VIP への接続はタイムアウトします$/);
    expect(ja).not.toMatch(/[a-z]{4,} [a-z]{4,}/);
    expect(ids(healthy())).not.toContain('kernel-no-ipvs');
  });

  it('ipsec-sa-missing per peer and direction; quiet for peers not sharing the network', () => {
    const f = healthy();
    f.xfrm.states = parseXfrmState(fx('xfrm-state-swarm-3-nodes.txt')).value.filter((s) => s.dst !== '192.168.56.13');
    const found = evaluateNode(f).filter((x) => x.id === 'ipsec-sa-missing');
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('192.168.56.11 → 192.168.56.13');
    expect(found[0]?.message).toContain('test_encrypted');
    f.encryptedNetworks = [{ id: 'net1', name: 'test_encrypted', nodes: [n1, n2] }];
    expect(evaluateNode(f).filter((x) => x.id === 'ipsec-sa-missing')).toEqual([]);
    const none = healthy();
    none.xfrm.states = [];
    expect(evaluateNode(none).filter((x) => x.id === 'ipsec-sa-missing')).toHaveLength(2);
    const unread = healthy();
    delete unread.xfrm.states;
    unread.xfrm.errors = [rawMessage('ip not installed')];
    expect(evaluateNode(unread).find((x) => x.id === 'ipsec-sa-missing')?.severity).toBe('INFO');
  });

  it('xfrm-drops: rising XfrmOutNoStates is HIGH; old counts without encrypted networks are LOW', () => {
    const f = healthy();
    const later = parseXfrmStat(fx('xfrm-stat-no-states.txt')).value;
    f.xfrm.stat = { ...later, XfrmOutNoStates: 300 };
    f.xfrm.statLater = later;
    f.xfrm.statIntervalMs = 1000;
    const d = evaluateNode(f).find((x) => x.id === 'xfrm-drops');
    expect(d?.severity).toBe('HIGH');
    expect(d?.message).toBe(
      'IPsec drops are rising: XfrmOutNoStates=342 (+42 in 1s): outgoing packets matched an IPsec policy but no SA exists: dropped (+1 more)',
    );
    expect(d === undefined ? undefined : localizeFinding(d, 'ja').message).toBe(
      'IPsec による破棄が増え続けています: XfrmOutNoStates=342（1 秒で +42）: IPsec ポリシーに一致したが SA がない送信パケット（破棄）（ほか 1 件）',
    );
    expect(d?.evidence?.counters).toEqual(expect.arrayContaining([expect.stringMatching(/^XfrmOutNoStates=342 \(\+42 in 1s\)/)]));
    const old = healthy();
    old.encryptedNetworks = [];
    old.xfrm.stat = later;
    expect(evaluateNode(old).find((x) => x.id === 'xfrm-drops')?.severity).toBe('LOW');
    expect(ids(healthy())).not.toContain('xfrm-drops');
  });
});
