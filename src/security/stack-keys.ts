// What `docker stack deploy` does with a compose service key it does not apply: the one table that compose lint
// (stack-deploy-refuses, swarm-ignored-option), the compose loader and the stack converter read.
//
// - refused: the docker CLI's stack schema (compose file format v3) does not allow the key, and `docker stack deploy`
//   refuses the whole file ("services.web Additional property dns_opt is not allowed"; checked with
//   `docker stack config -c FILE`, docker CLI 28.2).
// - dropped: the CLI's loader accepts the key, lists it as unsupported for stacks and deploys without it (docker/cli
//   cli/compose/types `UnsupportedProperties`, plus the deprecated `container_name` and `expose`). `cap_add`/`cap_drop`
//   (20.10+), `sysctls` (20.10+) and `ulimits` (CLI 23+) were on that list once and are applied now: not here.

export type DropImpact = 'security' | 'behaviour' | 'cosmetic';

export type StackKeyFate =
  | {
      fate: 'refused';
      /** The CLI's own reason, for the keys its loader forbids by name (`ForbiddenProperties`); else the schema refuses. */
      why?: string;
    }
  | {
      fate: 'dropped';
      /** What dropping it costs: a security setting lost, behaviour unlike the file, or nothing that matters. */
      impact: DropImpact;
      /** What the user loses, in one clause. */
      consequence: string;
      /** A key removed from the v3 format: the CLI prints "Ignoring deprecated options:" and this reason. */
      deprecated?: string;
    };

const refused = { fate: 'refused' } as const;
const forbidden = (why: string): StackKeyFate => ({ fate: 'refused', why });
const dropped = (impact: DropImpact, consequence: string, deprecated?: string): StackKeyFate => ({
  fate: 'dropped',
  impact,
  consequence,
  ...(deprecated !== undefined ? { deprecated } : {}),
});
const RESOURCES = 'Set resource limits using deploy.resources';

export const STACK_SERVICE_KEYS: Readonly<Record<string, StackKeyFate>> = {
  dns_opt: refused,
  group_add: refused,
  oom_score_adj: refused,
  platform: refused,
  profiles: refused,
  pull_policy: refused,
  storage_opt: refused,
  extends: forbidden('`docker stack deploy` does not support `extends`: inline the shared settings or use YAML anchors.'),
  volume_driver: forbidden(
    'Instead of setting the volume driver on the service, define a volume using the top-level `volumes` option and specify the driver there.',
  ),
  volumes_from: forbidden(
    'To share a volume between services, define it using the top-level `volumes` option and reference it from each service that shares it using the service-level `volumes` option.',
  ),
  cpu_quota: forbidden(RESOURCES),
  cpu_shares: forbidden(RESOURCES),
  cpuset: forbidden(RESOURCES),
  mem_limit: forbidden(RESOURCES),
  memswap_limit: forbidden(RESOURCES),
  privileged: dropped('security', 'the service runs unprivileged; if something depends on it, it fails at run time'),
  security_opt: dropped('security', 'no seccomp/AppArmor/SELinux/no-new-privileges setting from this key is applied: the tasks get the engine defaults'),
  devices: dropped('security', 'no host device is passed to the tasks'),
  restart: dropped('behaviour', 'Swarm restarts tasks per deploy.restart_policy (default: always, without limit)'),
  network_mode: dropped('behaviour', 'the tasks join the stack networks instead'),
  pid: dropped('behaviour', 'the tasks keep their own PID namespace'),
  ipc: dropped('behaviour', 'the tasks keep their own IPC namespace'),
  userns_mode: dropped('behaviour', 'user-namespace settings come from the daemon only'),
  cgroup_parent: dropped('behaviour', 'tasks use the default cgroup parent'),
  cgroupns_mode: dropped('behaviour', 'tasks use the daemon default cgroup namespace mode'),
  shm_size: dropped('behaviour', '/dev/shm keeps the 64 MB default'),
  links: dropped('behaviour', 'no links are created; services find each other by name on shared networks'),
  external_links: dropped('behaviour', 'no links are created'),
  domainname: dropped('cosmetic', 'the domain name is not set'),
  mac_address: dropped('cosmetic', 'the MAC address is assigned by the engine'),
  build: dropped('cosmetic', 'nothing is built; the service must name a pushed `image`'),
  container_name: dropped('cosmetic', 'task containers get generated names', 'Setting the container name is not supported.'),
  expose: dropped(
    'cosmetic',
    'nothing changes: services on a shared network reach every port anyway',
    "Exposing ports is unnecessary - services on the same network can access each other's containers on any port.",
  ),
};

/** What `docker stack deploy` does with a service key it does not apply, or undefined when it applies it. */
export function stackKeyFate(key: string): StackKeyFate | undefined {
  return Object.hasOwn(STACK_SERVICE_KEYS, key) ? STACK_SERVICE_KEYS[key] : undefined;
}
