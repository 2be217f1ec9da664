// Host facts for the benchmark, read once: file ownership and modes, audit rules (loaded and persisted),
// the dockerd command line and daemon.json, mounts, docker group members, swarm certificates.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { errorMessage } from '../core/errors.js';
import { collectDockerGroupFacts, type DockerGroupFacts } from '../hardening/docker-group.js';
import { parseDockerdArgv, readDaemonJson, type DaemonJson } from '../hardening/daemon-config.js';
import { findDockerdProcesses, namespaceListeners } from '../hardening/dockerd-process.js';
import { processNames } from '../engine/local-processes.js';
import { collectRootlessFacts, rootlessPaths, type RootlessFacts } from './rootless.js';

const run = promisify(execFile);

export interface FileFact {
  path: string;
  exists: boolean;
  /** Set when stat failed for another reason than absence (e.g. EACCES). */
  error?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  isDirectory?: boolean;
  isSocket?: boolean;
}

export interface AuditFacts {
  /** `auditctl -l` lines; null when auditctl is missing or refused (no audit in the kernel, not root). */
  loaded: string[] | null;
  loadedError?: string;
  /** `auditctl -s`: whether the kernel audits (`enabled` 0 off, 1 on, 2 locked) and auditd's pid (0: not running). */
  status?: { enabled: number; pid: number } | null;
  /**
   * Whether auditd runs, from the host's /proc (readable where auditctl is refused: the kernel answers audit
   * requests only from the initial PID namespace, which a job container is not in).
   */
  auditd?: { running: boolean; pid?: number } | null;
  /** Persisted rule lines (comments dropped) by file: /etc/audit/audit.rules and rules.d/*.rules. */
  files: { path: string; lines: string[] }[];
}

export interface CertFact {
  path: string;
  notBefore: string;
  notAfter: string;
  subject: string;
}

export interface HostFacts {
  hostname: string;
  uid: number;
  files: Record<string, FileFact>;
  /** Paths of systemd units found for docker.service, docker.socket, containerd.socket. */
  units: Record<string, string | null>;
  audit: AuditFacts;
  daemon: {
    argv: string[] | null;
    config: Record<string, unknown> | null;
    configError?: string;
    listeners: { address: string; port: number }[];
    /**
     * How `listeners` was found: the daemon's own socket descriptors, or — where they cannot be read (a node job has
     * no ptrace rights over the daemon) — every listening socket of the network namespace the daemon runs in.
     */
    listenersFrom?: 'descriptors' | 'network namespace';
    /** The running daemon's pid and its real binary (/proc/PID/exe); null when it could not be read. */
    pid?: number;
    exe?: string | null;
    exeError?: string;
  };
  /** The containerd socket the daemon uses, and how that was decided. */
  containerdSocket?: { path: string; source: string };
  /** This node's swarm addresses from the data root (swarm/docker-state.json); null outside a swarm or unreadable. */
  swarmState?: { advertiseAddr: string; dataPathAddr: string; listenAddr: string; error?: string } | null;
  mounts: { source: string; target: string; fstype: string }[];
  /** Why the host's mount table could not be read (then `mounts` is empty and decides nothing). */
  mountsError?: string;
  dockerGroup: DockerGroupFacts;
  swarmNodeCert: CertFact | null;
  swarmCaCert: CertFact | null;
  groupNames: Record<number, string>;
  /** The rootless layout when the engine runs rootless (see rootless.ts); null or absent otherwise. */
  rootless?: RootlessFacts | null;
}

/**
 * Runs one of the host's audit tools (auditctl, augenrules) and returns its standard output; rejects with the
 * reason (an Error whose `code` is 'ENOENT' when the tool is not installed). Locally that is execFile; in a node
 * job, where the kernel refuses audit requests from a container's PID namespace, a helper container in the host's
 * PID namespace runs the host's own tool (see all-nodes.ts).
 */
export type HostCommand = ((cmd: 'auditctl' | 'augenrules', args: string[]) => Promise<string>) & {
  /** The host's own `stat ARGS` (its standard output, also when one file is missing), where this runs in a node job. */
  stat?: (args: string[]) => Promise<string>;
};

export const localCommand: HostCommand = async (cmd, args) => (await run(cmd, args, { timeout: 20_000 })).stdout;

