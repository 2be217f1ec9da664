// Benchmark findings in Japanese: the official English CIS title stays, the Japanese explanation beside it; the
// message is the explanation with what the check saw. Ids, verdicts, items and references do not change.
import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../../src/bench/check.js';
import type { HostFacts } from '../../../src/bench/host-facts.js';
import { benchFindings, runBench } from '../../../src/bench/runner.js';
import { CATALOGUE_BY_ID } from '../../../src/bench/catalogue.js';
import { localizeFinding, localizeFindings } from '../../../src/i18n/findings.js';
import { JA_CIS } from '../../../src/i18n/ja/cis.js';
import { containerOf, snapshotOf } from '../../helpers/engine-snapshot.js';
import { JAPANESE } from './ja-helpers.js';

// A careless host: a privileged container with the host's namespaces and the Docker socket, no audit rules,
// a user in the docker group, a daemon listening on TCP without TLS.
function careless(): CheckContext {
  const snapshot = snapshotOf({
    info: { Swarm: { LocalNodeState: 'inactive' } },
    containers: [
      containerOf('web', {
        HostConfig: {
          Privileged: true,
          NetworkMode: 'host',
          PidMode: 'host',
          IpcMode: 'host',
          CapAdd: ['SYS_ADMIN'],
          Binds: ['/var/run/docker.sock:/var/run/docker.sock'],
        },
        Config: { User: '' },
        Mounts: [{ Type: 'bind', Source: '/var/run/docker.sock', Destination: '/var/run/docker.sock', RW: true }],
      }),
    ],
  });
  const host: HostFacts = {
    hostname: 'h1',
    uid: 0,
    files: { '/usr/sbin/dockerd': { path: '/usr/sbin/dockerd', exists: true, mode: 0o755, uid: 0, gid: 0 } },
    units: { 'docker.service': null, 'docker.socket': null, 'containerd.socket': null },
    audit: { loaded: [], files: [] },
    daemon: { argv: ['dockerd', '-H', 'tcp://0.0.0.0:2375'], config: null, listeners: [], pid: 1234, exe: '/usr/sbin/dockerd' },
    containerdSocket: { path: '/run/containerd/containerd.sock', source: 'the default path' },
    mounts: [],
    dockerGroup: { exists: true, gid: 106, members: [{ name: 'alice', uid: 1000, via: 'group' }], uidMin: 1000, uidMax: 60000 },
    swarmNodeCert: null,
    swarmCaCert: null,
    groupNames: { 0: 'root', 106: 'docker' },
  };
  return { snapshot, host, options: { trustedUsers: [], swarmIntended: false, now: new Date('2026-11-28T00:00:00Z') } };
}

describe('benchmark findings in Japanese', () => {
  const findings = benchFindings(runBench(careless(), {}, 0));

  it('every WARN keeps its official English title, with the Japanese explanation beside it', () => {
    expect(findings.length).toBeGreaterThan(20);
    for (const f of findings) {
      const ja = localizeFinding(f, 'ja');
      const official = CATALOGUE_BY_ID.get(f.id)?.title ?? '';
      expect(ja.title, f.id).toBe(`${official}（${JA_CIS[f.id]}）`);
      expect(ja.message.startsWith(JA_CIS[f.id] ?? '-'), f.id).toBe(true);
      expect(ja.message).toMatch(JAPANESE);
      expect({ ...ja, title: f.title, message: f.message }).toEqual(f);
    }
  });

  it('keeps what the check saw, verbatim, after the explanation', () => {
    const privileged = localizeFindings(findings, 'ja').find((f) => f.id === '5.5');
    expect(privileged?.message).toBe(
      `${JA_CIS['5.5']}: ${findings
        .find((f) => f.id === '5.5')
        ?.message.split(': ')
        .slice(1)
        .join(': ')}`,
    );
    expect(privileged?.items).toEqual(['web']);
  });

  it('leaves them untouched in English', () => {
    expect(localizeFindings(findings, 'en')).toEqual(findings);
  });
});
