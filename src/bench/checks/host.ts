// Section 1 (host configuration) and section 3 (ownership and modes of the daemon's files).
import type { Message, MessageValue } from '../../core/message.js';
import type { BenchCheckSpec, CheckContext, CheckResult } from '../check.js';
import { info, note, pass, specKey, warn } from '../check.js';
import { benchMessages as M } from '../messages.js';

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
function auditInactive(ctx: CheckContext): Message | undefined {
  const st = ctx.host.audit.status;
  if (!st) return undefined;
  if (st.enabled === 0) return M.say('bench.audit.kernelOff');
  if (st.pid === 0) return M.say('bench.audit.auditdStopped');
  return undefined;
}

/** The audit verdict for one path: loaded in the kernel beats a rule only written in a file. */
export function auditVerdict(ctx: CheckContext, p: string | null, what: MessageValue, unknownWhy?: MessageValue): CheckResult {
  if (p === null) return info(unknownWhy !== undefined ? M.say('bench.couldNotCheck', { why: unknownWhy }) : M.say('bench.audit.notFound', { what }));
  const f = ctx.host.files[p];
  if (f && !f.exists)
    return f.error
      ? info(M.say('bench.couldNotCheck', { why: M.say('bench.audit.cannotStat', { path: p, error: f.error }) }))
      : info(M.say('bench.audit.fileNotFound', { path: p }));
  const loaded = ctx.host.audit.loaded;
  const inFiles = ctx.host.audit.files.filter((rf) => ruleWatches(rf.lines, p)).map((rf) => rf.path);
  if (loaded !== null && ruleWatches(loaded, p)) {
    const inactive = auditInactive(ctx);
    return inactive ? warn([M.say('bench.audit.loadedInactive', { path: p, why: inactive })]) : pass(M.say('bench.audit.loaded', { path: p }));
  }
  const files = inFiles.join(', ');
  if (loaded !== null) {
    return inFiles.length > 0
      ? warn([M.say('bench.audit.notLoaded', { path: p, files })])
      : warn([M.say('bench.audit.noRule', { path: p, count: ctx.host.audit.files.length })]);
  }
  // No auditctl (not installed, not root, or not in the host's PID namespace): the persisted rules and /proc remain.
  const why = ctx.host.audit.loadedError ?? M.say('bench.audit.noAuditctl');
  // Without auditd nothing is recorded, whatever is loaded: that much is decided without auditctl.
  if (ctx.host.audit.auditd?.running === false) {
    return warn([inFiles.length > 0 ? M.say('bench.audit.inFilesNoAuditd', { path: p, files }) : M.say('bench.audit.noFileNoAuditd', { path: p })]);
  }
  if (inFiles.length > 0) return pass(M.say('bench.audit.inFilesUnconfirmed', { path: p, files, why }));
  return info(M.say('bench.couldNotCheck', { why: M.say('bench.audit.unreadable', { why, path: p, count: ctx.host.audit.files.length }) }));
}

/** A 1.1.x result that says the loaded rules could not be read and no rules file covers the path. */
export const uncoveredUnknown = (ctx: CheckContext, p: string): boolean =>
  ctx.host.audit.loaded === null && !ctx.host.audit.files.some((rf) => ruleWatches(rf.lines, p));

const auditRemediation = (p: string, dir = false) =>
  `Install auditd and add \`${dir ? `-a exit,always -F path=${p} -F perm=war -k docker` : `-w ${p} -k docker`}\` to /etc/audit/rules.d/docker.rules, then \`augenrules --load\` (swarmguard bench fix --apply audit does both).`;

