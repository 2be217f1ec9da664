// The `network check` and `network diagnose` tables in Japanese: headings, yes/no, where the encryption option sits,
// how each kernel feature was found and what could not be read; kernel options, modules and paths unchanged.
import { networkMessages } from '../../../src/network/messages.js';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../src/i18n/locale.js';
import type { OverlayNetwork } from '../../../src/network/overlay.js';
import { nodeSummary, overlayTable } from '../../../src/report/network-text.js';
import { facts } from '../stack/verify-fixtures.js';
import { englishSentences } from './english.js';
import { JAPANESE } from './ja-helpers.js';

const net = (over: Partial<OverlayNetwork>): OverlayNetwork => ({
  id: 'x',
  name: 'x',
  scope: 'swarm',
  attachable: false,
  internal: false,
  ingress: false,
  encrypted: false,
  encryptionKeys: [],
  ...over,
});
const networks = [
  net({ name: 'ingress', ingress: true }),
  net({ name: 'shop_backend', encrypted: true, encryptionKeys: [{ location: 'options', key: 'encrypted', value: '' }], services: ['shop_api', 'shop_db'] }),
  net({ name: 'shop_front', attachable: true, encryptionKeys: [{ location: 'ipam-options', key: 'encrypted', value: '' }] }),
];
// Kernels that reach each way a feature is found or missed.
const kernels = [
  facts(),
  facts({ kernel: { release: '6.1', ipvs: true, loadedModules: ['esp4', 'ip_vs'], sysModules: ['xt_u32'] } }),
  facts({ kernel: { release: '6.1', ipvs: false, config: { CONFIG_INET_ESP: 'm', CONFIG_IP_VS: 'm' }, availableModules: ['esp4'] } }),
  facts({
    kernel: { release: '6.1', ipvs: false },
    xfrm: { errors: [networkMessages.say('network.read.failed', { command: 'ip xfrm state' }), networkMessages.say('network.read.xfrmStat')] },
  }),
  facts({
    firewall: {
      ...facts().firewall,
      sources: [],
      errors: [networkMessages.say('network.read.failed', { command: 'iptables-save' }), networkMessages.say('network.read.failed', { command: 'nft' })],
    },
  }),
];

afterEach(() => setLocale('en'));

describe('network tables in Japanese', () => {
  it('overlay networks: headings, yes/no and the option remark', () => {
    setLocale('ja');
    const text = overlayTable(networks, false);
    expect(text.split('\n')[0]).toMatch(/^ネットワーク +スコープ +アタッチ可 +内部 +ingress +暗号化 +オプション +サービス$/);
    expect(text).toContain('IPAM.Options.encrypted（効果なし）');
    expect(text).toMatch(/shop_backend +swarm +いいえ +いいえ +はい +Options\.encrypted +shop_api,shop_db/);
    expect(englishSentences(text)).toEqual([]);
  });

  it('what was read on the node, for every kind of kernel and what could not be read', () => {
    setLocale('ja');
    for (const f of kernels) {
      const text = nodeSummary(f);
      expect(text).toMatch(JAPANESE);
      expect(englishSentences(text), text).toEqual([]);
    }
    expect(nodeSummary(kernels[0]!)).toMatch(/^ノード +node1/);
  });

  it('is unchanged in English', () => {
    expect(overlayTable(networks, false).split('\n')[0]).toMatch(/^NETWORK +SCOPE +ATTACHABLE/);
    for (const f of kernels) expect(nodeSummary(f)).not.toMatch(JAPANESE);
    expect(nodeSummary(kernels[3]!)).toContain('not read (ip xfrm state failed; /proc/net/xfrm_stat not readable');
  });
});
