// Keys `docker stack deploy` silently drops ("Ignoring unsupported options: …"): the user believes they apply.
import { cis, nist } from '../../core/finding.js';
import type { Occurrence } from '../../core/check.js';
import type { Severity } from '../../core/severity.js';
import { defineRule, docs, report, services } from './rule.js';

interface IgnoredKey {
  severity: Severity;
  /** What the user loses, in one clause. */
  consequence: string;
}

/**
 * The docker CLI's compose loader lists these as unsupported for stacks and drops them (docker/cli
 * cli/compose/types `UnsupportedProperties`), plus the deprecated `container_name` and `expose`.
 * `cap_add`/`cap_drop` (CLI and engine 20.10+, API 1.41), `sysctls` (20.10+) and `ulimits` (CLI 23+) were on the list
 * in older releases and are applied now, so they are not reported.
 */
const IGNORED_KEYS: Record<string, IgnoredKey> = {
  privileged: { severity: 'MEDIUM', consequence: 'the service runs unprivileged; if something depends on it, it fails at run time' },
  security_opt: {
    severity: 'MEDIUM',
    consequence: 'no seccomp/AppArmor/SELinux/no-new-privileges setting from this key is applied: the tasks get the engine defaults',
  },
  devices: { severity: 'MEDIUM', consequence: 'no host device is passed to the tasks' },
  restart: { severity: 'LOW', consequence: 'Swarm restarts tasks per deploy.restart_policy (default: always, without limit)' },
  network_mode: { severity: 'LOW', consequence: 'the tasks join the stack networks instead' },
  pid: { severity: 'LOW', consequence: 'the tasks keep their own PID namespace' },
  ipc: { severity: 'LOW', consequence: 'the tasks keep their own IPC namespace' },
  userns_mode: { severity: 'LOW', consequence: 'user-namespace settings come from the daemon only' },
  cgroup_parent: { severity: 'LOW', consequence: 'tasks use the default cgroup parent' },
  cgroupns_mode: { severity: 'LOW', consequence: 'tasks use the daemon default cgroup namespace mode' },
  shm_size: { severity: 'LOW', consequence: '/dev/shm keeps the 64 MB default' },
  links: { severity: 'LOW', consequence: 'no links are created; services find each other by name on shared networks' },
  external_links: { severity: 'LOW', consequence: 'no links are created' },
  domainname: { severity: 'INFO', consequence: 'the domain name is not set' },
  mac_address: { severity: 'INFO', consequence: 'the MAC address is assigned by the engine' },
  build: { severity: 'INFO', consequence: 'nothing is built; the service must name a pushed `image`' },
  container_name: { severity: 'INFO', consequence: 'task containers get generated names' },
  expose: { severity: 'INFO', consequence: 'nothing changes: services on a shared network reach every port anyway' },
};

export const swarmIgnoredOption = defineRule(
  {
    id: 'swarm-ignored-option',
    title: 'Option ignored by docker stack deploy',
    severity: 'MEDIUM',
    description:
      '`docker stack deploy` drops some compose keys with only a warning ("Ignoring unsupported options: …"). Security-relevant ' +
      'ones (privileged, security_opt, devices) give a false sense of what runs; restart, network_mode, pid and ipc do not do ' +
      'what the file says. cap_add/cap_drop, sysctls and ulimits are applied by current Docker (20.10+ / CLI 23+) and are not reported.',
    remediation:
      'Remove the key, or express it the Swarm way: deploy.restart_policy for restart; networks for network_mode; for ' +
      'security_opt and privileged there is no per-service Swarm equivalent: configure the daemon (default seccomp/AppArmor, ' +
      'no-new-privileges) on every node.',
    references: [
      cis('5.5'),
      cis('5.26'),
      nist('4.4.3', 'Insecure container runtime configurations'),
      docs('https://docs.docker.com/reference/cli/docker/stack/deploy/', 'docker stack deploy'),
    ],
  },
  (ctx) => {
    const out: Occurrence[] = [];
    for (const svc of services(ctx)) {
      for (const key of svc.keys) {
        const info = IGNORED_KEYS[key];
        if (!info) continue;
        if (key === 'privileged' && svc.privileged === false) continue;
        out.push(
          report(ctx, ['services', svc.name, key], `service "${svc.name}": "${key}" is ignored by docker stack deploy: ${info.consequence}`, {
            severity: info.severity,
            evidence: { service: svc.name, key },
          }),
        );
      }
    }
    return out;
  },
);
