// An overlay network (other than ingress) whose traffic between nodes is plain VXLAN.
import { defineCheck } from '../../core/check.js';
import { networkMessages as M } from '../messages.js';
import type { OverlayNetwork } from '../overlay.js';
import { DOCS_OVERLAY_ENCRYPTION, OVERLAY_REFERENCES } from '../references.js';

export const overlayNotEncrypted = defineCheck<OverlayNetwork[]>(
  {
    id: 'overlay-not-encrypted',
    title: 'Overlay network is not encrypted',
    severity: 'HIGH',
    description:
      'Traffic between containers on different nodes crosses the node network as plain VXLAN (UDP 4789): anyone on the path reads and can inject it.',
    remediation:
      'Create the network with encryption: in a stack file `driver_opts: {encrypted: ""}` under the network; on the command line `docker network create --driver overlay --opt encrypted NAME`. An existing network cannot be changed: remove the stack (or the services using it), remove the network, recreate it.',
    references: [...OVERLAY_REFERENCES, DOCS_OVERLAY_ENCRYPTION],
  },
  (networks) => {
    return networks
      .filter((n) => !n.ingress && !n.encrypted)
      .map((n) => ({
        target: { kind: 'network' as const, name: n.name, id: n.id },
        message:
          n.services && n.services.length > 0
            ? M.say('network.rule.overlayNotEncrypted.services', { name: n.name, services: n.services.join(', ') })
            : M.say('network.rule.overlayNotEncrypted', { name: n.name }),
        evidence: {
          scope: n.scope,
          attachable: n.attachable,
          internal: n.internal,
          'Options.encrypted': null,
          ...(n.stack !== undefined ? { stack: n.stack } : {}),
          ...(n.services ? { services: n.services } : {}),
        },
        remediation: n.stack
          ? `in the stack file of ${n.stack}, give this network \`driver_opts: {encrypted: ""}\`, then \`docker stack rm ${n.stack}\` and deploy again (the network is recreated)`
          : `docker network rm ${n.name} && docker network create --driver overlay --opt encrypted${n.attachable ? ' --attachable' : ''}${n.internal ? ' --internal' : ''} ${n.name} (after removing the services that use it)`,
      }));
  },
);