export interface HostFactOptions {
  /** Root of the host filesystem (e.g. "/host" inside the benchmark container). */
  root?: string;
  /** Where rules files are looked up and written; defaults to ROOT/etc/audit. */
  auditDir?: string;
  /** The engine's data root (default /var/lib/docker); may be a promise, awaited only by the facts that need it. */
  dataRoot?: string | PromiseLike<string | undefined>;
  /** How auditctl reaches the host's kernel (default: run it here). */
  hostCommand?: HostCommand;
}

const UNIT_DIRS = ['/etc/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system', '/run/systemd/system'];

/** The paths the benchmark inspects (besides units and TLS files found in the config). */
export const WATCHED_PATHS = [
  '/usr/bin/dockerd',
  '/run/containerd',
  '/var/lib/docker',
  '/etc/docker',
  '/etc/default/docker',
  '/etc/docker/daemon.json',
  '/etc/containerd/config.toml',
  '/etc/sysconfig/docker',
  '/usr/bin/containerd',
  '/usr/bin/containerd-shim',
  '/usr/bin/containerd-shim-runc-v1',
  '/usr/bin/containerd-shim-runc-v2',
  '/usr/bin/runc',
  '/var/run/docker.sock',
  '/run/containerd/containerd.sock',
  '/etc/docker/certs.d',
];

async function statFact(root: string, p: string): Promise<FileFact> {
  try {
    // Under a host root, an absolute symlink (/usr/bin/x -> /usr/sbin/x) points into the host, not this container.
    const real = root === '/' ? p : ((await realPathUnder(root, p)) ?? p);
    const st = await fs.stat(path.join(root, real));
    return { path: p, exists: true, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, isDirectory: st.isDirectory(), isSocket: st.isSocket() };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { path: p, exists: false } : { path: p, exists: false, error: `${code ?? 'error'}: ${errorMessage(e)}` };
  }
}

/**
 * The engine's run-time files (its sockets under /run, or under an exec root elsewhere in /run) are not mounted
 * into a node job: there they are stat'ed by the host's own `stat` (see hostAuditCommand in all-nodes.ts).
 */
export function isRunPath(p: string): boolean {
  return p === '/run' || p.startsWith('/run/') || p === '/var/run' || p.startsWith('/var/run/');
}

/** `stat -L -c '%f %u %g %n'` lines (raw mode in hex, owner, group, name) → facts of the asked paths; a path not printed is absent. */
export function parseHostStat(text: string, paths: readonly string[]): FileFact[] {
  const seen = new Map<string, FileFact>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{1,8}) (\d+) (\d+) (.+)$/.exec(line);
    if (!m) continue;
    const raw = parseInt(m[1]!, 16);
    const type = raw & 0o170000;
    seen.set(m[4]!, {
      path: m[4]!,
      exists: true,
      mode: raw & 0o7777,
      uid: Number(m[2]),
      gid: Number(m[3]),
      isDirectory: type === 0o040000,
      isSocket: type === 0o140000,
    });
  }
  return paths.map((p) => seen.get(p) ?? { path: p, exists: false });
}

/** Host facts of `paths` through the host's own stat (one helper for all); every path carries the error when that fails. */
async function hostStat(stat: (args: string[]) => Promise<string>, paths: readonly string[]): Promise<FileFact[]> {
  if (paths.length === 0) return [];
  // A name with a line break could forge a line of the output: such a path is not asked about.
  const asked = paths.filter((p) => p.startsWith('/') && !/[\n\r]/.test(p));
  try {
    const facts = parseHostStat(await stat(['-L', '-c', '%f %u %g %n', '--', ...asked]), asked);
    return paths.map((p) => facts.find((f) => f.path === p) ?? { path: p, exists: false, error: 'not a plain absolute path' });
  } catch (e) {
    const why = `could not stat it on the host: ${errorMessage(e).split('\n')[0]}`;
    return paths.map((p) => ({ path: p, exists: false, error: why }));
  }
}

async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

export function ruleLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

async function readCert(file: string): Promise<CertFact | null> {
  const pem = await readText(file);
  if (!pem) return null;
  try {
    const cert = new X509Certificate(pem);
    return { path: file, notBefore: new Date(cert.validFrom).toISOString(), notAfter: new Date(cert.validTo).toISOString(), subject: cert.subject };
  } catch {
    return null;
  }
}

