// The CIS Docker Benchmark as data, one catalogue per version: id, title, section, automated or manual, profile
// level, NIST SP 800-190 areas, and the requirement each recommendation states. Recommendations of different
// versions that state the same requirement name the same `check`, so one check function serves them all; a
// version that changed a requirement names a requirement of its own ("1.8.0/2.7"). docs/cis.md maps the ids.
//
// Sources (facts only; the titles are the recommendations' own names):
// - 1.6.0: the ids, titles, levels and automated/manual labels docker-bench-security v1.6.0 prints, which
//   swarmguard's docker-bench compatibility keeps.
// - 1.7.0: ids, titles, assessment (Automated/Manual) and profile of "CIS DOCKER BENCHMARK V1.7 PDF.json" in
//   github.com/anupyadav27/lab (raw_cis_compliance_database/misc/docker), a structured extraction of the CIS PDF.
// - 1.8.0: ids, titles and assessment of CIS_DOCKER_BENCHMARK_V1.8.0.json in the same folder (1.7.0 plus 2.7, see
//   ROWS_1_8_0); that file has no
//   profile levels, so each level is the 1.7.0 level of the same requirement, checked against the per-recommendation
//   1.8.0 pages of cyberstrike-official's CIS skills (2.2, 2.7, 3.6, 5.5: Level 1) and mitre-style InSpec controls
//   tagged "CIS Docker Benchmark v1.8.0" (2.9, 2.17, 2.18, 3.8: level 1).
import type { Nist800190Id } from './nist-800-190.js';

export const CIS_VERSIONS = ['1.6.0', '1.7.0', '1.8.0'] as const;
export type CisVersion = (typeof CIS_VERSIONS)[number];
/** What `bench` runs without --cis. */
export const LATEST_CIS: CisVersion = '1.8.0';

export interface CatalogueEntry {
  id: string;
  title: string;
  section: string;
  automated: boolean;
  level: 1 | 2;
  /** "Level 1 - Docker - Linux", "Level 1 - Docker Swarm". */
  profile: string;
  nist: Nist800190Id[];
  /**
   * The requirement this recommendation states: a 1.6.0 id ("2.7") for a requirement 1.6.0 already stated, else
   * "VERSION/ID" of the version that introduced or changed it ("1.8.0/2.7").
   */
  check: string;
}

export const SECTIONS: Record<string, string> = {
  '1': 'Host Configuration',
  '1.1': 'Linux Hosts Specific Configuration',
  '1.2': 'General Configuration',
  '2': 'Docker daemon configuration',
  '3': 'Docker daemon configuration files',
  '4': 'Container Images and Build File Configuration',
  '5': 'Container Runtime',
  '6': 'Docker Security Operations',
  '7': 'Docker Swarm Configuration',
};

type Row16 = [id: string, title: string, automated: boolean, level: 1 | 2, nist: Nist800190Id[]];
type Row = [id: string, title: string, automated: boolean, level: 1 | 2, check?: string];

const A = true;
const M = false;
const audit = (what: string): string => `Ensure auditing is configured for Docker files and directories - ${what}`;

