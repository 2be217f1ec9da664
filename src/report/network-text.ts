// The tables of `network check` and `network diagnose`, in the reader's language: overlay networks with their
// encryption, and what was read on this node (peers, firewall, kernel features, IPsec SAs).
import { renderTable } from '../core/table.js';
import { createStyler } from '../core/style.js';
import { currentLocale } from '../i18n/locale.js';
import type { Message } from '../core/message.js';
import { JA_SUPPORT_STATE } from '../i18n/ja/network-text.js';
import { t } from '../i18n/messages.js';
import { inLocale } from '../i18n/user-errors.js';
import { encryptionLocation, type OverlayNetwork } from '../network/overlay.js';
import { kernelSupport, KERNEL_FEATURES, type KernelFeature, type NodeNetworkFacts } from '../network/node-facts.js';

export function overlayTable(networks: OverlayNetwork[], color: boolean): string {
  const s = createStyler(color);
  const yesNo = (b: boolean) => (b ? t('network.yes') : t('network.no'));
  const rows = networks.map((n) => [
    n.name,
    n.scope,
    yesNo(n.attachable),
    yesNo(n.internal),
    n.ingress ? t('network.yes') : '',
    n.encrypted ? s.green(t('network.yes')) : s.red(t('network.no')),
    inLocale(encryptionLocation(n)),
    (n.services ?? []).join(','),
  ]);
  const head = ['network', 'scope', 'attachable', 'internal', 'ingress', 'encrypted', 'option', 'services'] as const;
  return renderTable(
    head.map((h) => t(`network.col.${h}`)),
    rows,
  );
}

/** A short summary of what was read on this node, shown before the findings. */
export function nodeSummary(facts: NodeNetworkFacts): string {
  const ja = currentLocale() === 'ja';
  const notRead = (errors: readonly Message[]) => t('network.notRead', { errors: errors.map((e) => inLocale(e)).join('; ') });
  const rows: string[][] = [
    [t('network.row.node'), `${facts.hostname}${facts.node ? ` (${facts.node.role || 'node'} ${facts.node.addr})` : ''}`],
    [t('network.row.peers'), facts.peers.map((p) => `${p.hostname} ${p.addr}`).join(', ') || '-'],
    [t('network.row.firewall'), facts.firewall.sources.join(', ') || notRead(facts.firewall.errors)],
  ];
  const names: Record<KernelFeature, string> = { esp: 'ESP', xfrmUser: 'xfrm_user', gcm: 'AES-GCM', u32: 'xt_u32', ipvs: 'IPVS' };
  for (const f of Object.keys(KERNEL_FEATURES) as KernelFeature[]) {
    const s = kernelSupport(facts.kernel, f);
    rows.push([names[f], ja ? `${JA_SUPPORT_STATE[s.state] ?? s.state}（${inLocale(s.said)}）` : `${s.state} (${s.how})`]);
  }
  rows.push([t('network.row.sas'), facts.xfrm.states ? String(facts.xfrm.states.filter((s) => s.proto === 'esp').length) : notRead(facts.xfrm.errors)]);
  rows.push([
    t('network.row.encryptedInUse'),
    facts.encryptedNetworks.map((n) => t('network.onNodes', { network: n.name, count: n.nodes.length })).join(', ') || '-',
  ]);
  return renderTable(null, rows);
}
