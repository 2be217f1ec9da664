// How the tests start Debian's Chromium: headless-friendly, and with no connection of its own to the outside
// (this machine has no network beyond loopback, and background requests would only be refused).
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
