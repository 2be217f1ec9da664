// A benchmark context the Japanese tests share: enough WARNs, INFOs and fix steps to reach most texts.
import type { CheckContext } from '../../../src/bench/check.js';
import type { HostFacts } from '../../../src/bench/host-facts.js';
import { containerOf, snapshotOf } from '../../helpers/engine-snapshot.js';

// A careless host: a privileged container with the host's namespaces and the Docker socket, no audit rules,
// a user in the docker group, a daemon listening on TCP without TLS.
export function careless(): CheckContext {
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

/**
 * A host half on its way: rules in a file but auditing off in the kernel and no auditd, loose modes on /etc/docker,
 * a daemon.json key dockerd also takes as a flag, a swarm manager with an unencrypted overlay.
 */
export function halfway(): CheckContext {
  const base = careless();
  const snapshot = snapshotOf({
    info: { Swarm: { LocalNodeState: 'active', ControlAvailable: true, NodeAddr: '10.0.0.5' } },
    networks: [{ Name: 'backend', Driver: 'overlay', Options: {} }],
    swarm: { inspect: {}, nodes: [], services: [] },
  });
  const host: HostFacts = {
    ...base.host,
    files: {
      ...base.host.files,
      '/etc/docker': { path: '/etc/docker', exists: true, mode: 0o777, uid: 1000, gid: 1000, isDirectory: true },
      '/var/lib/docker': { path: '/var/lib/docker', exists: true, mode: 0o710, uid: 0, gid: 0, isDirectory: true },
    },
    audit: {
      loaded: ['-w /var/lib/docker -k docker'],
      status: { enabled: 0, pid: 0 },
      files: [{ path: '/etc/audit/rules.d/docker.rules', lines: ['-w /etc/docker -k docker'] }],
    },
    daemon: { ...base.host.daemon, argv: ['dockerd', '--icc=true'] },
    swarmState: { advertiseAddr: '10.0.0.5:2377', dataPathAddr: '', listenAddr: '0.0.0.0:2377' },
    groupNames: { 0: 'root', 1000: 'alice' },
  };
  return { ...base, snapshot, host };
}

/** A swarm service with the engine socket mounted, every capability added and its health check disabled. */
export const carelessService = {
  Spec: {
    Name: 'shop_web',
    TaskTemplate: {
      ContainerSpec: {
        Image: 'shop/web:1.2',
        Env: ['DB_PASSWORD=hunter2hunter2'],
        Mounts: [{ Type: 'bind', Source: '/var/run/docker.sock', Target: '/var/run/docker.sock' }],
        CapabilityAdd: ['ALL'],
        Healthcheck: { Test: ['NONE'] },
      },
    },
    EndpointSpec: { Ports: [{ TargetPort: 80, PublishedPort: 80, PublishMode: 'ingress' }] },
  },
};
