// Section 1 (host configuration) and section 3 (ownership and modes of the daemon's files).
import type { BenchCheckSpec, CheckContext, CheckResult } from '../check.js';
import { info, note, pass, specKey, warn } from '../check.js';

/** A rule in an audit rule list that watches `p` (`-w P`, `path=P`, `dir=P`); /var/run and /run are one directory. */
export function ruleWatches(lines: readonly string[], p: string): boolean {
  const spellings = new Set([p, p.replace(/^\/var\/run\//, '/run/'), p.replace(/^\/run\//, '/var/run/')]);
  return [...spellings].some((q) => {
    const escaped = q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`(^|\\s|=)${escaped}(\\s|$)`);
    return lines.some((l) => re.test(l));
  });
}

/** Why a loaded rule records nothing: the kernel's auditing is off, or no auditd writes the events. */
function auditInactive(ctx: CheckContext): string | undefined {
  const st = ctx.host.audit.status;
  if (!st) return undefined;
  if (st.enabled === 0) return "the kernel's auditing is disabled (auditctl -s: enabled 0): enable it with `auditctl -e 1` (and -e 1 in the rules file)";
  if (st.pid === 0) return 'auditd is not running (auditctl -s: pid 0): start it (`systemctl start auditd`) so events are recorded';
  return undefined;
}

/** The audit verdict for one path: loaded in the kernel beats a rule only written in a file. */
export function auditVerdict(ctx: CheckContext, p: string | null, what: string, unknownWhy?: string): CheckResult {
  if (p === null) return info(unknownWhy ? `could not check: ${unknownWhy}` : `${what}: not found on this host`);
  const f = ctx.host.files[p];
  if (f && !f.exists) return f.error ? info(`could not check: cannot stat ${p}: ${f.error}`) : info(`${p}: file not found`);
  const loaded = ctx.host.audit.loaded;
  const inFiles = ctx.host.audit.files.filter((rf) => ruleWatches(rf.lines, p)).map((rf) => rf.path);
  if (loaded !== null && ruleWatches(loaded, p)) {
    const inactive = auditInactive(ctx);
    return inactive
      ? warn([`an audit rule for ${p} is loaded (auditctl -l), but ${inactive}`])
      : pass(`audit rule for ${p} is loaded (auditctl -l) and auditing is on`);
  }
  if (loaded !== null) {
    return inFiles.length > 0
      ? warn([`a rule for ${p} is in ${inFiles.join(', ')} but not loaded (auditctl -l): run \`augenrules --load\` (or \`auditctl -R FILE\`)`])
      : warn([`no audit rule watches ${p} (auditctl -l, ${ctx.host.audit.files.length} rules file(s) read)`]);
  }
  // No auditctl (not installed, not root, or not in the host's PID namespace): the persisted rules and /proc remain.
  const why = ctx.host.audit.loadedError ?? 'auditctl is not installed';
  // Without auditd nothing is recorded, whatever is loaded: that much is decided without auditctl.
  if (ctx.host.audit.auditd?.running === false) {
    const where = inFiles.length > 0 ? `a rule for ${p} is in ${inFiles.join(', ')}, but` : `no rules file read holds a rule for ${p}, and`;
    return warn([
      `${where} auditd is not running (no auditd process in /proc): nothing is recorded; start auditd (\`systemctl start auditd\`), which loads the rules files`,
    ]);
  }
  if (inFiles.length > 0) return pass(`rule for ${p} in ${inFiles.join(', ')} and auditd is running; not confirmed loaded (${why})`);
  return info(
    `could not check: the loaded audit rules could not be read (${why}), and no rule for ${p} is in the ${ctx.host.audit.files.length} rules file(s) read`,
  );
}

/** A 1.1.x result that says the loaded rules could not be read and no rules file covers the path. */
export const uncoveredUnknown = (ctx: CheckContext, p: string): boolean =>
  ctx.host.audit.loaded === null && !ctx.host.audit.files.some((rf) => ruleWatches(rf.lines, p));

const auditRemediation = (p: string, dir = false) =>
  `Install auditd and add \`${dir ? `-a exit,always -F path=${p} -F perm=war -k docker` : `-w ${p} -k docker`}\` to /etc/audit/rules.d/docker.rules, then \`augenrules --load\` (swarmguard bench fix --apply audit does both).`;

const auditCheck = (
  key: string,
  path: string | ((ctx: CheckContext) => string | null),
  what: string,
  dir = false,
  unknownWhy?: (ctx: CheckContext) => string | undefined,
): BenchCheckSpec => ({
  ...specKey(key),
  remediation: auditRemediation(typeof path === 'string' ? path : what, dir),
  remediationImpact: 'Audit can generate large log files: rotate and archive them.',
  severity: 'LOW',
  evaluate: (ctx) => auditVerdict(ctx, typeof path === 'string' ? path : path(ctx), what, unknownWhy?.(ctx)),
});

/** The running daemon's real binary (/proc/PID/exe): /usr/sbin/dockerd on Debian, /usr/bin/dockerd elsewhere. */
const dockerdBinary = (c: CheckContext): string | null => c.host.daemon.exe ?? null;
/** The containerd socket the daemon uses (its --containerd, or the one it manages under its exec root). */
export const containerdSocket = (c: CheckContext): string | null => c.host.containerdSocket?.path ?? null;

/** The engine's own socket: the rootless one under $XDG_RUNTIME_DIR, else /var/run/docker.sock. */
export const engineSocket = (c: CheckContext): string => c.host.rootless?.socket ?? '/var/run/docker.sock';

/** The audited paths by requirement key, as bench fix needs them too. */
export const AUDITED: { id: string; path: (ctx: CheckContext) => string | null; dir?: boolean; label?: string }[] = [
  { id: '1.1.3', path: dockerdBinary },
  // A rootless engine (host.rootless) keeps these under the user's runtime directory, config and data homes.
  { id: '1.1.4', label: '/run/containerd', path: (c) => c.host.rootless?.execRoot ?? '/run/containerd', dir: true },
  { id: '1.1.5', label: '/var/lib/docker', path: (c) => c.host.rootless?.dataRoot ?? '/var/lib/docker' },
  { id: '1.1.6', label: '/etc/docker', path: (c) => c.host.rootless?.configDir ?? '/etc/docker' },
  { id: '1.1.7', path: (c) => (c.host.rootless ? c.host.rootless.unit : (c.host.units['docker.service'] ?? null)) },
  { id: '1.1.8', path: (c) => c.host.rootless?.containerdSocket ?? containerdSocket(c) },
  { id: '1.1.9', path: (c) => c.host.units['docker.socket'] ?? null },
  // 1.7.0 names the engine's socket itself (docker.sock) where 1.6.0 named the docker.socket unit.
  { id: '1.7.0/1.1.9', path: engineSocket },
  { id: '1.1.10', path: () => '/etc/default/docker' },
  { id: '1.1.11', label: '/etc/docker/daemon.json', path: (c) => c.host.rootless?.configFile ?? '/etc/docker/daemon.json' },
  { id: '1.1.12', path: () => '/etc/containerd/config.toml' },
  { id: '1.1.13', path: () => '/etc/sysconfig/docker' },
  { id: '1.1.14', path: () => '/usr/bin/containerd' },
  { id: '1.1.15', path: () => '/usr/bin/containerd-shim' },
  { id: '1.1.16', path: () => '/usr/bin/containerd-shim-runc-v1' },
  { id: '1.1.17', path: () => '/usr/bin/containerd-shim-runc-v2' },
  { id: '1.1.18', path: () => '/usr/bin/runc' },
];

const UNIT_NAMES: Record<string, string> = {
  '1.1.3': 'the dockerd binary',
  '1.1.7': 'docker.service',
  '1.1.8': 'containerd.sock',
  '1.1.9': 'docker.socket',
  '1.7.0/1.1.9': "the engine's socket (/var/run/docker.sock; $XDG_RUNTIME_DIR/docker.sock rootless)",
};
const UNKNOWN: Record<string, (c: CheckContext) => string | undefined> = {
  '1.1.3': (c) => c.host.daemon.exeError ?? 'no running dockerd found in /proc',
};

export const hostChecks: BenchCheckSpec[] = [
  {
    id: '1.1.1',
    remediation: 'Create a separate partition (or LVM volume) for the Docker root directory and mount it there.',
    severity: 'LOW',
    evaluate: (ctx) => {
      const rootDir = ctx.snapshot.info.DockerRootDir || '/var/lib/docker';
      if (ctx.host.mountsError) return info(`could not check: the host's mount table is unreadable (${ctx.host.mountsError})`);
      const mounted = ctx.host.mounts.some((m) => m.target === rootDir);
      return mounted ? pass(`${rootDir} is a mount point`) : warn([`${rootDir} is not on a partition of its own`]);
    },
  },
  {
    id: '1.1.2',
    remediation: 'Remove untrusted users from the docker group (`gpasswd -d USER docker`); name the trusted ones with --trusted-users.',
    severity: 'HIGH',
    evaluate: (ctx) => {
      const g = ctx.host.dockerGroup;
      if (g.unreadable) return info(`could not read /etc/group: ${g.unreadable}`);
      if (!g.exists || g.members.length === 0) return pass('the docker group has no members');
      const names = g.members.map((m) => m.name);
      if (ctx.options.trustedUsers.length === 0) {
        const ordinary = g.members.filter((m) => m.uid === undefined || (m.uid >= g.uidMin && m.uid <= g.uidMax)).map((m) => m.name);
        if (ordinary.length > 0)
          return warn([`ordinary users in the docker group (root-equivalent): ${ordinary.join(', ')}`, 'name the trusted ones with --trusted-users'], ordinary);
        return { verdict: 'INFO', details: [`Users: ${names.join(', ')}`], items: names };
      }
      const doubtful = names.filter((n) => !ctx.options.trustedUsers.includes(n));
      return doubtful.length > 0 ? warn([`Doubtful users: ${doubtful.join(', ')}`], doubtful) : pass(`all members trusted: ${names.join(', ')}`);
    },
  },
  ...AUDITED.map((a) => auditCheck(a.id, a.path, UNIT_NAMES[a.id] ?? a.label ?? a.path({} as CheckContext) ?? '', a.dir === true, UNKNOWN[a.id])),
  { id: '1.2.1', remediation: 'Harden the host with the CIS benchmark for its operating system.', evaluate: () => note() },
  {
    id: '1.2.2',
    remediation: "Follow Docker releases and your distribution's security updates for the engine.",
    evaluate: (ctx) => info(`Using ${ctx.snapshot.version.Version || 'unknown version'}, verify it is up to date as deemed necessary`),
  },
];

// ------------------------------------------------------------------ section 3 --

/** Whether `p` is owned by uid `want.uid` and, when `want.group` is named, that group. */
export function ownership(ctx: CheckContext, p: string | null | undefined, want: { uid: number; group?: string; owner?: string }, label: string): CheckResult {
  if (!p) return info(`${label}: not configured or not found`);
  const f = ctx.host.files[p];
  if (!f || !f.exists) return f?.error ? info(`cannot stat ${p}: ${f.error} (run as root)`) : info(`${p}: file not found`);
  const groupName = f.gid !== undefined ? (ctx.host.groupNames[f.gid] ?? String(f.gid)) : '?';
  const owner = want.owner ?? 'root';
  if (want.group === undefined) {
    return f.uid === want.uid
      ? pass(`${p} is owned by ${owner} (uid ${want.uid})`)
      : warn([`${p} is owned by uid ${f.uid}, not ${owner} (uid ${want.uid})`], [p]);
  }
  const ok = f.uid === want.uid && groupName === want.group;
  return ok ? pass(`${p} is owned by root:${groupName}`) : warn([`${p} is owned by ${f.uid}:${groupName}, not root:${want.group}`], [p]);
}

export function permissions(ctx: CheckContext, p: string | null | undefined, max: number, label: string): CheckResult {
  if (!p) return info(`${label}: not configured or not found`);
  const f = ctx.host.files[p];
  if (!f || !f.exists || f.mode === undefined) return f?.error ? info(`cannot stat ${p}: ${f.error} (run as root)`) : info(`${p}: file not found`);
  const extra = f.mode & ~max & 0o7777;
  return extra === 0
    ? pass(`${p} has mode ${f.mode.toString(8).padStart(3, '0')}`)
    : warn([`${p} has mode ${f.mode.toString(8).padStart(3, '0')}, more permissive than ${max.toString(8)}`], [p]);
}

export function tlsPath(ctx: CheckContext, key: 'tlscacert' | 'tlscert' | 'tlskey'): string | undefined {
  const argv = ctx.host.daemon.argv ?? [];
  const i = argv.findIndex((a) => a === `--${key}` || a.startsWith(`--${key}=`));
  if (i >= 0) return argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  const v = ctx.host.daemon.config?.[key];
  return typeof v === 'string' ? v : undefined;
}

const own = (id: string, p: (c: CheckContext) => string | null | undefined, label: string, group = 'root'): BenchCheckSpec => ({
  id,
  remediation: `chown root:${group} ${label}`,
  evaluate: (ctx) => ownership(ctx, p(ctx), { uid: 0, group }, label),
});
const perm = (id: string, p: (c: CheckContext) => string | null | undefined, label: string, max: number): BenchCheckSpec => ({
  id,
  remediation: `chmod ${max.toString(8)} ${label}`,
  evaluate: (ctx) => permissions(ctx, p(ctx), max, label),
});

export const fileChecks: BenchCheckSpec[] = [
  own('3.1', (c) => c.host.units['docker.service'], 'docker.service'),
  perm('3.2', (c) => c.host.units['docker.service'], 'docker.service', 0o644),
  own('3.3', (c) => c.host.units['docker.socket'], 'docker.socket'),
  perm('3.4', (c) => c.host.units['docker.socket'], 'docker.socket', 0o644),
  own('3.5', () => '/etc/docker', '/etc/docker'),
  perm('3.6', () => '/etc/docker', '/etc/docker', 0o755),
  own('3.7', () => '/etc/docker/certs.d', '/etc/docker/certs.d'),
  perm('3.8', () => '/etc/docker/certs.d', '/etc/docker/certs.d', 0o755),
  own('3.9', (c) => tlsPath(c, 'tlscacert'), 'the TLS CA certificate (--tlscacert)'),
  perm('3.10', (c) => tlsPath(c, 'tlscacert'), 'the TLS CA certificate (--tlscacert)', 0o444),
  own('3.11', (c) => tlsPath(c, 'tlscert'), 'the server certificate (--tlscert)'),
  perm('3.12', (c) => tlsPath(c, 'tlscert'), 'the server certificate (--tlscert)', 0o444),
  own('3.13', (c) => tlsPath(c, 'tlskey'), 'the server key (--tlskey)'),
  perm('3.14', (c) => tlsPath(c, 'tlskey'), 'the server key (--tlskey)', 0o400),
  own('3.15', () => '/var/run/docker.sock', '/var/run/docker.sock', 'docker'),
  perm('3.16', () => '/var/run/docker.sock', '/var/run/docker.sock', 0o660),
  own('3.17', () => '/etc/docker/daemon.json', '/etc/docker/daemon.json'),
  perm('3.18', () => '/etc/docker/daemon.json', '/etc/docker/daemon.json', 0o644),
  own('3.19', () => '/etc/default/docker', '/etc/default/docker'),
  perm('3.20', () => '/etc/default/docker', '/etc/default/docker', 0o644),
  perm('3.21', () => '/etc/sysconfig/docker', '/etc/sysconfig/docker', 0o644),
  own('3.22', () => '/etc/sysconfig/docker', '/etc/sysconfig/docker'),
  own('3.23', containerdSocket, 'the containerd socket in use'),
  perm('3.24', containerdSocket, 'the containerd socket in use', 0o660),
];
