// Overlay networks (including the stack's implicit default network) whose VXLAN traffic between nodes is not encrypted.
import { cis, nist } from '../../core/finding.js';
import type { Occurrence } from '../../core/check.js';
import { composeMessages as M } from '../messages.js';
import type { NetworkModel } from '../model.js';
import { encryptedOptionSaysFalse, isEncryptedOverlay } from '../../security/overlay.js';
import { defineRule, docs, report, services } from './rule.js';

/** `docker stack deploy` creates networks with the overlay driver unless one is named. */
export function isOverlay(n: NetworkModel): boolean {
  return !n.external && (n.driver === undefined || n.driver === 'overlay');
}

/**
 * The engine's overlay driver turns encryption on when the `encrypted` option is present, whatever its value
 * (libnetwork only checks that the key exists). So `""`, `"true"` and even `"false"` all encrypt.
 */
export function isEncrypted(n: NetworkModel): boolean {
  return isEncryptedOverlay(n.driverOpts);
}

export const overlayNotEncrypted = defineRule(
  {
    id: 'overlay-not-encrypted',
    title: 'Overlay network traffic is not encrypted',
    severity: 'HIGH',
    description:
      'Swarm overlay networks carry service-to-service traffic between nodes as plain VXLAN unless the network has the ' +
      "`encrypted` driver option (IPsec ESP). A service without `networks:` joins the stack's implicit `default` network, " +
      'which is an unencrypted overlay. The option counts when present with any value ("" and "true" are the usual forms).',
    remediation:
      'Add `driver_opts: {encrypted: ""}` to the overlay network, and attach services to an explicitly declared encrypted ' +
      'network instead of the implicit default (`swarmguard compose lint --fix` does both). Nodes must allow IP protocol 50 (ESP).',
    references: [
      cis('7.3'),
      nist('4.3.3', 'Poorly separated inter-container network traffic'),
      docs('https://docs.docker.com/engine/network/drivers/overlay/#encrypt-traffic-on-an-overlay-network', 'Encrypt traffic on an overlay network'),
    ],
    fixable: true,
  },
  (ctx) => {
    const out: Occurrence[] = [];
    for (const n of Object.values(ctx.model.networks)) {
      if (n.implicit) {
        for (const svc of services(ctx)) {
          const usesDefault = svc.networks === undefined || Object.prototype.hasOwnProperty.call(svc.networks, 'default');
          if (!usesDefault) continue;
          const path = svc.networks === undefined ? ['services', svc.name] : ['services', svc.name, 'networks', 'default'];
          out.push(
            report(ctx, path, M.say('compose.rule.overlayNotEncrypted.implicit', { service: svc.name }), {
              evidence: { service: svc.name, network: 'default', implicit: true },
            }),
          );
        }
        continue;
      }
      if (!isOverlay(n)) continue;
      if (!isEncrypted(n)) {
        out.push(
          report(ctx, ['networks', n.key], M.say('compose.rule.overlayNotEncrypted.noOption', { network: n.key }), {
            evidence: { network: n.key, driver: n.driver ?? 'overlay (default)', driverOpts: Object.keys(n.driverOpts) },
          }),
        );
      } else if (encryptedOptionSaysFalse(n.driverOpts)) {
        out.push(
          report(ctx, ['networks', n.key, 'driver_opts', 'encrypted'], M.say('compose.rule.overlayNotEncrypted.saysFalse', { network: n.key }), {
            severity: 'INFO',
            evidence: { network: n.key, encrypted: 'false' },
            remediation: 'Write `encrypted: ""` to say what the engine does, or remove the option if you really want plaintext.',
          }),
        );
      }
    }
    return out;
  },
);
