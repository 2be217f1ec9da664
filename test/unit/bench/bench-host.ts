// The host facts and check context the bench tests start from: a root-run dockerd with no unit files, no audit
// rules, no swarm certificates and an empty docker group; each test states only what it changes.
import type { CheckContext } from '../../../src/bench/check.js';
import type { HostFacts } from '../../../src/bench/host-facts.js';
import type { EngineSnapshot } from '../../../src/engine/snapshot.js';

/** A plain host, with `over` on top. */
export function hostFacts(over: Partial<HostFacts> = {}): HostFacts {
  return {
    hostname: 'h1',
    uid: 0,
    files: {},
    units: { 'docker.service': null, 'docker.socket': null, 'containerd.socket': null },
    audit: { loaded: [], files: [] },
    daemon: { argv: ['dockerd'], config: null, listeners: [] },
    mounts: [],
    dockerGroup: { exists: true, gid: 106, members: [], uidMin: 1000, uidMax: 60000 },
    swarmNodeCert: null,
    swarmCaCert: null,
    groupNames: { 0: 'root' },
    ...over,
  };
}

/** The context a check is evaluated in: nobody trusted beyond root, a fixed "now". */
export function benchContext(snapshot: EngineSnapshot, host: HostFacts, swarmIntended: boolean, now = '2026-11-28T00:00:00Z'): CheckContext {
  return { snapshot, host, options: { trustedUsers: [], swarmIntended, now: new Date(now) } };
}