/** The value of `--name VALUE` / `--name=VALUE` in a command line. */
export function flagValue(argv: readonly string[] | null, name: string): string | undefined {
  if (!argv) return undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}`) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

/** `readlink -f` of an absolute host path inside `root` (symlinks resolved against root, not against /). */
export async function realPathUnder(root: string, p: string, depth = 0): Promise<string | undefined> {
  if (depth > 40) return undefined;
  const parts = p.split('/').filter(Boolean);
  let current = '/';
  for (let i = 0; i < parts.length; i++) {
    const next = path.posix.join(current, parts[i]!);
    let link: string | undefined;
    try {
      const st = await fs.lstat(path.join(root, next));
      if (st.isSymbolicLink()) link = await fs.readlink(path.join(root, next));
    } catch {
      return undefined;
    }
    if (link === undefined) {
      current = next;
      continue;
    }
    const target = link.startsWith('/') ? link : path.posix.join(current, link);
    return realPathUnder(root, path.posix.join(target, ...parts.slice(i + 1)), depth + 1);
  }
  return current;
}

/** Spellings of one directory on a merged-/usr system: /lib → usr/lib, /bin → usr/bin, /sbin → usr/sbin. */
const MERGED_USR: [string, string][] = [
  ['/lib/', '/usr/lib/'],
  ['/bin/', '/usr/bin/'],
  ['/sbin/', '/usr/sbin/'],
];

/**
 * The one spelling of a host file that rules and checks use, wherever the benchmark runs: `readlink -f` under
 * `root`, and, where /lib/X and /usr/lib/X are the same file (same device and inode), /usr/lib/X. Locally /lib
 * is the merged-/usr symlink and resolves; in a node job /host/lib and /host/usr/lib are two bind mounts of the
 * same host directory, which no symlink joins but whose files have one inode.
 */
export async function canonicalPath(root: string, p: string): Promise<string> {
  const real = (await realPathUnder(root, p)) ?? p;
  const pair = MERGED_USR.find(([short]) => real.startsWith(short));
  if (!pair) return real;
  const usr = `${pair[1]}${real.slice(pair[0].length)}`;
  try {
    const [a, b] = await Promise.all([fs.stat(path.join(root, real)), fs.stat(path.join(root, usr))]);
    return a.dev === b.dev && a.ino === b.ino ? usr : real;
  } catch {
    return real;
  }
}

/** Where a command name is looked up when the daemon was started without a path (systemd's default PATH). */
const EXEC_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * The daemon's real binary, from /proc/PID/exe (a symlink the kernel keeps to the executed file). Reading it
 * needs ptrace rights over the daemon, which a job container lacks: then argv[0], resolved under `root`.
 */
export async function realBinary(root: string, pid: number, argv0?: string): Promise<{ exe: string | null; error?: string }> {
  let why: string;
  try {
    const target = await fs.readlink(path.join(root, 'proc', String(pid), 'exe'));
    return { exe: target.replace(/ \(deleted\)$/, '') };
  } catch (e) {
    why = `${(e as NodeJS.ErrnoException).code ?? 'error'} reading /proc/${pid}/exe`;
  }
  if (!argv0) return { exe: null, error: why };
  for (const candidate of argv0.startsWith('/') ? [argv0] : argv0.includes('/') ? [] : EXEC_PATH.map((d) => path.posix.join(d, argv0))) {
    const real = await realPathUnder(root, candidate);
    if (real === undefined) continue;
    const ok = await fs.stat(path.join(root, real)).then(
      (st) => st.isFile(),
      () => false,
    );
    if (ok) return { exe: real };
  }
  return { exe: null, error: `${why}; ${argv0} (its argv[0]) not found under ${root}` };
}

/** Whether auditd runs on the host: a process named auditd in ROOT/proc (its process table, read once when given). */
export function findAuditd(procDir: string, names: ReadonlyMap<number, string> | null = processNames(procDir)): { running: boolean; pid?: number } | null {
  if (names === null) return null;
  for (const [pid, comm] of names) if (comm === 'auditd') return { running: true, pid };
  return { running: false };
}

/**
 * The containerd socket dockerd talks to: `--containerd` or daemon.json "containerd" when set; otherwise dockerd
 * starts its own containerd, listening under its exec root (default /var/run/docker).
 */
export function containerdSocketInUse(argv: readonly string[] | null, config: Record<string, unknown> | null): { path: string; source: string } {
  const flag = flagValue(argv, 'containerd');
  if (flag) return { path: flag, source: 'dockerd --containerd' };
  if (typeof config?.containerd === 'string' && config.containerd !== '') return { path: config.containerd, source: 'daemon.json "containerd"' };
  const execRoot = flagValue(argv, 'exec-root') ?? (typeof config?.['exec-root'] === 'string' ? config['exec-root'] : undefined) ?? '/var/run/docker';
  return { path: path.posix.join(execRoot, 'containerd/containerd.sock'), source: `the containerd dockerd manages (exec root ${execRoot})` };
}

/**
 * The daemon's TCP listeners: those of its descriptors; where they cannot be read (a node job), every listening
 * socket of its network namespace, read from PROC/PID/net (the host's listeners when it runs in the host's).
 */
async function daemonListeners(
  procDir: string,
  proc: { pid: number; listeners: { address: string; port: number }[]; fdsUnreadable?: boolean } | undefined,
): Promise<Pick<HostFacts['daemon'], 'listeners' | 'listenersFrom'>> {
  if (!proc) return { listeners: [] };
  if (!proc.fdsUnreadable) return { listeners: proc.listeners, listenersFrom: 'descriptors' };
  const all = [...(await namespaceListeners(path.join(procDir, String(proc.pid)))).values()];
  return { listeners: all, listenersFrom: 'network namespace' };
}

/** Parses `auditctl -s` ("enabled 1", "pid 612", …). */
export function parseAuditStatus(text: string): { enabled: number; pid: number } | null {
  const enabled = /^enabled (\d+)/m.exec(text);
  const pid = /^pid (\d+)/m.exec(text);
  return enabled && pid ? { enabled: Number(enabled[1]), pid: Number(pid[1]) } : null;
}

async function readSwarmState(file: string): Promise<HostFacts['swarmState']> {
  const text = await readText(file);
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null) return { advertiseAddr: '', dataPathAddr: '', listenAddr: '', error: `${file} is not a JSON object` };
    const o = v as Record<string, unknown>;
    const s = (k: string): string => (typeof o[k] === 'string' ? o[k] : '');
    return { advertiseAddr: s('AdvertiseAddr'), dataPathAddr: s('DataPathAddr'), listenAddr: s('ListenAddr') };
  } catch (e) {
    return { advertiseAddr: '', dataPathAddr: '', listenAddr: '', error: `${file}: ${errorMessage(e)}` };
  }
}

/** The first of UNIT_DIRS that holds the unit (all looked up at once), in its canonical spelling; null when none does. */
async function findUnit(root: string, unit: string, stat: (p: string) => Promise<FileFact>): Promise<FileFact | null> {
  const found = (await Promise.all(UNIT_DIRS.map((dir) => stat(path.join(dir, unit))))).find((f) => f.exists);
  if (!found) return null;
  // /lib/systemd/system/docker.service is /usr/lib/systemd/system/docker.service on merged-/usr.
  const canonical = await canonicalPath(root, found.path);
  return canonical === found.path ? found : { ...found, path: canonical };
}

/**
 * A path flag of dockerd's command line as it was read before: present (`--name VALUE`, `--name=VALUE`; the first
 * one, its value cut at a second `=`, maybe missing) or absent (undefined).
 */
function pathFlag(argv: readonly string[] | null, name: string): { value: string | undefined } | undefined {
  const i = argv?.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`)) ?? -1;
  if (!argv || i < 0) return undefined;
  return { value: argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1] };
}

