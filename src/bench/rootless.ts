// A rootless engine's layout: dockerd runs as an ordinary user inside RootlessKit's user namespace, started by
// dockerd-rootless.sh from the user's systemd unit, with everything under the user's home and runtime directory.
// Sources: moby's docs/rootless.md (engine/security/rootless), contrib/dockerd-rootless.sh and
// contrib/dockerd-rootless-setuptool.sh (the paths and the DOCKERD_ROOTLESS_ROOTLESSKIT_* variables), and the
// `docker info` output rootless engines print (Security Options: name=rootless).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../core/errors.js';

export interface RootlessFacts {
  rootless: boolean;
  /** What showed the engine is rootless: the endpoint, the process, `docker info`. */
  evidence: string[];
  /** The engine user's uid on the host (the owner its files should have). */
  uid: number;
  home: string;
  /** $XDG_RUNTIME_DIR, /run/user/UID. */
  runtimeDir: string;
  /** $XDG_RUNTIME_DIR/docker.sock. */
  socket: string;
  /** ~/.config/docker ($XDG_CONFIG_HOME/docker): daemon.json and certs.d. */
  configDir: string;
  configFile: string;
  /** ~/.local/share/docker ($XDG_DATA_HOME/docker). */
  dataRoot: string;
  /** $XDG_RUNTIME_DIR/docker. */
  execRoot: string;
  /** The containerd dockerd runs for itself under its exec root. */
  containerdSocket: string;
  /** ~/.config/systemd/user/docker.service, when it exists. */
  unit: string | null;
  /** dockerd-rootless.sh on the PATH dockerd was started from, when found. */
  script: string | null;
  rootlesskit: { pid?: number; net?: string; portDriver?: string; binary?: string | null };
  /** The rootless dockerd's pid, when it runs here. */
  daemonPid?: number;
  /** ~/.config/docker/daemon.json as read; null when absent. */
  config: Record<string, unknown> | null;
  configError?: string;
}

/** What a rootless layout is derived from: the user and directories, as the process environment or `docker info` tell. */
export interface RootlessInput {
  uid: number;
  home: string;
  runtimeDir?: string;
  env?: Readonly<Record<string, string>>;
  evidence: string[];
}

/** The paths of a rootless engine from its user, home and environment (XDG_* variables win, as dockerd's). */
export function rootlessLayout(input: RootlessInput): Omit<RootlessFacts, 'unit' | 'script' | 'config' | 'configError' | 'daemonPid'> {
  const env = input.env ?? {};
  const runtimeDir = env.XDG_RUNTIME_DIR ?? input.runtimeDir ?? `/run/user/${input.uid}`;
  const configHome = env.XDG_CONFIG_HOME ?? path.posix.join(input.home, '.config');
  const dataHome = env.XDG_DATA_HOME ?? path.posix.join(input.home, '.local/share');
  const configDir = path.posix.join(configHome, 'docker');
  const execRoot = path.posix.join(runtimeDir, 'docker');
  const net = env.DOCKERD_ROOTLESS_ROOTLESSKIT_NET;
  const portDriver = env.DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER;
  return {
    rootless: true,
    evidence: input.evidence,
    uid: input.uid,
    home: input.home,
    runtimeDir,
    socket: path.posix.join(runtimeDir, 'docker.sock'),
    configDir,
    configFile: path.posix.join(configDir, 'daemon.json'),
    dataRoot: path.posix.join(dataHome, 'docker'),
    execRoot,
    containerdSocket: path.posix.join(execRoot, 'containerd/containerd.sock'),
    rootlesskit: { ...(net ? { net } : {}), ...(portDriver ? { portDriver } : {}) },
  };
}

