import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { english } from '../../../src/core/message.js';
import { evaluateInput, PROTO_ESP, PROTO_TCP, PROTO_UDP, port50Rules } from '../../../src/network/firewall.js';
import { parseIptablesSave, parsePortSpec, tokenize } from '../../../src/network/parse/iptables-save.js';

const fx = (name: string) => readFileSync(`test/fixtures/network/${name}`, 'utf8');

describe('tokenize', () => {
  it('keeps quoted words together and unescapes quotes', () => {
    expect(tokenize('-A INPUT -m comment --comment "ssh \\"admin\\" access" -j ACCEPT')).toEqual([
      '-A',
      'INPUT',
      '-m',
      'comment',
      '--comment',
      'ssh "admin" access',
      '-j',
      'ACCEPT',
    ]);
    expect(tokenize('-j LOG --log-prefix ""')).toEqual(['-j', 'LOG', '--log-prefix', '']);
  });
  it('rejects an unterminated quote', () => {
    expect(() => tokenize('-A INPUT --comment "oops')).toThrow(/unterminated/);
  });
});

describe('parsePortSpec', () => {
  it('reads single ports, ranges, open ranges and lists', () => {
    expect(parsePortSpec('2377')).toEqual([{ from: 2377, to: 2377 }]);
    expect(parsePortSpec('1:1024')).toEqual([{ from: 1, to: 1024 }]);
    expect(parsePortSpec('7946,4789')).toEqual([
      { from: 7946, to: 7946 },
      { from: 4789, to: 4789 },
    ]);
    expect(parsePortSpec('1024:')).toEqual([{ from: 1024, to: 65535 }]);
  });
  it('refuses nonsense', () => {
    for (const bad of ['', 'ssh', '70000', '5:3', '1,,2', '-1']) expect(parsePortSpec(bad)).toBeUndefined();
  });
});

describe('parseIptablesSave on recorded output', () => {
  it('reads a hardened swarm node (iptables-nft, policy DROP, user chain, multiport, esp)', () => {
    const { value, warnings } = parseIptablesSave(fx('iptables-save-swarm-node-ok.txt'));
    expect(warnings).toEqual([]);
    expect(value.variant).toBe('nf_tables');
    const filter = value.tables.find((t) => t.name === 'filter');
    const input = filter?.chains.find((c) => c.name === 'INPUT');
    expect(input?.hook).toBe('input');
    expect(input?.policy).toBe('drop');
    expect(input?.rules).toHaveLength(5);
    expect(filter?.chains.find((c) => c.name === 'SWARM')?.rules).toHaveLength(4);
    const from = (saddr: string | undefined, proto: number, dport?: number) =>
      evaluateInput(value, { proto, ...(dport ? { dport } : {}), ...(saddr ? { saddr } : {}) }).verdict;
    expect(from('192.168.56.12', PROTO_ESP)).toBe('accept');
    expect(from('192.168.56.12', PROTO_TCP, 2377)).toBe('accept');
    expect(from('192.168.56.12', PROTO_UDP, 4789)).toBe('accept');
    expect(from('192.168.56.12', PROTO_UDP, 7946)).toBe('accept');
    expect(from('10.9.9.9', PROTO_ESP)).toBe('drop'); // not from the node subnet
    expect(from('192.168.56.12', PROTO_UDP, 53)).toBe('drop');
    expect(from(undefined, PROTO_TCP, 22)).toBe('accept');
  });

  it('reads the docker host rules (FORWARD only) and accepts everything on input', () => {
    const { value, warnings } = parseIptablesSave(fx('iptables-save-docker-host.txt'));
    expect(warnings).toEqual([]);
    expect(value.tables.map((t) => t.name).sort()).toEqual(['filter', 'mangle', 'nat']);
    const e = evaluateInput(value, { proto: PROTO_ESP, saddr: '192.168.56.12' });
    expect(e.verdict).toBe('accept');
    expect(e.decidedBy).toMatch(/policy ACCEPT/);
  });

  it('finds port 50 opened instead of ESP, and ESP rejected by the catch-all', () => {
    const { value } = parseIptablesSave(fx('iptables-save-port50.txt'));
    expect(port50Rules(value)).toEqual([
      'filter/INPUT: -A INPUT -p udp -m udp --dport 50 -j ACCEPT',
      'filter/INPUT: -A INPUT -p tcp -m tcp --dport 50 -j ACCEPT',
    ]);
    const e = evaluateInput(value, { proto: PROTO_ESP, saddr: '192.168.56.12' });
    expect(e.verdict).toBe('drop');
    expect(e.decidedBy).toContain('icmp-host-prohibited');
    expect(evaluateInput(value, { proto: PROTO_TCP, dport: 2377 }).verdict).toBe('accept');
    expect(evaluateInput(value, { proto: PROTO_TCP, dport: 80 }).verdict).toBe('drop');
  });
});