/** The TLS files dockerd is told to use: each flag on its command line, else its daemon.json key. */
function tlsPathsOf(argv: readonly string[] | null, config: Record<string, unknown> | null): string[] {
  return ['tlscacert', 'tlscert', 'tlskey']
    .map((k) => {
      const flag = pathFlag(argv, k);
      return flag ? flag.value : typeof config?.[k] === 'string' ? config[k] : undefined;
    })
    .filter((p): p is string => typeof p === 'string');
}

/** The daemon.json dockerd reads (its --config-file, else the default), read under `root`. */
function readDaemonConfig(root: string, argv: readonly string[] | null): Promise<DaemonJson> {
  const configPath = parseDockerdArgv(argv ?? []).configFile;
  return readDaemonJson(configPath, path.join(root, configPath));
}

async function readAuditRules(auditDir: string): Promise<AuditFacts['files']> {
  const mainFile = path.join(auditDir, 'audit.rules');
  const dEntries = await fs
    .readdir(path.join(auditDir, 'rules.d'))
    .then((names) => names.filter((f) => f.endsWith('.rules')).sort())
    .catch((): string[] => []);
  const files = [mainFile, ...dEntries.map((f) => path.join(auditDir, 'rules.d', f))];
  const texts = await Promise.all(files.map(readText));
  return files.flatMap((file, i) => {
    const text = texts[i];
    return typeof text === 'string' ? [{ path: file, lines: ruleLines(text) }] : [];
  });
}