/** NUL-separated KEY=VALUE pairs of /proc/PID/environ. */
export function parseEnviron(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split('\0').slice(0, 4096)) {
    const i = pair.indexOf('=');
    if (i > 0) out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

/** The real uid of /proc/PID/status ("Uid:\treal\teffective…"), as the reader's namespace sees it. */
export function statusUid(text: string): number | undefined {
  const m = /^Uid:\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The uid of a /run/user/UID/docker.sock endpoint (DOCKER_HOST=unix:///run/user/1000/docker.sock). */
export function endpointUid(endpoint: string | undefined): { uid: number; runtimeDir: string } | undefined {
  const m = /^(?:unix:\/\/)?(\/run\/user\/(\d{1,10}))\/docker\.sock$/.exec(endpoint ?? '');
  return m ? { uid: Number(m[2]), runtimeDir: m[1]! } : undefined;
}

/**
 * The data root `docker info` reports for a rootless engine: $XDG_DATA_HOME/docker, by default
 * HOME/.local/share/docker; the home it implies.
 */
export function homeOfDataRoot(dataRoot: string): string | undefined {
  const m = /^(\/.+)\/\.local\/share\/docker$/.exec(dataRoot);
  return m ? m[1] : undefined;
}

async function readText(file: string, limit = 1 << 20): Promise<string | null> {
  try {
    const h = await fs.open(file, 'r');
    try {
      const buf = Buffer.alloc(limit);
      const { bytesRead } = await h.read(buf, 0, limit, 0);
      return buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await h.close();
    }
  } catch {
    return null;
  }
}

async function homeOf(root: string, uid: number): Promise<string | undefined> {
  const text = await readText(path.join(root, 'etc/passwd'));
  for (const line of (text ?? '').split('\n')) {
    const f = line.split(':');
    if (f.length >= 6 && Number(f[2]) === uid) return f[5];
  }
  return undefined;
}

async function exists(root: string, p: string): Promise<boolean> {
  return fs.stat(path.join(root, p)).then(
    () => true,
    () => false,
  );
}

/** A rootless dockerd among the running ones: its environment names RootlessKit (set by rootlesskit and the script). */
async function rootlessProcess(
  root: string,
  pids: readonly number[],
): Promise<{ pid: number; uid: number; env: Record<string, string>; parent?: number } | undefined> {
  for (const pid of pids) {
    const environ = await readText(path.join(root, 'proc', String(pid), 'environ'));
    if (environ === null) continue;
    const env = parseEnviron(environ);
    if (env.ROOTLESSKIT_STATE_DIR === undefined && env._DOCKERD_ROOTLESS_CHILD === undefined) continue;
    const status = await readText(path.join(root, 'proc', String(pid), 'status'));
    const uid = status !== null ? statusUid(status) : undefined;
    const ppid = status !== null ? /^PPid:\s+(\d+)/m.exec(status)?.[1] : undefined;
    if (uid !== undefined) return { pid, uid, env, ...(ppid ? { parent: Number(ppid) } : {}) };
  }
  return undefined;
}

export interface RootlessOptions {
  root?: string;
  /** The dockerd processes found (pids). */
  dockerdPids?: readonly number[];
  /** The engine endpoint this run talks to (DOCKER_HOST). */
  endpoint?: string;
  /** The data root the engine reports (`docker info` DockerRootDir). */
  dataRoot?: string | PromiseLike<string | undefined>;
}

/**
 * The rootless layout of the engine this run benchmarks, or null when it is not rootless as far as the host shows:
 * the endpoint is a /run/user/UID socket, a dockerd runs under RootlessKit, or the data root is a user's.
 */
export async function collectRootlessFacts(options: RootlessOptions = {}): Promise<RootlessFacts | null> {
  const root = options.root ?? '/';
  const evidence: string[] = [];
  const byEndpoint = endpointUid(options.endpoint);
  if (byEndpoint) evidence.push(`the engine endpoint is ${byEndpoint.runtimeDir}/docker.sock`);
  const proc = await rootlessProcess(root, options.dockerdPids ?? []);
  if (proc) evidence.push(`dockerd (pid ${proc.pid}) runs as uid ${proc.uid} under RootlessKit (ROOTLESSKIT_STATE_DIR in its environment)`);
  const dataRoot = await Promise.resolve(options.dataRoot);
  const dataHome = dataRoot !== undefined ? homeOfDataRoot(dataRoot) : undefined;
  if (!byEndpoint && !proc && dataHome === undefined) return null;
  if (dataHome !== undefined && !byEndpoint && !proc) evidence.push(`the engine's data root is ${dataRoot}`);
  const uid =
    proc?.uid ??
    byEndpoint?.uid ??
    (await fs.stat(path.join(root, dataHome ?? '/nonexistent')).then(
      (s) => s.uid,
      () => -1,
    ));
  const home = proc?.env.HOME ?? dataHome ?? (await homeOf(root, uid)) ?? `/home/${uid}`;
  const layout = rootlessLayout({
    uid,
    home,
    ...(byEndpoint ? { runtimeDir: byEndpoint.runtimeDir } : {}),
    ...(proc ? { env: proc.env } : {}),
    evidence,
  });
  const unitPath = path.posix.join(home, '.config/systemd/user/docker.service');
  const pathDirs = (proc?.env.PATH ?? '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin').split(':').filter((d) => d.startsWith('/'));
  const findOnPath = async (name: string): Promise<string | null> => {
    for (const d of pathDirs) if (await exists(root, path.posix.join(d, name))) return path.posix.join(d, name);
    return null;
  };
  const [unit, script, rootlesskitBinary, configText] = await Promise.all([
    exists(root, unitPath).then((e) => (e ? unitPath : null)),
    findOnPath('dockerd-rootless.sh'),
    findOnPath('rootlesskit'),
    readText(path.join(root, layout.configFile)),
  ]);
  let config: Record<string, unknown> | null = null;
  let configError: string | undefined;
  if (configText !== null) {
    try {
      const v: unknown = JSON.parse(configText);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) config = v as Record<string, unknown>;
      else configError = `${layout.configFile}: not a JSON object`;
    } catch (e) {
      configError = `${layout.configFile}: ${errorMessage(e)}`;
    }
  }
  return {
    ...layout,
    unit,
    script,
    rootlesskit: { ...layout.rootlesskit, ...(proc?.parent !== undefined ? { pid: proc.parent } : {}), binary: rootlesskitBinary },
    ...(proc ? { daemonPid: proc.pid } : {}),
    config,
    ...(configError !== undefined ? { configError } : {}),
  };
}

/** The paths of the layout the checks stat. */
export function rootlessPaths(r: RootlessFacts): string[] {
  return [
    r.socket,
    r.configDir,
    r.configFile,
    path.posix.join(r.configDir, 'certs.d'),
    r.dataRoot,
    r.execRoot,
    r.containerdSocket,
    ...(r.unit ? [r.unit] : []),
  ];
}
