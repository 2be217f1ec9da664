// `bench --all-nodes`: the benchmark on every node of the swarm, as a one-shot global job service with the
// host mounted read-only; each node's JSON comes back through the service logs on the manager. The job itself
// (placement, bounded log reading, per-node failures, removal) is the engine's node job (src/engine/node-job.ts).
import type Docker from 'dockerode';
import {
  demuxLogs,
  engineSocketAccess,
  linesByNode,
  MAX_JOB_LOG_BYTES,
  pinFromInspect,
  pinImage,
  readCapped,
  reapContainer,
  reapHere as reapJobHere,
  repositoryOf,
  runHelperContainer,
  runNodeJob,
  type JobMount,
  type PinnedImage,
} from '../engine/node-job.js';
import { printable } from '../core/image-reference.js';
import { roleLabels, shortId, withCleanup, type SelfRole } from '../stack/self-cleanup.js';
import type { HostCommand } from './host-facts.js';
import { readBenchLog } from './log.js';
import type { Message } from '../core/message.js';

export { demuxLogs, linesByNode, MAX_JOB_LOG_BYTES, pinFromInspect, pinImage, readCapped, reapContainer, repositoryOf, type PinnedImage };

export const DEFAULT_BENCH_IMAGE = 'swarmguard/swarmguard:local';

/**
 * What the benchmark container needs of the host, read-only (the engine socket, mounted apart, must be writable for
 * the API). Not /run: the engine's run-time files there (its sockets, its exec root) are stat'ed by the host's own
 * `stat` in a helper (hostAuditCommand), wherever the daemon keeps them. docs/security.md lists each path read.
 */
export const HOST_MOUNTS: { source: string; target: string; readOnly: boolean }[] = [
  { source: '/etc', target: '/host/etc', readOnly: true },
  { source: '/var/lib', target: '/host/var/lib', readOnly: true },
  { source: '/usr/bin', target: '/host/usr/bin', readOnly: true },
  // The real binaries behind /usr/bin symlinks (runc, dockerd on Debian).
  { source: '/usr/sbin', target: '/host/usr/sbin', readOnly: true },
  { source: '/lib/systemd', target: '/host/lib/systemd', readOnly: true },
  // The same units on merged-/usr: with both, the job tells /lib/X and /usr/lib/X apart or finds them one file.
  { source: '/usr/lib/systemd', target: '/host/usr/lib/systemd', readOnly: true },
  // The host's processes: dockerd's command line, its network namespace's listeners (/proc/PID/net), auditd, mounts.
  { source: '/proc', target: '/host/proc', readOnly: true },
];

/** Names of swarmguard's own job and probe containers, for the benchmark run inside a job to leave them out. */
export const OWN_CONTAINERS = '^swarmguard-(bench|bench-fix|scan|reap|probe)-[0-9a-f]{6,8}[.-]';

export interface NodeOutcome {
  nodeId: string;
  hostname: string;
  /** The docker-bench JSON log of that node. */
  log?: Record<string, unknown>;
  error?: string;
}

/** How the job reaches its node's engine (engineSocketAccess), with the host paths the checks read. */
export function engineAccess(socket: string, writable: readonly string[] = []): { Mounts: Docker.MountSettings[]; Env?: string[] } {
  const { mounts, env } = benchMounts(socket, writable, []);
  return { Mounts: mounts.map(asMountSettings), ...(env.length > 0 ? { Env: env } : {}) };
}

const asMountSettings = (m: JobMount): Docker.MountSettings => ({ Type: 'bind', Source: m.source, Target: m.target, ReadOnly: m.readOnly });

function benchMounts(socket: string, writable: readonly string[], extra: readonly JobMount[]): { mounts: JobMount[]; env: string[] } {
  const engine = engineSocketAccess(socket);
  const host = HOST_MOUNTS.map((m) => ({ ...m, readOnly: m.readOnly && !writable.includes(m.source) }));
  return { mounts: [...engine.mounts, ...host, ...extra], env: engine.env };
}

/** "HOST: ERROR" of a node that was not benchmarked, printable: both come from the node or its engine. */
export function outcomeLine(o: Pick<NodeOutcome, 'hostname' | 'error'>): string {
  return `${printable(o.hostname)}: ${printable(o.error ?? '')}`;
}

