// The registry of overlay-network checks run by `swarmguard network check`.
import { runChecks } from '../../core/check.js';
import { Registry } from '../../core/registry.js';
import type { Finding } from '../../core/finding.js';
import type { NetworkCheck } from '../check.js';
import type { OverlayNetwork } from '../overlay.js';
import { ingressNotEncrypted } from './ingress-not-encrypted.js';
import { overlayEncryptionMisplaced } from './overlay-encryption-misplaced.js';
import { overlayNotEncrypted } from './overlay-not-encrypted.js';

export const overlayChecks = new Registry<NetworkCheck<OverlayNetwork[]>>('overlay check').register(
  overlayNotEncrypted,
  overlayEncryptionMisplaced,
  ingressNotEncrypted,
);

export function evaluateOverlays(networks: OverlayNetwork[]): Finding[] {
  return runChecks(overlayChecks.all(), networks, { category: 'network' });
}
