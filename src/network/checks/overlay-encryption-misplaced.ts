// The classic mistake: "encrypted" written into IPAM options or labels (or misspelt), where the driver never looks.
import { defineCheck } from '../../core/check.js';
import { networkMessages as M } from '../messages.js';
import { ENCRYPTED_OPTION, type OverlayNetwork } from '../overlay.js';
import { DOCS_OVERLAY_ENCRYPTION, OVERLAY_REFERENCES } from '../references.js';

const WHERE: Record<string, string> = { options: 'Options', 'ipam-options': 'IPAM.Options', labels: 'Labels' };

export const overlayEncryptionMisplaced = defineCheck<OverlayNetwork[]>(
  {
    id: 'overlay-encryption-option-misplaced',
    title: 'Encryption option is set where the overlay driver ignores it',
    severity: 'HIGH',
    description:
      'The overlay driver turns on IPsec only for the driver option `encrypted` (`Options.encrypted`). The same word in IPAM options, in a label, or with another spelling looks right in `docker network inspect` and does nothing.',
    remediation:
      'Move it to the driver options: `driver_opts: {encrypted: ""}` in the stack file (not under `ipam.options`, not under `labels`), or `docker network create --opt encrypted`. Recreate the network.',
    references: [...OVERLAY_REFERENCES, DOCS_OVERLAY_ENCRYPTION],
  },
  (networks) => {
    return networks.flatMap((n) => {
      if (n.encrypted) return [];
      const wrong = n.encryptionKeys.filter((k) => !(k.location === 'options' && k.key === ENCRYPTED_OPTION));
      if (wrong.length === 0) return [];
      const places = wrong.map((k) => `${WHERE[k.location] ?? k.location}.${k.key}`);
      return [
        {
          target: { kind: 'network' as const, name: n.name, id: n.id },
          message: M.say('network.rule.encryptionMisplaced', { name: n.name, places: places.join(', ') }),
          evidence: { found: places, 'Options.encrypted': null, ...(n.stack !== undefined ? { stack: n.stack } : {}) },
        },
      ];
    });
  },
);
