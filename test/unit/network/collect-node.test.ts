import { readFileSync } from 'node:fs';
import { english } from '../../../src/core/message.js';
import { describe, expect, it } from 'vitest';
import { encryptedSpans, firewallFromDumps, parseClusterNodes } from '../../../src/network/collect-node.js';
import { evaluateAll, PROTO_ESP } from '../../../src/network/firewall.js';

const fx = (name: string) => readFileSync(`test/fixtures/network/${name}`, 'utf8');

describe('firewallFromDumps', () => {
  it('skips the iptables-nft tables in the nft dump when iptables-save (nf_tables) was read', () => {
    const fw = firewallFromDumps({ iptablesNft: fx('iptables-save-docker-host.txt'), nftJson: fx('nft-docker-host.json') });
    expect(fw.sources).toEqual(['iptables-save (nf_tables)', 'nft -j list ruleset']);
    const nft = fw.rulesets.find((r) => r.source === 'nftables');
    expect(nft?.tables.some((t) => t.family === 'ip' && t.name === 'filter')).toBe(false);
  });

  it('an extra nftables table that drops ESP is seen even though iptables accepts', () => {
    const fw = firewallFromDumps({ iptablesNft: fx('iptables-save-docker-host.txt'), nftJson: fx('nft-port50.json') });
    expect(evaluateAll(fw.rulesets, { proto: PROTO_ESP, saddr: '192.168.56.12' }).verdict).toBe('drop');
  });

  it('a broken nft dump becomes an error, not a crash', () => {
    const fw = firewallFromDumps({ nftJson: '{not json' });
    expect(fw.rulesets).toEqual([]);
    // Raised by id (network.nft.notJson): the printer can say it in any language.
    expect(JSON.stringify(fw.errors[0])).toContain('"network.nft.notJson"');
    expect(english(fw.errors[0]!)).toMatch(/not JSON/);
  });
});

describe('engine data', () => {
  const nodes = parseClusterNodes([
    { ID: 'a', Description: { Hostname: 'node1' }, Status: { Addr: '192.168.56.11' }, Spec: { Role: 'manager' } },
    { ID: 'b', Description: { Hostname: 'node2' }, Status: { Addr: '192.168.56.12' }, Spec: { Role: 'worker' } },
    'junk',
  ]);

  it('parses nodes defensively', () => {
    expect(nodes[0]).toEqual({ id: 'a', hostname: 'node1', addr: '192.168.56.11', role: 'manager' });
    expect(nodes[2]).toEqual({ id: '', hostname: '', addr: '', role: '' });
  });

  it('finds encrypted networks with running tasks and their nodes', () => {
    const enc = { ID: 'n1', Spec: { Name: 'test_encrypted', DriverConfiguration: { Name: 'overlay', Options: { encrypted: '' } } } };
    const plain = { ID: 'n2', Spec: { Name: 'test_plain', DriverConfiguration: { Name: 'overlay' } } };
    const tasks = [
      { NodeID: 'a', Status: { State: 'running' }, NetworksAttachments: [{ Network: enc }, { Network: plain }] },
      { NodeID: 'b', Status: { State: 'running' }, NetworksAttachments: [{ Network: enc }] },
      { NodeID: 'c', Status: { State: 'failed' }, NetworksAttachments: [{ Network: enc }] },
      { NodeID: 'z', Status: { State: 'running' }, NetworksAttachments: [{ Network: enc }] },
      null,
    ];
    const spans = encryptedSpans(tasks, nodes);
    expect(spans).toHaveLength(1);
    expect(spans[0]?.name).toBe('test_encrypted');
    expect(spans[0]?.nodes.map((n) => n.hostname)).toEqual(['node1', 'node2', 'z']);
  });
});
