// The routing-mesh network `ingress` is created unencrypted by `docker swarm init`; it has to be recreated by hand.
import { defineCheck } from '../../core/check.js';
import { networkMessages as M } from '../messages.js';
import type { OverlayNetwork } from '../overlay.js';
import { DOCS_OVERLAY_ENCRYPTION, OVERLAY_REFERENCES } from '../references.js';

export const ingressNotEncrypted = defineCheck<OverlayNetwork[]>(
  {
    id: 'ingress-not-encrypted',
    title: 'The ingress (routing mesh) network is not encrypted',
    severity: 'MEDIUM',
    description:
      'Requests to a published port are forwarded over the `ingress` overlay to a node running a task. `docker swarm init` creates it unencrypted, and encrypting your own overlays does not change it.',
    remediation: [
      'Recreate ingress encrypted (published ports are unavailable meanwhile):',
      '1. remove or scale to no published ports every service that publishes a port in ingress mode (`docker service ls` shows them; `docker service update --publish-rm PORT SVC`, or `docker stack rm`);',
      '2. `docker network rm ingress` (answer y);',
      '3. `docker network create --driver overlay --ingress --opt encrypted --subnet 10.0.0.0/24 --gateway 10.0.0.1 ingress` (keep your subnet if you changed it);',
      '4. deploy the services again.',
    ].join(' '),
    references: [...OVERLAY_REFERENCES, DOCS_OVERLAY_ENCRYPTION],
  },
  (networks) => {
    return networks
      .filter((n) => n.ingress && !n.encrypted)
      .map((n) => ({
        target: { kind: 'network' as const, name: n.name, id: n.id },
        message: M.say('network.rule.ingressNotEncrypted', { name: n.name }),
        evidence: { ingress: true, 'Options.encrypted': null, ...(n.services ? { services: n.services } : {}) },
      }));
  },
);
