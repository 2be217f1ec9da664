import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { english } from '../../../src/core/message.js';
import { parseXfrmPolicy, parseXfrmStat, parseXfrmState } from '../../../src/network/parse/xfrm.js';

const fx = (name: string) => readFileSync(`test/fixtures/network/${name}`, 'utf8');

describe('parseXfrmState', () => {
  it('reads Docker overlay SAs: ESP transport, reqid 13681891, rfc4106(gcm(aes))', () => {
    const { value, warnings } = parseXfrmState(fx('xfrm-state-swarm-3-nodes.txt'));
    expect(warnings).toEqual([]);
    expect(value).toHaveLength(4);
    expect(value[0]).toMatchObject({ src: '192.168.56.11', dst: '192.168.56.12', proto: 'esp', spi: '0x8f3a61c2', reqid: 13681891, mode: 'transport' });
    expect(value[0]?.algorithms).toEqual([{ role: 'aead', name: 'rfc4106(gcm(aes))', keyBits: 160, icvBits: 64 }]);
  });

  it('reads `ip -s xfrm state`: annotated numbers, byte/packet counts, failures', () => {
    const { value, warnings } = parseXfrmState(fx('xfrm-state-stats.txt'));
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({ spi: '0x8f3a61c2', reqid: 13681891, bytes: 61320, packets: 420, failed: 0 });
    expect(value[0]?.algorithms[0]).toEqual({ role: 'aead', name: 'rfc4106(gcm(aes))', keyBits: 160, icvBits: 64 });
    expect(value[1]).toMatchObject({ src: '192.168.56.12', failed: 3, packets: 415 });
  });

  it('never keeps key material', () => {
    const text = fx('xfrm-state-stats.txt') + fx('xfrm-state-swarm-3-nodes.txt');
    const keys = [...text.matchAll(/0x[0-9a-f]{40}/g)].map((m) => m[0]);
    expect(keys.length).toBeGreaterThan(0);
    const out = JSON.stringify(parseXfrmState(text).value);
    for (const k of keys) expect(out).not.toContain(k.slice(2));
  });

  it('reads an empty table and complains about garbage without throwing', () => {
    expect(parseXfrmState('').value).toEqual([]);
    const { value, warnings } = parseXfrmState('hello world\n\tproto esp\nsrc 1.2.3.4 dst 5.6.7.8\n\treplay-window 0\n');
    expect(value).toEqual([]);
    expect(warnings.map((w) => english(w))).toEqual(['line 1: expected "src A dst B"', 'line 3: state without "proto"']);
    fc.assert(fc.property(fc.string(), (s) => void parseXfrmState(s)));
  });
});

describe('parseXfrmPolicy', () => {
  it('reads the overlay policies (udp 4789 out, mark 0xd0c4e3, ESP template) and skips socket policies', () => {
    const { value, warnings } = parseXfrmPolicy(fx('xfrm-policy-swarm-3-nodes.txt'));
    expect(warnings).toEqual([]);
    expect(value).toHaveLength(2);
    expect(value[0]).toMatchObject({
      src: '192.168.56.11/32',
      dst: '192.168.56.12/32',
      proto: 'udp',
      dport: 4789,
      dir: 'out',
      priority: 0,
      mark: '0xd0c4e3/0xffffffff',
    });
    expect(value[0]?.templates).toEqual([{ src: '192.168.56.11', dst: '192.168.56.12', proto: 'esp', spi: '0x8f3a61c2', reqid: 13681891, mode: 'transport' }]);
    fc.assert(fc.property(fc.string(), (s) => void parseXfrmPolicy(s)));
  });
});

describe('parseXfrmStat', () => {
  it('reads counters from a host that drops for lack of SAs', () => {
    const { value, warnings } = parseXfrmStat(fx('xfrm-stat-no-states.txt'));
    expect(warnings).toEqual([]);
    expect(value.XfrmOutNoStates).toBe(342);
    expect(value.XfrmInNoStates).toBe(17);
    expect(Object.keys(value)).toHaveLength(32);
  });
  it("reads this machine's recorded counters", () => {
    expect(parseXfrmStat(fx('xfrm-stat-this-host.txt')).value.XfrmInError).toBe(0);
  });
  it('warns about lines that are not counters', () => {
    const { value, warnings } = parseXfrmStat('XfrmInError 1\nnonsense\nXfrmOut -3\n');
    expect(value).toEqual({ XfrmInError: 1 });
    expect(warnings.map((w) => english(w))).toEqual(['line 2: not "XfrmName value"', 'line 3: not "XfrmName value"']);
  });
});
