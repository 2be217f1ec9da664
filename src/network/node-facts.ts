// What one node's network looks like, as plain data: firewall rulesets, kernel support, IPsec state, cluster peers.
import { english, type Message } from '../core/message.js';
import type { Ruleset } from './firewall.js';
import { networkMessages as M } from './messages.js';
import type { XfrmPolicy, XfrmState } from './parse/xfrm.js';

export interface ClusterNode {
  id: string;
  hostname: string;
  /** The address other nodes reach it on (Status.Addr). */
  addr: string;
  role: string;
}

export interface EncryptedNetworkSpan {
  id: string;
  name: string;
  /** Nodes with a running task attached to this network. */
  nodes: ClusterNode[];
}

export interface KernelFacts {
  release: string;
  /** Parsed kernel config and where it came from; absent when neither /proc/config.gz nor /boot/config-* was readable. */
  config?: Record<string, string>;
  configSource?: string;
  /** /proc/modules names (underscored). */
  loadedModules?: string[];
  /** /sys/module entries: loaded modules and built-ins that have parameters. */
  sysModules?: string[];
  /** Module files under /lib/modules/RELEASE (basenames without .ko*). */
  availableModules?: string[];
  /** /proc/crypto algorithm names. */
  crypto?: string[];
  /** /proc/net/ip_tables_matches. */
  xtMatches?: string[];
  /** /proc/net/ip_vs exists: IPVS is loaded (in this network namespace). */
  ipvs: boolean;
}

export interface XfrmFacts {
  states?: XfrmState[];
  policies?: XfrmPolicy[];
  stat?: Record<string, number>;
  /** A second read of xfrm_stat after `statIntervalMs`, to tell rising counters from old ones. */
  statLater?: Record<string, number>;
  statIntervalMs?: number;
  /** What could not be read, by message id (a system error as it is). */
  errors: Message[];
}

export interface FirewallFacts {
  rulesets: Ruleset[];
  /** e.g. "iptables-save (nf_tables)", "nft -j list ruleset". */
  sources: string[];
  /** What could not be read, by message id (a system error as it is). */
  errors: Message[];
  /** What the readers skipped in the dumps, by message id ("iptables-save: line 7: bad chain line"). */
  warnings: Message[];
}

export interface NodeNetworkFacts {
  hostname: string;
  engineVersion?: string;
  /** This node in the swarm, when the engine says. */
  node?: ClusterNode;
  peers: ClusterNode[];
  firewall: FirewallFacts;
  kernel: KernelFacts;
  xfrm: XfrmFacts;
  encryptedNetworks: EncryptedNetworkSpan[];
}

/** The facts as a JSON report writes them: what was said by id (errors, warnings) in English, as every machine format keeps it. */
export interface NodeNetworkFactsJson extends Omit<NodeNetworkFacts, 'firewall' | 'xfrm'> {
  firewall: Omit<FirewallFacts, 'errors' | 'warnings'> & { errors: string[]; warnings: string[] };
  xfrm: Omit<XfrmFacts, 'errors'> & { errors: string[] };
}

export function nodeFactsJson(facts: NodeNetworkFacts): NodeNetworkFactsJson {
  const inEnglish = (list: readonly Message[]) => list.map((m) => english(m));
  return {
    ...facts,
    firewall: { ...facts.firewall, errors: inEnglish(facts.firewall.errors), warnings: inEnglish(facts.firewall.warnings) },
    xfrm: { ...facts.xfrm, errors: inEnglish(facts.xfrm.errors) },
  };
}

/** Whether the kernel can do something, and how that was found: `how` in English, `said` by message id for printers. */
export type Support = { state: 'yes' | 'no' | 'unknown'; how: string; said: Message };

interface Feature {
  config: string;
  modules: string[];
  /** A positive answer read directly from a /proc listing. */
  direct?: (k: KernelFacts) => string | undefined;
}

export const KERNEL_FEATURES = {
  esp: { config: 'CONFIG_INET_ESP', modules: ['esp4'] },
  xfrmUser: { config: 'CONFIG_XFRM_USER', modules: ['xfrm_user'] },
  gcm: {
    config: 'CONFIG_CRYPTO_GCM',
    modules: ['gcm'],
    direct: (k) => k.crypto?.find((n) => n === 'rfc4106(gcm(aes))' || n === 'gcm(aes)'),
  },
  u32: { config: 'CONFIG_NETFILTER_XT_MATCH_U32', modules: ['xt_u32'], direct: (k) => (k.xtMatches?.includes('u32') ? 'u32' : undefined) },
  ipvs: { config: 'CONFIG_IP_VS', modules: ['ip_vs'], direct: (k) => (k.ipvs ? '/proc/net/ip_vs' : undefined) },
} satisfies Record<string, Feature>;

export type KernelFeature = keyof typeof KERNEL_FEATURES;

/** Whether the kernel can do something, from the strongest evidence available. */
export function kernelSupport(k: KernelFacts, feature: KernelFeature): Support {
  const f: Feature = KERNEL_FEATURES[feature];
  const said = (state: Support['state'], message: Message): Support => ({ state, how: english(message), said: message });
  const direct = f.direct?.(k);
  if (direct !== undefined) return said('yes', M.say('network.support.present', { what: direct }));
  for (const m of f.modules) {
    if (k.loadedModules?.includes(m)) return said('yes', M.say('network.support.loaded', { module: m }));
    if (k.sysModules?.includes(m)) return said('yes', M.say('network.support.present', { what: `/sys/module/${m}` }));
  }
  const cfg = k.config?.[f.config];
  const dir = `/lib/modules/${k.release}`;
  if (cfg === 'y') return said('yes', M.say('network.support.builtIn', { config: f.config }));
  const file = f.modules.find((m) => k.availableModules?.includes(m));
  if (file !== undefined) return said('yes', M.say('network.support.available', { module: file, dir }));
  if (cfg === 'm') {
    if (k.availableModules !== undefined) return said('no', M.say('network.support.noFile', { config: f.config, modules: f.modules.join('/'), dir }));
    return said('yes', M.say('network.support.module', { config: f.config }));
  }
  if (cfg === 'n') return said('no', M.say('network.support.notSet', { config: f.config }));
  if (k.config !== undefined) return said('no', M.say('network.support.absent', { config: f.config }));
  return said('unknown', M.say('network.support.unknown', { modules: f.modules.join('/') }));
}