async function readLoadedRules(command: HostCommand, viaHost: boolean, root: string): Promise<Pick<AuditFacts, 'loaded' | 'loadedError'>> {
  try {
    const stdout = await command('auditctl', ['-l']);
    return { loaded: stdout.trim() === 'No rules' ? [] : ruleLines(stdout) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      loaded: null,
      loadedError:
        code === 'ENOENT'
          ? `auditctl is not installed ${viaHost ? 'on the host' : 'here'}`
          : root !== '/' && !viaHost
            ? `auditctl was refused (${errorMessage(e).split('\n')[0]}): the kernel answers audit requests only in the host's PID namespace`
            : errorMessage(e).split('\n')[0],
    };
  }
}

async function readMounts(root: string): Promise<{ mounts: HostFacts['mounts']; mountsError?: string }> {
  // Under a host root, this process's mounts are the container's: the host's are those of its init (pid 1).
  const mountsFile = root === '/' ? 'proc/self/mounts' : 'proc/1/mounts';
  let text: string;
  try {
    text = await fs.readFile(path.join(root, mountsFile), 'utf8');
  } catch (e) {
    return { mounts: [], mountsError: `${(e as NodeJS.ErrnoException).code ?? 'error'} reading /${mountsFile}` };
  }
  const mounts = text
    .split('\n')
    .map((l) => l.split(' '))
    .filter((c) => c.length >= 3)
    .map(([source, target, fstype]) => ({ source: source!, target: target!.replace(/\\040/g, ' '), fstype: fstype! }));
  return { mounts };
}

async function readGroupNames(root: string): Promise<Record<number, string>> {
  const groupText = (await readText(path.join(root, 'etc/group'))) ?? '';
  const groupNames: Record<number, string> = {};
  for (const line of groupText.split('\n')) {
    const [name, , gid] = line.split(':');
    if (name && gid && /^\d+$/.test(gid)) groupNames[Number(gid)] = name;
  }
  return groupNames;
}

/** How the host's paths are stat'ed: in a node job, the /run paths wait for the daemon's command line (its exec root) and go to the host in one call (`runPaths`). */
interface PathStatter {
  stat: (p: string) => Promise<FileFact>;
  runPaths: (paths: string[]) => void;
}

function pathStatter(root: string, command: HostCommand): PathStatter {
  const hostStatTool = root !== '/' ? command.stat : undefined;
  let runPaths: (paths: string[]) => void = () => undefined;
  const runFactsP: Promise<Map<string, FileFact>> = hostStatTool
    ? new Promise<string[]>((resolve) => (runPaths = resolve)).then(async (ps) => {
        const facts = await hostStat(hostStatTool, ps);
        return new Map(facts.map((f) => [f.path, f]));
      })
    : Promise.resolve(new Map<string, FileFact>());
  const stat = async (p: string): Promise<FileFact> => {
    if (hostStatTool === undefined || !isRunPath(p)) return statFact(root, p);
    return (await runFactsP).get(p) ?? { path: p, exists: false, error: "not stat'ed on the host" };
  };
  return { stat, runPaths: (ps) => runPaths(ps) };
}

