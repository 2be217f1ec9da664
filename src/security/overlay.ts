// Is an overlay network encrypted? One answer for compose lint, CIS 7.3, `network check` and the deploy plan.

/** The overlay driver reads exactly this driver option. */
export const ENCRYPTED_OPTION = 'encrypted';

/**
 * libnetwork turns IPsec on when the `encrypted` driver option is present, whatever its value: "", "true" and even
 * "false" all encrypt. Options elsewhere (IPAM options, labels) have no effect.
 */
export function isEncryptedOverlay(driverOptions: Readonly<Record<string, string>> | null | undefined): boolean {
  return driverOptions !== null && driverOptions !== undefined && Object.prototype.hasOwnProperty.call(driverOptions, ENCRYPTED_OPTION);
}

/** `encrypted: "false"` encrypts all the same: worth saying, since the file claims the opposite. */
export function encryptedOptionSaysFalse(driverOptions: Readonly<Record<string, string>> | null | undefined): boolean {
  return isEncryptedOverlay(driverOptions) && (driverOptions?.[ENCRYPTED_OPTION] ?? '').trim().toLowerCase() === 'false';
}
