import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { kernelSupport, type KernelFacts } from '../../../src/network/node-facts.js';
import { parseKernelConfig, parseProcCrypto, parseProcModules } from '../../../src/network/parse/kernel.js';

const fx = (name: string) => readFileSync(`test/fixtures/network/${name}`, 'utf8');

describe('kernel parsers', () => {
  it('/proc/modules', () => {
    const { value, warnings } = parseProcModules(fx('proc-modules-swarm-node.txt'));
    expect(warnings).toEqual([]);
    expect(value.map((m) => m.name)).toEqual(expect.arrayContaining(['esp4', 'xfrm_user', 'xt_u32', 'ip_vs', 'gcm']));
    expect(value[0]).toEqual({ name: 'esp4', size: 24576, refcount: 4, state: 'Live' });
    expect(parseProcModules('bad line\n\n').warnings.map((w) => english(w))).toEqual(['line 1: not a module line']);
  });

  it('/proc/crypto, recorded on a kernel without GCM and written for one with aesni', () => {
    const none = parseProcCrypto(fx('proc-crypto-no-gcm.txt')).value.map((a) => a.name);
    expect(none).toContain('cbc(aes)');
    expect(none).not.toContain('rfc4106(gcm(aes))');
    const gcm = parseProcCrypto(fx('proc-crypto-gcm.txt')).value;
    expect(gcm[0]).toEqual({ name: 'rfc4106(gcm(aes))', driver: 'rfc4106-gcm-aesni', module: 'aesni_intel', type: 'aead' });
  });

  it('kernel config, built-in, module and not set', () => {
    const c = parseKernelConfig(fx('kernel-config-no-esp.txt')).value;
    expect(c.CONFIG_XFRM_USER).toBe('y');
    expect(c.CONFIG_INET_ESP).toBe('n');
    expect(parseKernelConfig(fx('kernel-config-debian.txt')).value.CONFIG_INET_ESP).toBe('m');
    expect(parseKernelConfig('CONFIG_LOCALVERSION="-fc"').value.CONFIG_LOCALVERSION).toBe('-fc');
    expect(parseKernelConfig('just text').warnings.map((w) => english(w))).toEqual(['no CONFIG_ lines: not a kernel config']);
  });

  it('parsers never throw', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        parseProcModules(s);
        parseProcCrypto(s);
        parseKernelConfig(s);
      }),
    );
  });
});

describe('kernelSupport', () => {
  const base: KernelFacts = { release: '6.1.0-18-amd64', ipvs: false };
  it('this machine: ESP and GCM missing by config, u32 present by match list, no IPVS', () => {
    const k: KernelFacts = {
      ...base,
      config: parseKernelConfig(fx('kernel-config-no-esp.txt')).value,
      crypto: parseProcCrypto(fx('proc-crypto-no-gcm.txt')).value.map((a) => a.name),
      xtMatches: ['u32', 'tcp'],
    };
    expect(kernelSupport(k, 'esp')).toMatchObject({ state: 'no', how: 'CONFIG_INET_ESP is not set', said: { id: 'network.support.notSet' } });
    expect(localizeMessage(kernelSupport(k, 'esp').said, 'ja')).toBe('CONFIG_INET_ESP は設定されていません');
    expect(kernelSupport(k, 'gcm').state).toBe('no');
    expect(kernelSupport(k, 'xfrmUser').state).toBe('yes');
    expect(kernelSupport(k, 'u32')).toMatchObject({ state: 'yes', how: 'u32 present' });
    expect(kernelSupport(k, 'ipvs').state).toBe('no');
  });

  it('a Debian node: modules loaded or loadable', () => {
    const k: KernelFacts = {
      ...base,
      ipvs: true,
      config: parseKernelConfig(fx('kernel-config-debian.txt')).value,
      loadedModules: parseProcModules(fx('proc-modules-swarm-node.txt')).value.map((m) => m.name),
      crypto: parseProcCrypto(fx('proc-crypto-gcm.txt')).value.map((a) => a.name),
    };
    expect(kernelSupport(k, 'esp')).toMatchObject({ state: 'yes', how: 'module esp4 loaded' });
    expect(kernelSupport(k, 'gcm').how).toBe('rfc4106(gcm(aes)) present');
    expect(kernelSupport(k, 'ipvs').how).toBe('/proc/net/ip_vs present');
  });

  it('=m without the module file installed is "no"; =m with unknown files is "yes"; nothing known is "unknown"', () => {
    expect(kernelSupport({ ...base, config: { CONFIG_NETFILTER_XT_MATCH_U32: 'm' }, availableModules: ['esp4'] }, 'u32').state).toBe('no');
    expect(kernelSupport({ ...base, config: { CONFIG_NETFILTER_XT_MATCH_U32: 'm' } }, 'u32').state).toBe('yes');
    expect(kernelSupport({ ...base, availableModules: ['xt_u32'] }, 'u32').how).toMatch(/available/);
    expect(kernelSupport(base, 'esp').state).toBe('unknown');
    expect(kernelSupport({ ...base, config: {} }, 'esp').state).toBe('no');
  });
});