const ROWS_1_6_0: Row16[] = [
  ['1.1.1', 'Ensure a separate partition for containers has been created', A, 2, ['4.5.5']],
  ['1.1.2', 'Ensure only trusted users are allowed to control Docker daemon', A, 1, ['4.5.4', '4.3.1']],
  ['1.1.3', 'Ensure auditing is configured for the Docker daemon', A, 2, ['4.5.5']],
  ['1.1.4', audit('/run/containerd'), A, 2, ['4.5.5']],
  ['1.1.5', audit('/var/lib/docker'), A, 2, ['4.5.5']],
  ['1.1.6', audit('/etc/docker'), A, 2, ['4.5.5']],
  ['1.1.7', audit('docker.service'), A, 2, ['4.5.5']],
  ['1.1.8', audit('containerd.sock'), A, 2, ['4.5.5']],
  ['1.1.9', audit('docker.socket'), A, 2, ['4.5.5']],
  ['1.1.10', audit('/etc/default/docker'), A, 2, ['4.5.5']],
  ['1.1.11', audit('/etc/docker/daemon.json'), A, 2, ['4.5.5']],
  ['1.1.12', audit('/etc/containerd/config.toml'), A, 2, ['4.5.5']],
  ['1.1.13', audit('/etc/sysconfig/docker'), A, 2, ['4.5.5']],
  ['1.1.14', audit('/usr/bin/containerd'), A, 2, ['4.5.5']],
  ['1.1.15', audit('/usr/bin/containerd-shim'), A, 2, ['4.5.5']],
  ['1.1.16', audit('/usr/bin/containerd-shim-runc-v1'), A, 2, ['4.5.5']],
  ['1.1.17', audit('/usr/bin/containerd-shim-runc-v2'), A, 2, ['4.5.5']],
  ['1.1.18', audit('/usr/bin/runc'), A, 2, ['4.5.5']],
  ['1.2.1', 'Ensure the container host has been Hardened', M, 1, ['4.5.1']],
  ['1.2.2', 'Ensure that the version of Docker is up to date', M, 1, ['4.4.1']],
  ['2.1', 'Run the Docker daemon as a non-root user, if possible', M, 1, ['4.5.4']],
  ['2.2', 'Ensure network traffic is restricted between containers on the default bridge', A, 1, ['4.3.3']],
  ['2.3', "Ensure the logging level is set to 'info'", A, 1, ['4.4.3']],
  ['2.4', 'Ensure Docker is allowed to make changes to iptables', A, 1, ['4.3.3']],
  ['2.5', 'Ensure insecure registries are not used', A, 1, ['4.2.1']],
  ['2.6', 'Ensure aufs storage driver is not used', A, 1, ['4.4.1']],
  ['2.7', 'Ensure TLS authentication for Docker daemon is configured', A, 1, ['4.3.1', '4.5.4']],
  ['2.8', 'Ensure the default ulimit is configured appropriately', M, 1, ['4.4.3']],
  ['2.9', 'Enable user namespace support', A, 2, ['4.4.3', '4.5.2']],
  ['2.10', 'Ensure the default cgroup usage has been confirmed', A, 2, ['4.4.3']],
  ['2.11', 'Ensure base device size is not changed until needed', A, 2, ['4.4.3']],
  ['2.12', 'Ensure that authorization for Docker client commands is enabled', A, 2, ['4.3.1']],
  ['2.13', 'Ensure centralized and remote logging is configured', A, 2, ['4.4.5']],
  ['2.14', 'Ensure containers are restricted from acquiring new privileges', A, 1, ['4.4.3']],
  ['2.15', 'Ensure live restore is enabled', A, 1, ['4.4.3']],
  ['2.16', 'Ensure Userland Proxy is Disabled', A, 1, ['4.5.1']],
  ['2.17', 'Ensure that a daemon-wide custom seccomp profile is applied if appropriate', M, 2, ['4.4.3', '4.5.2']],
  ['2.18', 'Ensure that experimental features are not implemented in production', A, 1, ['4.4.1']],
  ['3.1', 'Ensure that the docker.service file ownership is set to root:root', A, 1, ['4.5.5']],
  ['3.2', 'Ensure that docker.service file permissions are appropriately set', A, 1, ['4.5.5']],
  ['3.3', 'Ensure that docker.socket file ownership is set to root:root', A, 1, ['4.5.5']],
  ['3.4', 'Ensure that docker.socket file permissions are set to 644 or more restrictive', A, 1, ['4.5.5']],
  ['3.5', 'Ensure that the /etc/docker directory ownership is set to root:root', A, 1, ['4.5.5']],
  ['3.6', 'Ensure that /etc/docker directory permissions are set to 755 or more restrictively', A, 1, ['4.5.5']],
  ['3.7', 'Ensure that registry certificate file ownership is set to root:root', A, 1, ['4.2.1']],
  ['3.8', 'Ensure that registry certificate file permissions are set to 444 or more restrictively', A, 1, ['4.2.1']],
  ['3.9', 'Ensure that TLS CA certificate file ownership is set to root:root', A, 1, ['4.5.5']],
  ['3.10', 'Ensure that TLS CA certificate file permissions are set to 444 or more restrictively', A, 1, ['4.5.5']],
  ['3.11', 'Ensure that Docker server certificate file ownership is set to root:root', A, 1, ['4.5.5']],
  ['3.12', 'Ensure that the Docker server certificate file permissions are set to 444 or more restrictively', A, 1, ['4.5.5']],
  ['3.13', 'Ensure that the Docker server certificate key file ownership is set to root:root', A, 1, ['4.5.5']],
  ['3.14', 'Ensure that the Docker server certificate key file permissions are set to 400', A, 1, ['4.5.5']],
  ['3.15', 'Ensure that the Docker socket file ownership is set to root:docker', A, 1, ['4.5.4']],
  ['3.16', 'Ensure that the Docker socket file permissions are set to 660 or more restrictively', A, 1, ['4.5.4']],
  ['3.17', 'Ensure that the daemon.json file ownership is set to root:root', A, 1, ['4.5.5']],
  ['3.18', 'Ensure that daemon.json file permissions are set to 644 or more restrictive', A, 1, ['4.5.5']],
  ['3.19', 'Ensure that the /etc/default/docker file ownership is set to root:root', A, 1, ['4.5.5']],
  ['3.20', 'Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively', A, 1, ['4.5.5']],
  ['3.21', 'Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively', A, 1, ['4.5.5']],
  ['3.22', 'Ensure that the /etc/sysconfig/docker file ownership is set to root:root', A, 1, ['4.5.5']],
  ['3.23', 'Ensure that the Containerd socket file ownership is set to root:root', A, 1, ['4.5.4']],
  ['3.24', 'Ensure that the Containerd socket file permissions are set to 660 or more restrictively', A, 1, ['4.5.4']],
  ['4.1', 'Ensure that a user for the container has been created', A, 1, ['4.4.3']],
  ['4.2', 'Ensure that containers use only trusted base images', M, 1, ['4.1.5']],
  ['4.3', 'Ensure that unnecessary packages are not installed in the container', M, 1, ['4.1.2', '4.5.1']],
  ['4.4', 'Ensure images are scanned and rebuilt to include security patches', M, 1, ['4.1.1']],
  ['4.5', 'Ensure Content trust for Docker is Enabled', A, 2, ['4.1.5']],
  ['4.6', 'Ensure that HEALTHCHECK instructions have been added to container images', A, 1, ['4.4.5']],
  ['4.7', 'Ensure update instructions are not used alone in the Dockerfile', M, 1, ['4.1.2']],
  ['4.8', 'Ensure setuid and setgid permissions are removed', M, 2, ['4.1.2']],
  ['4.9', 'Ensure that COPY is used instead of ADD in Dockerfiles', M, 1, ['4.1.2']],
  ['4.10', 'Ensure secrets are not stored in Dockerfiles', M, 1, ['4.1.4']],
  ['4.11', 'Ensure only verified packages are installed', M, 2, ['4.1.5']],
  ['4.12', 'Ensure all signed artifacts are validated', M, 2, ['4.1.5']],
  ['5.1', 'Ensure swarm mode is not Enabled, if not needed', A, 1, ['4.3.1']],
  ['5.2', 'Ensure that, if applicable, an AppArmor Profile is enabled', A, 1, ['4.4.3']],
  ['5.3', 'Ensure that, if applicable, SELinux security options are set', A, 2, ['4.4.3']],
  ['5.4', 'Ensure that Linux kernel capabilities are restricted within containers', A, 1, ['4.4.3']],
  ['5.5', 'Ensure that privileged containers are not used', A, 1, ['4.4.3']],
  ['5.6', 'Ensure sensitive host system directories are not mounted on containers', A, 1, ['4.4.3', '4.5.5']],
  ['5.7', 'Ensure sshd is not run within containers', A, 1, ['4.4.3']],
  ['5.8', 'Ensure privileged ports are not mapped within containers', A, 1, ['4.4.2']],
  ['5.9', 'Ensure that only needed ports are open on the container', M, 1, ['4.4.2']],
  ['5.10', "Ensure that the host's network namespace is not shared", A, 1, ['4.4.3', '4.3.3']],
  ['5.11', 'Ensure that the memory usage for containers is limited', A, 1, ['4.4.3']],
  ['5.12', 'Ensure that CPU priority is set appropriately on containers', A, 1, ['4.4.3']],
  ['5.13', "Ensure that the container's root filesystem is mounted as read only", A, 1, ['4.4.3']],
  ['5.14', 'Ensure that incoming container traffic is bound to a specific host interface', A, 1, ['4.4.2']],
  ['5.15', "Ensure that the 'on-failure' container restart policy is set to '5'", A, 1, ['4.4.3']],
  ['5.16', "Ensure that the host's process namespace is not shared", A, 1, ['4.4.3']],
  ['5.17', "Ensure that the host's IPC namespace is not shared", A, 1, ['4.4.3']],
  ['5.18', 'Ensure that host devices are not directly exposed to containers', M, 1, ['4.4.3']],
  ['5.19', 'Ensure that the default ulimit is overwritten at runtime if needed', M, 1, ['4.4.3']],
  ['5.20', 'Ensure mount propagation mode is not set to shared', A, 1, ['4.4.3']],
  ['5.21', "Ensure that the host's UTS namespace is not shared", A, 1, ['4.4.3']],
  ['5.22', 'Ensure the default seccomp profile is not Disabled', A, 1, ['4.4.3', '4.5.2']],
  ['5.23', 'Ensure that docker exec commands are not used with the privileged option', A, 2, ['4.4.3']],
  ['5.24', 'Ensure that docker exec commands are not used with the user=root option', M, 2, ['4.4.3']],
  ['5.25', 'Ensure that cgroup usage is confirmed', A, 1, ['4.4.3']],
  ['5.26', 'Ensure that the container is restricted from acquiring additional privileges', A, 1, ['4.4.3']],
  ['5.27', 'Ensure that container health is checked at runtime', A, 1, ['4.4.5']],
  ['5.28', 'Ensure that Docker commands always make use of the latest version of their image', M, 1, ['4.2.2']],
  ['5.29', 'Ensure that the PIDs cgroup limit is used', A, 1, ['4.4.3']],
  ['5.30', 'Ensure that Docker\'s default bridge "docker0" is not used', M, 2, ['4.3.3']],
  ['5.31', "Ensure that the host's user namespaces are not shared", A, 1, ['4.4.3']],
  ['5.32', 'Ensure that the Docker socket is not mounted inside any containers', A, 1, ['4.4.3', '4.3.1']],
  ['6.1', 'Ensure that image sprawl is avoided', M, 1, ['4.2.2']],
  ['6.2', 'Ensure that container sprawl is avoided', M, 1, ['4.4.5']],
  ['7.1', 'Ensure that the minimum number of manager nodes have been created in a swarm', A, 1, ['4.3.5']],
  ['7.2', 'Ensure that swarm services are bound to a specific host interface', M, 1, ['4.4.2']],
  ['7.3', 'Ensure that all Docker swarm overlay networks are encrypted', A, 1, ['4.3.3']],
  ['7.4', "Ensure that Docker's secret management commands are used for managing secrets in a swarm cluster", M, 1, ['4.1.4']],
  ['7.5', 'Ensure that swarm manager is run in auto-lock mode', A, 1, ['4.3.5']],
  ['7.6', 'Ensure that the swarm manager auto-lock key is rotated periodically', M, 1, ['4.3.5']],
  ['7.7', 'Ensure that node certificates are rotated as appropriate', M, 1, ['4.3.5']],
  ['7.8', 'Ensure that CA certificates are rotated as appropriate', M, 1, ['4.3.5']],
  ['7.9', 'Ensure that management plane traffic is separated from data plane traffic', M, 1, ['4.3.3']],
];

