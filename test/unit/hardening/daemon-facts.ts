// What the TCP API check reads of one dockerd, for the tests: pid 100, no TCP hosts configured, nothing listening,
// nothing probed; each test states only what it changes.
import type { DaemonApiFacts } from '../../../src/hardening/check.js';

export const daemonApiFacts = (over: Partial<DaemonApiFacts>): DaemonApiFacts => ({
  pid: 100,
  config: { hosts: [], tls: false, tlsVerify: false, configFile: '/etc/docker/daemon.json' },
  listeners: [],
  probes: [],
  ...over,
});