export interface AllNodesOptions {
  /** The most of the job's log read (default MAX_JOB_LOG_BYTES). */
  maxLogBytes?: number;
  image: string;
  /** The engine socket on each node; may contain {{.Node.Hostname}} (then its folder is mounted). */
  engineSocket?: string;
  args: string[];
  timeoutMs: number;
  log?: (m: Message) => void;
  /** bench (default) or bench-fix: the job's label and name. */
  role?: SelfRole;
  /** The container's arguments instead of `bench … --format json ARGS` (one JSON document on stdout). */
  command?: string[];
  /** Host paths mounted writable instead of read-only (bench fix). */
  writable?: string[];
  /** More host paths to mount (e.g. the audit directory bench fix writes). */
  extraMounts?: { source: string; target: string; readOnly: boolean }[];
}

export async function benchAllNodes(docker: Docker, options: AllNodesOptions): Promise<NodeOutcome[]> {
  const role: SelfRole = options.role ?? 'bench';
  const name = `swarmguard-${role}-${shortId()}`;
  const log = options.log ?? (() => undefined);
  const pinned = await pinImage(docker, options.image);
  const socket = options.engineSocket ?? '/var/run/docker.sock';
  const access = benchMounts(socket, options.writable ?? [], options.extraMounts ?? []);
  const maxLogBytes = options.maxLogBytes ?? MAX_JOB_LOG_BYTES;
  const outcomes = await runNodeJob(docker, {
    name,
    what: role,
    askedImage: options.image,
    labels: roleLabels(role),
    image: pinned,
    args: options.command ?? [
      'bench',
      '--host-root',
      '/host',
      '--format',
      'json',
      ...(options.args.includes('--exclude-containers') ? [] : ['--exclude-containers', OWN_CONTAINERS]),
      ...options.args,
    ],
    hostname: '{{.Node.Hostname}}',
    mounts: access.mounts,
    env: [...access.env, `${TASK_ENV}={{.Task.ID}}`, `${IMAGE_ENV}=${pinned.ref}`],
    timeoutMs: options.timeoutMs,
    maxLogBytes,
    ...reapJob(socket),
    guard: withCleanup,
    log,
  });
  return outcomes.map((o): NodeOutcome => {
    const outcome: NodeOutcome = { nodeId: o.id, hostname: o.hostname };
    if (o.text === undefined) {
      outcome.error = o.error ?? 'no output';
      return outcome;
    }
    try {
      outcome.log = JSON.parse(o.text) as Record<string, unknown>;
    } catch {
      // Its size, never its bytes: the text comes from the node.
      outcome.error = o.truncated
        ? `its output was cut: the job's log is read up to ${maxLogBytes >> 20} MiB`
        : `unreadable output: ${Buffer.byteLength(o.text)} bytes that are not one JSON document`;
    }
    return outcome;
  });
}

/** The reaper that removes a node job's exited containers on every node (`bench reap`). */
export function reapJob(socket: string): {
  reapArgs: (service: string) => string[];
  reapAccess: { mounts: JobMount[]; env: string[] };
  reapLabels: Record<string, string>;
  reapName: string;
} {
  const access = engineSocketAccess(socket);
  return {
    reapArgs: (service) => ['bench', 'reap', '--service', service],
    reapAccess: { mounts: access.mounts, env: [...access.env, `${TASK_ENV}={{.Task.ID}}`] },
    reapLabels: roleLabels('bench'),
    reapName: `swarmguard-reap-${shortId()}`,
  };
}

/** The environment variable through which a job container learns its task ID (a Swarm template). */
export const TASK_ENV = 'SWARMGUARD_TASK_ID';
/** The environment variable through which a job container learns the image it runs (pinned), for its helpers. */
export const IMAGE_ENV = 'SWARMGUARD_IMAGE';