/**
 * 1.7.0 states 1.6.0's recommendations under the same ids, in the same order and with the same titles, but for the
 * two titles below; it marks most of them Manual and moves some to another profile level. Its rows are 1.6.0's with
 * these differences (each compared with the 1.7.0 source above).
 */
const AUTOMATED_1_7_0: ReadonlySet<string> = new Set([
  ...['1.1.3', '1.1.6', '1.1.7', '1.1.8', '1.1.9', '1.1.10', '1.1.11', '1.1.12', '1.1.13', '1.1.14', '1.1.15', '1.1.17', '1.1.18'],
  ...['3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.15', '3.16', '3.23', '3.24'],
]);
const LEVEL_1_7_0: Readonly<Record<string, 1 | 2>> = {
  ...{ '1.1.1': 1, '1.1.3': 1, '1.1.4': 1, '1.1.5': 1, '1.1.6': 1 },
  ...{ '3.17': 2, '3.18': 2, '3.19': 2, '3.20': 2, '3.21': 2, '3.22': 2, '4.12': 1 },
};
/** Titles 1.7.0 changed; 1.1.9 now audits docker.sock rather than docker.socket, a requirement of its own. */
const TITLE_1_7_0: Readonly<Record<string, { title: string; check?: string }>> = {
  '1.1.9': { title: audit('docker.sock'), check: '1.7.0/1.1.9' },
  '4.7': { title: 'Ensure update instructions are not used alone in Dockerfiles' },
};