/** The daemon serving the data root: its command line, daemon.json, binary, listeners, rootless setup and watched paths. */
async function collectDaemonFacts(ctx: {
  root: string;
  procDir: string;
  names: ReturnType<typeof processNames>;
  dataRootP: Promise<string>;
  unitNames: readonly string[];
  paths: PathStatter;
}) {
  const { root, procDir, names, dataRootP, unitNames } = ctx;
  const { stat, runPaths } = ctx.paths;
  const procs = await findDockerdProcesses(procDir, names).catch(() => []);
  const dataRoot = await dataRootP;
  // A rootless engine (rootless.ts): its own dockerd, its paths under the user's home and runtime directory.
  const rootless = await collectRootlessFacts({ root, dockerdPids: procs.map((p) => p.pid), endpoint: process.env.DOCKER_HOST, dataRoot });
  // Several daemons may run here (a lab, rootless): take the one serving this data root.
  const proc =
    procs.find((p) => p.pid === rootless?.daemonPid) ?? procs.find((p) => (flagValue(p.argv, 'data-root') ?? '/var/lib/docker') === dataRoot) ?? procs[0];
  const argv = proc?.argv ?? null;
  const [{ config, configError }, exe] = await Promise.all([
    readDaemonConfig(root, argv),
    proc ? realBinary(root, proc.pid, proc.argv[0]) : { exe: null, error: 'no dockerd process found' },
  ]);
  const tlsPaths = tlsPathsOf(argv, config);
  const containerdSocket = containerdSocketInUse(argv, config);
  const extra = [exe.exe, containerdSocket.path].filter((p): p is string => typeof p === 'string');
  const watched = [...new Set([...WATCHED_PATHS, ...tlsPaths, ...extra, ...(rootless ? rootlessPaths(rootless) : [])])];
  runPaths([...new Set([...watched, ...UNIT_DIRS.flatMap((dir) => unitNames.map((u) => path.posix.join(dir, u)))].filter(isRunPath))]);
  const [stats, listeners] = await Promise.all([Promise.all(watched.map(stat)), daemonListeners(procDir, proc)]);
  return { proc, argv, config, configError, exe, containerdSocket, listeners, rootless, watched: watched.map((p, i) => [p, stats[i]!] as const) };
}

/**
 * Reads every host fact once. The reads are independent and run at once; the few that depend on the engine's
 * data root (which daemon serves it, the swarm state and certificates) wait for `dataRoot`, which may be a
 * promise (the engine's answer, still on its way while the rest is read).
 */
export async function collectHostFacts(options: HostFactOptions = {}): Promise<HostFacts> {
  const root = options.root ?? '/';
  const auditDir = options.auditDir ?? path.join(root, 'etc/audit');
  const procDir = path.join(root, 'proc');
  const command = options.hostCommand ?? localCommand;
  // The process table once, for both daemons looked up by name.
  const names = processNames(procDir);
  const dataRootP = Promise.resolve(options.dataRoot).then((d) => d ?? '/var/lib/docker');
  const unitNames = ['docker.service', 'docker.socket', 'containerd.socket'];
  const paths = pathStatter(root, command);
  const { stat, runPaths } = paths;
  const daemonP = collectDaemonFacts({ root, procDir, names, dataRootP, unitNames, paths });
  // A failure before the daemon's paths are known leaves no /run lookup waiting.
  daemonP.catch(() => runPaths([]));
  const [unitFacts, daemon, loaded, status, ruleFiles, mounts, groupNames, dockerGroup, swarm] = await Promise.all([
    Promise.all(unitNames.map((unit) => findUnit(root, unit, stat))),
    daemonP,
    readLoadedRules(command, options.hostCommand !== undefined, root),
    command('auditctl', ['-s']).then(parseAuditStatus, () => null),
    readAuditRules(auditDir),
    readMounts(root),
    readGroupNames(root),
    collectDockerGroupFacts(path.join(root, 'etc')),
    dataRootP.then((dataRoot) =>
      Promise.all([
        readSwarmState(path.join(root, dataRoot, 'swarm/docker-state.json')),
        readCert(path.join(root, dataRoot, 'swarm/certificates/swarm-node.crt')),
        readCert(path.join(root, dataRoot, 'swarm/certificates/swarm-root-ca.crt')),
      ]),
    ),
  ]);
  // The same insertion order as one read after the other: units, then the watched paths.
  const files: Record<string, FileFact> = {};
  const units: Record<string, string | null> = {};
  unitNames.forEach((unit, i) => {
    const f = unitFacts[i] ?? null;
    units[unit] = f?.path ?? null;
    if (f) files[f.path] = f;
  });
  for (const [p, f] of daemon.watched) files[p] = f;
  const [swarmState, swarmNodeCert, swarmCaCert] = swarm;
  const { proc, argv, config, configError, exe, containerdSocket, listeners, rootless } = daemon;
  return {
    hostname: os.hostname(),
    uid: process.getuid?.() ?? -1,
    files,
    units,
    audit: { ...loaded, status, auditd: findAuditd(procDir, names), files: ruleFiles },
    daemon: {
      argv,
      config,
      ...(configError !== undefined ? { configError } : {}),
      ...listeners,
      ...(proc ? { pid: proc.pid } : {}),
      exe: exe.exe,
      ...(exe.error !== undefined ? { exeError: exe.error } : {}),
    },
    containerdSocket,
    swarmState,
    ...mounts,
    dockerGroup,
    swarmNodeCert,
    swarmCaCert,
    groupNames,
    rootless,
  };
}