describe('parseIptablesSave on hostile input', () => {
  it('warns about lines it cannot follow and keeps the rest', () => {
    const text = [
      '*filter',
      ':INPUT DROP [0:0]',
      '-A INPUT -p esp -j ACCEPT',
      '-A INPUT -p tcp --dport notaport -j ACCEPT',
      '-A INPUT --comment "unterminated',
      'garbage here',
      '-A NOCHAIN -j ACCEPT',
      '-A INPUT -p',
      'COMMIT',
      'COMMIT',
      '-A INPUT -j ACCEPT',
    ].join('\n');
    const { value, warnings } = parseIptablesSave(text);
    expect(warnings.map((w) => english(w))).toEqual([
      'line 5: unterminated quote',
      'line 6: not understood: garbage here',
      'line 4: bad port list "notaport": -A INPUT -p tcp --dport notaport -j ACCEPT',
      'line 7: rule for undeclared chain NOCHAIN',
      'line 8: -p has no value: -A INPUT -p',
      'line 10: COMMIT outside a table',
      'line 11: outside a table: -A INPUT -j ACCEPT',
    ]);
    const input = value.tables[0]?.chains.find((c) => c.name === 'INPUT');
    expect(input?.rules).toHaveLength(1);
    expect(evaluateInput(value, { proto: PROTO_ESP }).verdict).toBe('accept');
    expect(evaluateInput(value, { proto: PROTO_TCP, dport: 1 }).verdict).toBe('drop');
  });

  it('handles negation, interfaces, unknown modules and old-style ! placement', () => {
    const text = [
      '*filter',
      ':INPUT DROP [0:0]',
      '-A INPUT ! -s 10.0.0.0/8 -j DROP',
      '-A INPUT -i eth0 -p udp -m string --string "x" --algo bm -j ACCEPT',
      '-A INPUT -p 50 -j ACCEPT',
      'COMMIT',
    ].join('\n');
    const { value, warnings } = parseIptablesSave(text);
    expect(warnings).toEqual([]);
    expect(evaluateInput(value, { proto: PROTO_ESP, saddr: '192.168.1.1' }).verdict).toBe('drop');
    expect(evaluateInput(value, { proto: PROTO_ESP, saddr: '10.1.2.3' }).verdict).toBe('accept');
    const e = evaluateInput(value, { proto: PROTO_UDP, dport: 4789, saddr: '10.1.2.3' });
    expect(e.verdict).toBe('drop');
    expect(e.uncertain.join()).toContain('--string');
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom('*filter', ':INPUT DROP [0:0]', 'COMMIT', '-A INPUT', '-j', '!', '-p', 'esp', '--dport', '"')), {
          maxLength: 30,
        }),
        (parts) => {
          const r = parseIptablesSave(parts.join(Math.random() < 0.5 ? '\n' : ' '));
          evaluateInput(r.value, { proto: PROTO_ESP });
        },
      ),
    );
  });

  it('stops on jump loops instead of recursing forever', () => {
    const text = ['*filter', ':INPUT DROP [0:0]', ':A - [0:0]', ':B - [0:0]', '-A INPUT -j A', '-A A -j B', '-A B -j A', 'COMMIT'].join('\n');
    const e = evaluateInput(parseIptablesSave(text).value, { proto: PROTO_ESP });
    expect(e.verdict).toBe('drop');
    expect(e.uncertain.join()).toMatch(/deeper than 32/);
  });
});