const ROWS_1_7_0: Row[] = ROWS_1_6_0.map(([id, title, , level]): Row => {
  const changed = TITLE_1_7_0[id];
  const row: Row = [id, changed?.title ?? title, AUTOMATED_1_7_0.has(id), LEVEL_1_7_0[id] ?? level];
  if (changed?.check !== undefined) row.push(changed.check);
  return row;
});

/**
 * 1.8.0 is 1.7.0 with one recommendation added: 2.7 "Ensure devicemapper storage driver is not used" (Manual,
 * Level 1; Docker Engine 25.0 removed devicemapper), which moves 1.7.0's 2.7–2.18 to 2.8–2.19. Every other id,
 * title and Automated/Manual label of CIS_DOCKER_BENCHMARK_V1.8.0.json is 1.7.0's (compared when this was written).
 */
const ROWS_1_8_0: Row[] = ROWS_1_7_0.flatMap(([id, title, automated, level, check = id]): Row[] => {
  const m = /^2\.(\d+)$/.exec(id);
  const n = m ? Number(m[1]) : 0;
  const moved: Row = [n >= 7 ? `2.${n + 1}` : id, title, automated, level, check];
  return n === 7 ? [['2.7', 'Ensure devicemapper storage driver is not used', M, 1, '1.8.0/2.7'], moved] : [moved];
});

