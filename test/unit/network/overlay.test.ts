import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateOverlays } from '../../../src/network/checks/overlay.js';
import { describeEncryptionLocation, parseOverlayNetwork, type OverlayNetwork } from '../../../src/network/overlay.js';

// Recorded from Engine 20.10: GET /networks?filters={"driver":["overlay"]}
const recorded = JSON.parse(readFileSync('test/fixtures/network/engine-networks-overlay.json', 'utf8')) as unknown[];
const parsed = recorded.map(parseOverlayNetwork).filter((n): n is OverlayNetwork => n !== undefined);
const byName = (name: string) => {
  const n = parsed.find((x) => x.name === name);
  if (!n) throw new Error(`fixture lacks ${name}`);
  return n;
};

describe('parseOverlayNetwork', () => {
  it('reads the recorded engine networks', () => {
    expect(parsed.map((n) => n.name).sort()).toEqual(['ingress', 'sgt-enc', 'sgt-ipam', 'sgx_enc']);
    expect(byName('sgt-enc').encrypted).toBe(true);
    expect(byName('sgx_enc').encrypted).toBe(true);
    expect(byName('sgx_enc').stack).toBe('sgx');
    expect(byName('sgt-ipam').encrypted).toBe(false);
    expect(byName('sgt-ipam').encryptionKeys).toEqual([{ location: 'ipam-options', key: 'encrypted', value: 'true' }]);
    expect(byName('ingress').ingress).toBe(true);
    expect(byName('ingress').encrypted).toBe(false);
  });

  it('says where the option lives', () => {
    expect(describeEncryptionLocation(byName('sgt-enc'))).toBe('Options.encrypted');
    expect(describeEncryptionLocation(byName('sgt-ipam'))).toBe('IPAM.Options.encrypted (no effect)');
    expect(describeEncryptionLocation(byName('ingress'))).toBe('-');
  });

  it('treats the key as present whatever its value, as the overlay driver does', () => {
    const n = parseOverlayNetwork({ Name: 'x', Id: 'i', Driver: 'overlay', Options: { encrypted: '' } });
    expect(n?.encrypted).toBe(true);
    const wrongCase = parseOverlayNetwork({ Name: 'x', Id: 'i', Driver: 'overlay', Options: { Encrypted: 'true' } });
    expect(wrongCase?.encrypted).toBe(false);
    expect(describeEncryptionLocation(wrongCase as OverlayNetwork)).toBe('Options.Encrypted (no effect)');
  });

  it('ignores other drivers and malformed entries without throwing', () => {
    expect(parseOverlayNetwork({ Name: 'bridge', Id: 'b', Driver: 'bridge' })).toBeUndefined();
    for (const bad of [null, 1, 'overlay', [], { Driver: 'overlay' }, { Driver: 'overlay', Name: 3, Id: 'x' }]) {
      expect(parseOverlayNetwork(bad)).toBeUndefined();
    }
    const odd = parseOverlayNetwork({ Name: 'n', Id: 'i', Driver: 'overlay', Options: { encrypted: 5 }, IPAM: 'x', Labels: [1] });
    expect(odd?.encrypted).toBe(false);
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        parseOverlayNetwork(v);
        parseOverlayNetwork({ Driver: 'overlay', Name: 'n', Id: 'i', ...(typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {}) });
      }),
    );
  });
});

describe('overlay checks', () => {
  const findings = evaluateOverlays(parsed);
  const ids = (name: string) =>
    findings
      .filter((f) => f.target.kind === 'network' && f.target.name === name)
      .map((f) => f.id)
      .sort();

  it('flags an unencrypted overlay and the misplaced option, not the encrypted ones', () => {
    expect(ids('sgt-ipam')).toEqual(['overlay-encryption-option-misplaced', 'overlay-not-encrypted']);
    expect(ids('sgt-enc')).toEqual([]);
    expect(ids('sgx_enc')).toEqual([]);
  });

  it('reports ingress separately with the steps to recreate it', () => {
    expect(ids('ingress')).toEqual(['ingress-not-encrypted']);
    const f = findings.find((x) => x.id === 'ingress-not-encrypted');
    expect(f?.remediation).toContain('docker network rm ingress');
    expect(f?.remediation).toContain('docker network create --driver overlay --ingress --opt encrypted');
    expect(f?.remediation).toMatch(/publish/);
  });

  it('cites CIS 7.3 and NIST SP 800-190 4.3.3, with HIGH severity for the unencrypted overlay', () => {
    const f = findings.find((x) => x.id === 'overlay-not-encrypted');
    expect(f?.severity).toBe('HIGH');
    expect(f?.references.map((r) => `${r.type}:${r.id}`)).toEqual(expect.arrayContaining(['cis-docker:7.3', 'nist-800-190:4.3.3']));
    expect(f?.remediation).toMatch(/--opt encrypted/);
  });

  it('remediates a stack network through its stack file', () => {
    const n: OverlayNetwork = { ...byName('sgx_enc'), encrypted: false, encryptionKeys: [] };
    const [f] = evaluateOverlays([n]);
    expect(f?.remediation).toContain('driver_opts: {encrypted: ""}');
    expect(f?.remediation).toContain('docker stack rm sgx');
  });

  it('an encrypted ingress raises nothing; a misplaced option on an encrypted network raises nothing', () => {
    const ing: OverlayNetwork = { ...byName('ingress'), encrypted: true, encryptionKeys: [{ location: 'options', key: 'encrypted', value: '' }] };
    const both: OverlayNetwork = {
      ...byName('sgt-enc'),
      encryptionKeys: [...byName('sgt-enc').encryptionKeys, { location: 'labels', key: 'encrypted', value: 'x' }],
    };
    expect(evaluateOverlays([ing, both])).toEqual([]);
  });
});