const HOST_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The host's own tools, from inside a node job. The kernel answers audit requests only from the initial PID
 * namespace, which a swarm task is never in: a helper container in the host's PID namespace, with no network, no
 * capability but AUDIT_CONTROL and SYS_CHROOT, and the host's root read-only, runs the host's own auditctl there
 * (chroot), and is removed. augenrules is not run this way: it rewrites /etc/audit/audit.rules, and auditctl -R
 * loads the rules file as well. The same helper (without AUDIT_CONTROL) runs the host's `stat` for the engine's
 * run-time files (its sockets under /run or its exec root), which the job does not mount.
 */
export function hostAuditCommand(docker: Docker, image: string, timeoutMs = 30_000): HostCommand {
  const fail = (cmd: string, args: string[], code: number, stderr: string): NodeJS.ErrnoException => {
    // chroot exits 127 when the command is not found under the host's root.
    const err: NodeJS.ErrnoException = new Error(
      code === 127 ? `${cmd} is not installed on the host` : `${cmd} ${args.join(' ')}: ${stderr || `exit ${code}`}`,
    );
    if (code === 127) err.code = 'ENOENT';
    return err;
  };
  const command = async (cmd: 'auditctl' | 'augenrules', args: string[]): Promise<string> => {
    if (cmd !== 'auditctl') throw new Error(`${cmd} is not run from a node job (it rewrites the host's /etc/audit/audit.rules)`);
    const { code, stdout, stderr } = await runOnHost(docker, image, cmd, args, timeoutMs);
    if (code === 0) return stdout;
    throw fail(cmd, args, code, stderr);
  };
  const stat = async (args: string[]): Promise<string> => {
    const { code, stdout, stderr } = await runOnHost(docker, image, 'stat', args, timeoutMs);
    // stat exits 1 when one of its files is missing, and still prints the others.
    if (code === 0 || code === 1) return stdout;
    throw fail('stat', args, code, stderr);
  };
  return Object.assign(command, { stat });
}

async function runOnHost(
  docker: Docker,
  image: string,
  cmd: 'auditctl' | 'stat',
  args: string[],
  timeoutMs: number,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runHelperContainer(docker, {
    what: `${cmd} ${args.join(' ')}`,
    name: `swarmguard-bench-${shortId()}-${cmd}`,
    image,
    entrypoint: ['chroot'],
    cmd: ['/host', cmd, ...args],
    env: [HOST_PATH],
    labels: roleLabels('bench'),
    hostConfig: {
      NetworkMode: 'none',
      // Audit requests are answered only in the host's PID namespace; stat needs none of it.
      ...(cmd === 'auditctl' ? { PidMode: 'host' } : {}),
      CapDrop: ['ALL'],
      CapAdd: cmd === 'auditctl' ? ['AUDIT_CONTROL', 'SYS_CHROOT'] : ['SYS_CHROOT', 'DAC_READ_SEARCH'],
      ReadonlyRootfs: true,
      Binds: ['/:/host:ro'],
    },
    timeoutMs,
    guard: withCleanup,
  });
}

/**
 * `bench reap` (inside the reap job): removes this node's containers of the finished job `service`, then starts
 * an auto-removed helper that waits for this container to exit and removes it.
 */
export function reapHere(docker: Docker, service: string, env: NodeJS.ProcessEnv = process.env): Promise<{ removed: number }> {
  return reapJobHere(docker, {
    service,
    taskId: env[TASK_ENV],
    helperName: `swarmguard-reap-${shortId()}-helper`,
    helperCmd: (id) => ['bench', 'reap', '--container', id],
    labels: roleLabels('bench'),
  });
}

/** One row per check, one column per node. */
export function matrix(outcomes: readonly NodeOutcome[]): { header: string[]; rows: string[][] } {
  const results = outcomes.map((o) => {
    const m = new Map<string, string>();
    for (const r of readBenchLog(o.log).results) m.set(r.id, r.result);
    return m;
  });
  const ids = [...new Set(results.flatMap((m) => [...m.keys()]))];
  // Hostnames, ids and results come from the nodes: printable, never raw control characters.
  return {
    header: ['CHECK', ...outcomes.map((o) => printable(o.hostname))],
    rows: [
      ...ids.map((id) => [printable(id), ...results.map((m) => printable(m.get(id) ?? '-'))]),
      ['SCORE', ...outcomes.map((o) => (o.log ? printable(String(o.log.score)) : 'error'))],
    ],
  };
}
