import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { english } from '../../../src/core/message.js';
import { evaluateInput, port50Rules, PROTO_ESP, PROTO_TCP, PROTO_UDP, type FwTable } from '../../../src/network/firewall.js';
import { parseIptablesSave } from '../../../src/network/parse/iptables-save.js';
import { parseNftJson } from '../../../src/network/parse/nft-json.js';

const fx = (name: string) => readFileSync(`test/fixtures/network/${name}`, 'utf8');

describe('parseNftJson on recorded output (nft 1.0.6)', () => {
  it('reads an inet filter with sets, prefixes, ct state and ip protocol esp', () => {
    const { value, warnings } = parseNftJson(fx('nft-swarm-node-ok.json'));
    expect(warnings).toEqual([]);
    const input = value.tables[0]?.chains.find((c) => c.name === 'input');
    expect(input).toMatchObject({ hook: 'input', policy: 'drop', priority: 0 });
    expect(input?.rules).toHaveLength(7);
    const v = (p: Parameters<typeof evaluateInput>[1]) => evaluateInput(value, p).verdict;
    expect(v({ proto: PROTO_ESP, saddr: '192.168.56.12' })).toBe('accept');
    expect(v({ proto: PROTO_TCP, dport: 2377, saddr: '192.168.56.12' })).toBe('accept');
    expect(v({ proto: PROTO_TCP, dport: 7946, saddr: '192.168.56.12' })).toBe('accept');
    expect(v({ proto: PROTO_UDP, dport: 4789, saddr: '192.168.56.12' })).toBe('accept');
    expect(v({ proto: PROTO_UDP, dport: 2377, saddr: '192.168.56.12' })).toBe('drop');
    expect(v({ proto: PROTO_ESP, saddr: '172.16.0.1' })).toBe('drop');
    expect(v({ proto: PROTO_TCP, dport: 22, saddr: '172.16.0.1' })).toBe('accept');
    expect(v({ proto: PROTO_ESP, iif: 'lo' })).toBe('accept');
  });

  it('finds port 50 in a port-50 ruleset, follows jumps to a user chain', () => {
    const { value } = parseNftJson(fx('nft-port50.json'));
    expect(port50Rules(value)).toHaveLength(2);
    expect(evaluateInput(value, { proto: PROTO_ESP, saddr: '192.168.56.12' }).verdict).toBe('drop');
    expect(evaluateInput(value, { proto: PROTO_TCP, dport: 8050 }).verdict).toBe('accept');
    expect(evaluateInput(value, { proto: PROTO_TCP, dport: 8200 }).verdict).toBe('drop');
    expect(evaluateInput(value, { proto: PROTO_UDP, dport: 7946 }).verdict).toBe('accept');
  });

  it('reads the docker host ruleset (iptables-nft xt expressions) without losing chains', () => {
    const { value } = parseNftJson(fx('nft-docker-host.json'));
    const filter = value.tables.find((t) => t.family === 'ip' && t.name === 'filter');
    expect(filter?.chains.map((c) => c.name)).toEqual(expect.arrayContaining(['INPUT', 'FORWARD', 'DOCKER-USER']));
    expect(evaluateInput(value, { proto: PROTO_ESP }).verdict).toBe('accept');
  });

  it('reads an iptables target in an xt expression as iptables-save does (MARK goes on to the next rule)', () => {
    const actions = (tables: readonly FwTable[]) =>
      tables
        .find((t) => t.name === 'mangle')
        ?.chains.find((c) => c.name === 'OUTPUT')
        ?.rules.map((r) => r.action);
    const nft = actions(parseNftJson(fx('nft-docker-host.json')).value.tables);
    expect(nft).toEqual([{ kind: 'none' }]);
    expect(nft).toEqual(actions(parseIptablesSave(fx('iptables-save-docker-host.txt')).value.tables));
  });
});

describe('parseNftJson on hostile input', () => {
  it('refuses what is not an nft JSON dump with a clear error', () => {
    expect(() => parseNftJson('table inet x {}')).toThrow(InputError);
    expect(() => parseNftJson('{"tables": []}')).toThrow(/no "nftables" array/);
  });

  it('turns odd statements into undecidable conditions rather than guesses', () => {
    const doc = {
      nftables: [
        { chain: { family: 'inet', table: 't', name: 'in', type: 'filter', hook: 'input', prio: 'filter', policy: 'drop' } },
        {
          rule: {
            family: 'inet',
            table: 't',
            chain: 'in',
            expr: [
              { match: { op: '==', left: { payload: { protocol: 'udp', field: 'dport' } }, right: { set: [4789, { range: [7946, 7947] }] } } },
              { limit: { rate: 10 } },
              { accept: null },
            ],
          },
        },
        {
          rule: { family: 'inet', table: 't', chain: 'in', expr: [{ match: { op: '!=', left: { meta: { key: 'l4proto' } }, right: 'esp' } }, { drop: null }] },
        },
        {
          rule: {
            family: 'inet',
            table: 't',
            chain: 'in',
            expr: [{ match: { op: '==', left: { meta: { key: 'l4proto' } }, right: 50 } }, { counter: { packets: 1, bytes: 2 } }, { accept: null }],
          },
        },
        { rule: { family: 'inet', table: 't', chain: 'in', expr: 'nope' } },
        42,
      ],
    };
    const { value, warnings } = parseNftJson(JSON.stringify(doc));
    expect(warnings.map((w) => english(w))).toEqual(['item 4: rule without chain or expr', 'item 5: not an object']);
    const udp = evaluateInput(value, { proto: PROTO_UDP, dport: 4789 });
    expect(udp.verdict).toBe('drop'); // the limit makes the accept undecidable; then "not esp" drops
    expect(udp.uncertain.join()).toContain('limit');
    expect(evaluateInput(value, { proto: PROTO_ESP }).verdict).toBe('accept');
  });

  it('never throws on arbitrary JSON inside the nftables array', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 10 }), (items) => {
        const r = parseNftJson(JSON.stringify({ nftables: items }));
        evaluateInput(r.value, { proto: PROTO_ESP, saddr: '10.0.0.1' });
      }),
    );
  });
});