/** NIST SP 800-190 areas of the requirements 1.6.0 did not state. */
const NEW_REQUIREMENT_NIST: Record<string, Nist800190Id[]> = {
  '1.7.0/1.1.9': ['4.5.5'],
  '1.8.0/2.7': ['4.4.1'],
};

const sectionOf = (id: string): string => (id.split('.').length === 3 ? id.split('.').slice(0, 2).join('.') : id.split('.')[0]!);
const profileOf = (id: string, level: 1 | 2): string => `Level ${level} - ${id.startsWith('7.') ? 'Docker Swarm' : 'Docker - Linux'}`;

const CATALOGUE_1_6_0: CatalogueEntry[] = ROWS_1_6_0.map(([id, title, automated, level, nist]) => ({
  id,
  title,
  section: sectionOf(id),
  automated,
  level,
  profile: profileOf(id, level),
  nist,
  check: id,
}));

const BY_CHECK_1_6_0 = new Map(CATALOGUE_1_6_0.map((e) => [e.check, e]));

function later(rows: Row[]): CatalogueEntry[] {
  return rows.map(([id, title, automated, level, check = id]) => {
    const nist = NEW_REQUIREMENT_NIST[check] ?? BY_CHECK_1_6_0.get(check)?.nist;
    if (!nist) throw new Error(`CIS ${id}: requirement ${check} has no NIST SP 800-190 mapping`);
    return { id, title, section: sectionOf(id), automated, level, profile: profileOf(id, level), nist, check };
  });
}

export const CATALOGUES: Record<CisVersion, readonly CatalogueEntry[]> = {
  '1.6.0': CATALOGUE_1_6_0,
  '1.7.0': later(ROWS_1_7_0),
  '1.8.0': later(ROWS_1_8_0),
};

const byId = (v: CisVersion): ReadonlyMap<string, CatalogueEntry> => new Map(CATALOGUES[v].map((e) => [e.id, e]));
const BY_ID: Record<CisVersion, ReadonlyMap<string, CatalogueEntry>> = { '1.6.0': byId('1.6.0'), '1.7.0': byId('1.7.0'), '1.8.0': byId('1.8.0') };

export function isCisVersion(v: string): v is CisVersion {
  return (CIS_VERSIONS as readonly string[]).includes(v);
}

/** The recommendation `id` of benchmark `version`. */
export function cisEntry(version: CisVersion, id: string): CatalogueEntry | undefined {
  return BY_ID[version].get(id);
}

/** The recommendation of `version` that states requirement `check`, if that version has one. */
export function entryForCheck(version: CisVersion, check: string): CatalogueEntry | undefined {
  return CATALOGUES[version].find((e) => e.check === check);
}

/** "Ensure … (Automated)" as docker-bench prints it. */
export function describe(entry: CatalogueEntry): string {
  return `${entry.title} (${entry.automated ? 'Automated' : 'Manual'})`;
}
