// Kernel support checks: IPsec (ESP, xfrm_user, AES-GCM) for encrypted overlays, xt_u32 (CVE-2023-28840/28841), IPVS for VIPs.
import semver from 'semver';
import { defineCheck } from '../../core/check.js';
import { networkMessages as M } from '../messages.js';
import { kernelSupport, type NodeNetworkFacts, type Support } from '../node-facts.js';
import { CVE_OVERLAY_UNAUTHENTICATED, CVE_OVERLAY_UNENCRYPTED, DOCS_OVERLAY_ENCRYPTION, NIST_NETWORK_SEPARATION } from '../references.js';
import { nodeOccurrence } from './node-helpers.js';

export const kernelNoIpsec = defineCheck<NodeNetworkFacts>(
  {
    id: 'kernel-no-ipsec',
    title: 'The kernel cannot do the IPsec encrypted overlays need',
    severity: 'HIGH',
    description:
      'Encrypted overlays program ESP transport-mode SAs with rfc4106(gcm(aes)) through xfrm_user. Without ESP (esp4), xfrm_user or AES-GCM no SA can exist, and traffic between nodes on an encrypted overlay is dropped (it fails closed, it is not sent in plaintext).',
    remediation:
      'Use a kernel with CONFIG_INET_ESP, CONFIG_XFRM_USER and CONFIG_CRYPTO_GCM (as modules: `modprobe esp4 xfrm_user gcm`; make them load at boot via /etc/modules-load.d/). Until then, services that must talk across nodes on this node cannot use an encrypted overlay.',
    references: [DOCS_OVERLAY_ENCRYPTION, NIST_NETWORK_SEPARATION],
  },
  (facts) => {
    const parts: [string, Support][] = [
      ['ESP (esp4)', kernelSupport(facts.kernel, 'esp')],
      ['xfrm_user', kernelSupport(facts.kernel, 'xfrmUser')],
      ['AES-GCM (rfc4106(gcm(aes)))', kernelSupport(facts.kernel, 'gcm')],
    ];
    const missing = parts.filter(([, s]) => s.state === 'no');
    const unknown = parts.filter(([, s]) => s.state === 'unknown');
    const evidence = {
      ...Object.fromEntries(parts.map(([n, s]) => [n, `${s.state}: ${s.how}`])),
      kernel: facts.kernel.release,
      encryptedNetworks: facts.encryptedNetworks.map((n) => n.name),
    };
    const inUse = facts.encryptedNetworks.length > 0;
    const kernel = facts.kernel.release;
    if (missing.length > 0) {
      const lacks = missing.map(([n]) => n).join(', ');
      return [
        nodeOccurrence(
          facts,
          inUse
            ? M.say('network.rule.kernelNoIpsec.inUse', { kernel, missing: lacks, networks: facts.encryptedNetworks.map((n) => n.name).join(', ') })
            : M.say('network.rule.kernelNoIpsec', { kernel, missing: lacks }),
          evidence,
          { severity: inUse ? 'HIGH' : 'MEDIUM' },
        ),
      ];
    }
    if (unknown.length > 0) {
      return [
        nodeOccurrence(facts, M.say('network.rule.kernelIpsecUnknown', { kernel, unknown: unknown.map(([n]) => n).join(', ') }), evidence, {
          severity: 'INFO',
        }),
      ];
    }
    return [];
  },
);

/** Engines that refuse to run encrypted overlays without xt_u32 instead of sending them in plaintext. */
export function engineHasXtU32Fix(version: string | undefined): boolean | undefined {
  if (version === undefined) return undefined;
  // Docker versions have leading zeros ("19.03.15") that strict semver refuses.
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  if (!m) return undefined;
  const v = semver.parse(`${Number(m[1])}.${Number(m[2])}.${Number(m[3])}`);
  if (!v) return undefined;
  if (v.major < 20) return false;
  if (v.major === 20) return semver.gte(v, '20.10.24');
  if (v.major === 23) return semver.gte(v, '23.0.3');
  return true;
}

export const kernelNoXtU32 = defineCheck<NodeNetworkFacts>(
  {
    id: 'kernel-no-xt-u32',
    title: 'The kernel has no xt_u32 match: encrypted overlays are unsafe or unusable',
    severity: 'HIGH',
    description:
      'The overlay driver marks VXLAN packets of encrypted networks for IPsec with an iptables `u32` rule and drops unencrypted ones the same way. Without xt_u32, engines before 20.10.24 / 23.0.3 sent "encrypted" traffic in plaintext and accepted unauthenticated packets (CVE-2023-28841, CVE-2023-28840); fixed engines refuse to attach containers to encrypted networks instead.',
    remediation:
      'Load it (`modprobe xt_u32`, and list it in /etc/modules-load.d/) or use a kernel that has CONFIG_NETFILTER_XT_MATCH_U32; upgrade the engine to 20.10.24 / 23.0.3 or later in any case.',
    references: [CVE_OVERLAY_UNENCRYPTED, CVE_OVERLAY_UNAUTHENTICATED, DOCS_OVERLAY_ENCRYPTION],
  },
  (facts) => {
    const s = kernelSupport(facts.kernel, 'u32');
    if (s.state !== 'no') return [];
    const fixed = engineHasXtU32Fix(facts.engineVersion);
    const plaintext = fixed === false;
    const engine = facts.engineVersion;
    // Only a version that was read can be fixed or not (engineHasXtU32Fix), so an engine without one is unknown too.
    const message = !engine
      ? M.say('network.rule.noXtU32.noVersion')
      : plaintext
        ? M.say('network.rule.noXtU32.plaintext', { engine })
        : fixed === undefined
          ? M.say('network.rule.noXtU32.unknownVersion', { engine })
          : M.say('network.rule.noXtU32.refused', { engine });
    return [
      nodeOccurrence(
        facts,
        message,
        // The decision travels with the finding, so no reader (a printer, a translation) has to make it again.
        { xt_u32: `${s.state}: ${s.how}`, engineVersion: facts.engineVersion ?? null, engineRefusesPlaintext: fixed ?? null },
        { severity: plaintext ? 'CRITICAL' : 'HIGH' },
      ),
    ];
  },
);

export const kernelNoIpvs = defineCheck<NodeNetworkFacts>(
  {
    id: 'kernel-no-ipvs',
    title: 'The kernel has no IPVS: service VIPs do not route on this node',
    severity: 'MEDIUM',
    description:
      "A service in the default `endpoint_mode: vip` is reached through a virtual IP that IPVS load-balances inside each task's network namespace. Without ip_vs the name resolves to the VIP and every connection to it times out.",
    remediation:
      'Use a kernel with CONFIG_IP_VS (`modprobe ip_vs`), or deploy the services with `deploy: {endpoint_mode: dnsrr}` (DNS round robin: the name resolves to the task addresses; no published ports in ingress mode).',
    references: [{ type: 'docs', id: 'swarm-endpoint-mode', url: 'https://docs.docker.com/reference/compose-file/deploy/#endpoint_mode' }],
  },
  (facts) => {
    const s = kernelSupport(facts.kernel, 'ipvs');
    if (s.state !== 'no') return [];
    return [
      nodeOccurrence(facts, M.say('network.kernel.noIpvs', { kernel: facts.kernel.release, how: s.said }), {
        ip_vs: `${s.state}: ${s.how}`,
        kernel: facts.kernel.release,
      }),
    ];
  },
);