const auditCheck = (
  key: string,
  path: string | ((ctx: CheckContext) => string | null),
  what: MessageValue,
  dir = false,
  unknownWhy?: (ctx: CheckContext) => MessageValue | undefined,
): BenchCheckSpec => ({
  ...specKey(key),
  remediation: auditRemediation(typeof path === 'string' ? path : typeof what === 'object' ? what.en : String(what), dir),
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

const UNIT_NAMES: Record<string, MessageValue> = {
  '1.1.3': M.say('bench.what.dockerd'),
  '1.1.7': 'docker.service',
  '1.1.8': 'containerd.sock',
  '1.1.9': 'docker.socket',
  '1.7.0/1.1.9': M.say('bench.what.engineSocket'),
};
const UNKNOWN: Record<string, (c: CheckContext) => MessageValue | undefined> = {
  '1.1.3': (c) => c.host.daemon.exeError ?? M.say('bench.audit.noDockerd'),
};

export const hostChecks: BenchCheckSpec[] = [
  {
    id: '1.1.1',
    remediation: 'Create a separate partition (or LVM volume) for the Docker root directory and mount it there.',
    severity: 'LOW',
    evaluate: (ctx) => {
      const rootDir = ctx.snapshot.info.DockerRootDir || '/var/lib/docker';
      if (ctx.host.mountsError) return info(M.say('bench.couldNotCheck', { why: M.say('bench.host.mountsUnreadable', { error: ctx.host.mountsError }) }));
      const mounted = ctx.host.mounts.some((m) => m.target === rootDir);
      return mounted ? pass(M.say('bench.host.mountPoint', { path: rootDir })) : warn([M.say('bench.host.noPartition', { path: rootDir })]);
    },
  },
  {
    id: '1.1.2',
    remediation: 'Remove untrusted users from the docker group (`gpasswd -d USER docker`); name the trusted ones with --trusted-users.',
    severity: 'HIGH',
    evaluate: (ctx) => {
      const g = ctx.host.dockerGroup;
      if (g.unreadable) return info(M.say('bench.group.unreadable', { error: g.unreadable }));
      if (!g.exists || g.members.length === 0) return pass(M.say('bench.group.empty'));
      const names = g.members.map((m) => m.name);
      if (ctx.options.trustedUsers.length === 0) {
        const ordinary = g.members.filter((m) => m.uid === undefined || (m.uid >= g.uidMin && m.uid <= g.uidMax)).map((m) => m.name);
        if (ordinary.length > 0) return warn([M.say('bench.group.ordinary', { users: ordinary.join(', ') }), M.say('bench.group.nameTrusted')], ordinary);
        return { verdict: 'INFO', details: [M.say('bench.group.users', { users: names.join(', ') })], items: names };
      }
      const doubtful = names.filter((n) => !ctx.options.trustedUsers.includes(n));
      return doubtful.length > 0
        ? warn([M.say('bench.group.doubtful', { users: doubtful.join(', ') })], doubtful)
        : pass(M.say('bench.group.trusted', { users: names.join(', ') }));
    },
  },
  ...AUDITED.map((a) => auditCheck(a.id, a.path, UNIT_NAMES[a.id] ?? a.label ?? a.path({} as CheckContext) ?? '', a.dir === true, UNKNOWN[a.id])),
  { id: '1.2.1', remediation: 'Harden the host with the CIS benchmark for its operating system.', evaluate: () => note() },
  {
    id: '1.2.2',
    remediation: "Follow Docker releases and your distribution's security updates for the engine.",
    evaluate: (ctx) => info(M.say('bench.version', { version: ctx.snapshot.version.Version || M.say('bench.version.unknown') })),
  },
];

// ------------------------------------------------------------------ section 3 --

/** Whether `p` is owned by uid `want.uid` and, when `want.group` is named, that group. */
export function ownership(
  ctx: CheckContext,
  p: string | null | undefined,
  want: { uid: number; group?: string; engineUser?: boolean },
  label: MessageValue,
): CheckResult {
  if (!p) return info(M.say('bench.file.notConfigured', { label }));
  const f = ctx.host.files[p];
  if (!f || !f.exists)
    return f?.error ? info(M.say('bench.file.cannotStat', { path: p, error: f.error })) : info(M.say('bench.audit.fileNotFound', { path: p }));
  const groupName = f.gid !== undefined ? (ctx.host.groupNames[f.gid] ?? String(f.gid)) : '?';
  if (want.group === undefined) {
    const data = { path: p, uid: want.uid, has: String(f.uid) };
    return f.uid === want.uid
      ? pass(M.say(want.engineUser ? 'bench.file.ownedByEngineUser' : 'bench.file.ownedByRoot', data))
      : warn([M.say(want.engineUser ? 'bench.file.notOwnedByEngineUser' : 'bench.file.notOwnedByRoot', data)], [p]);
  }
  const ok = f.uid === want.uid && groupName === want.group;
  return ok
    ? pass(M.say('bench.file.ownedByGroup', { path: p, group: groupName }))
    : warn([M.say('bench.file.notOwnedByGroup', { path: p, has: String(f.uid), hasGroup: groupName, group: want.group })], [p]);
}

export function permissions(ctx: CheckContext, p: string | null | undefined, max: number, label: MessageValue): CheckResult {
  if (!p) return info(M.say('bench.file.notConfigured', { label }));
  const f = ctx.host.files[p];
  if (!f || !f.exists || f.mode === undefined)
    return f?.error ? info(M.say('bench.file.cannotStat', { path: p, error: f.error })) : info(M.say('bench.audit.fileNotFound', { path: p }));
  const extra = f.mode & ~max & 0o7777;
  const mode = f.mode.toString(8).padStart(3, '0');
  return extra === 0
    ? pass(M.say('bench.file.mode', { path: p, mode }))
    : warn([M.say('bench.file.modeTooOpen', { path: p, mode, max: max.toString(8) })], [p]);
}

/** The files of section 3 that are named by what they are rather than by a path. */
export const FILE_LABELS = {
  userService: M.say('bench.file.userService'),
  tlsCaCert: M.say('bench.file.tlsCaCert'),
  tlsCert: M.say('bench.file.tlsCert'),
  tlsKey: M.say('bench.file.tlsKey'),
  containerdSocket: M.say('bench.file.containerdSocket'),
};
const labelText = (label: MessageValue): string => (typeof label === 'object' ? label.en : String(label));

export function tlsPath(ctx: CheckContext, key: 'tlscacert' | 'tlscert' | 'tlskey'): string | undefined {
  const argv = ctx.host.daemon.argv ?? [];
  const i = argv.findIndex((a) => a === `--${key}` || a.startsWith(`--${key}=`));
  if (i >= 0) return argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  const v = ctx.host.daemon.config?.[key];
  return typeof v === 'string' ? v : undefined;
}

const own = (id: string, p: (c: CheckContext) => string | null | undefined, label: MessageValue, group = 'root'): BenchCheckSpec => ({
  id,
  remediation: `chown root:${group} ${labelText(label)}`,
  evaluate: (ctx) => ownership(ctx, p(ctx), { uid: 0, group }, label),
});
const perm = (id: string, p: (c: CheckContext) => string | null | undefined, label: MessageValue, max: number): BenchCheckSpec => ({
  id,
  remediation: `chmod ${max.toString(8)} ${labelText(label)}`,
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
  own('3.9', (c) => tlsPath(c, 'tlscacert'), FILE_LABELS.tlsCaCert),
  perm('3.10', (c) => tlsPath(c, 'tlscacert'), FILE_LABELS.tlsCaCert, 0o444),
  own('3.11', (c) => tlsPath(c, 'tlscert'), FILE_LABELS.tlsCert),
  perm('3.12', (c) => tlsPath(c, 'tlscert'), FILE_LABELS.tlsCert, 0o444),
  own('3.13', (c) => tlsPath(c, 'tlskey'), FILE_LABELS.tlsKey),
  perm('3.14', (c) => tlsPath(c, 'tlskey'), FILE_LABELS.tlsKey, 0o400),
  own('3.15', () => '/var/run/docker.sock', '/var/run/docker.sock', 'docker'),
  perm('3.16', () => '/var/run/docker.sock', '/var/run/docker.sock', 0o660),
  own('3.17', () => '/etc/docker/daemon.json', '/etc/docker/daemon.json'),
  perm('3.18', () => '/etc/docker/daemon.json', '/etc/docker/daemon.json', 0o644),
  own('3.19', () => '/etc/default/docker', '/etc/default/docker'),
  perm('3.20', () => '/etc/default/docker', '/etc/default/docker', 0o644),
  perm('3.21', () => '/etc/sysconfig/docker', '/etc/sysconfig/docker', 0o644),
  own('3.22', () => '/etc/sysconfig/docker', '/etc/sysconfig/docker'),
  own('3.23', containerdSocket, FILE_LABELS.containerdSocket),
  perm('3.24', containerdSocket, FILE_LABELS.containerdSocket, 0o660),
];
