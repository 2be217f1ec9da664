// `bench --all-nodes`: the benchmark on every node of the swarm, as a one-shot global job service with the
// host mounted read-only; each node's JSON comes back through the service logs on the manager.
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { EngineError, UserError, errorMessage } from '../core/errors.js';
import { containerLogs } from '../engine/api.js';
import { printable } from '../image/reference.js';
import { demuxDockerLogs } from '../stack/probe-script.js';
import { roleLabels, shortId, withCleanup, type SelfRole } from '../stack/self-cleanup.js';
import type { HostCommand } from './host-facts.js';
import { readBenchLog } from './log.js';

export const DEFAULT_BENCH_IMAGE = 'swarmguard/swarmguard:local';

type Obj = Record<string, unknown>;
/** A string field of engine JSON, or '' when it is absent or of another type. */
const strField = (v: unknown): string => (typeof v === 'string' ? v : '');

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

/** The repository of a reference: no tag, no digest. */
export function repositoryOf(ref: string): string {
  const noDigest = ref.split('@')[0] ?? ref;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

export interface PinnedImage {
  /** What goes in the job spec: repo@sha256:… (registry digest) or sha256:… (the image ID, for a local build). */
  ref: string;
  how: 'registry digest' | 'image ID';
}

/**
 * The job runs as root with the engine socket and host paths mounted on every node: it must run exactly the
 * image the manager has, never whatever a tag points to on a node or in a registry. Resolves `ref` on the
 * manager and pins it by content: the registry digest of the same repository when there is one, else the
 * image ID (which `docker save`/`load` keeps, and which nodes never pull).
 */
export function pinFromInspect(ref: string, inspect: { Id?: unknown; RepoDigests?: unknown }): PinnedImage {
  const repo = repositoryOf(ref);
  const digests = Array.isArray(inspect.RepoDigests) ? inspect.RepoDigests.filter((d): d is string => typeof d === 'string') : [];
  const asked = ref.includes('@sha256:') ? (digests.find((d) => d === ref) ?? ref) : undefined;
  if (asked) return { ref: asked, how: 'registry digest' };
  const same = digests.find((d) => repositoryOf(d) === repo);
  if (same) return { ref: same, how: 'registry digest' };
  if (typeof inspect.Id !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(inspect.Id)) throw new EngineError(`the engine returned no image ID for ${ref}`);
  return { ref: inspect.Id, how: 'image ID' };
}

export async function pinImage(docker: Docker, ref: string): Promise<PinnedImage> {
  let inspect: { Id?: unknown; RepoDigests?: unknown };
  try {
    inspect = await docker.getImage(ref).inspect();
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) {
      throw new UserError(`the image ${ref} is not on this manager`, {
        hint: 'build or load the swarmguard image on the manager first (`docker build -t swarmguard/swarmguard:VERSION .`), then pass it with --image; it is run pinned by digest, so a tag on a node or a registry cannot swap it',
      });
    }
    throw new EngineError(`cannot inspect the image ${ref}: ${errorMessage(e)}`, { cause: e });
  }
  return pinFromInspect(ref, inspect);
}

/** Names of swarmguard's own job and probe containers, for the benchmark run inside a job to leave them out. */
export const OWN_CONTAINERS = '^swarmguard-(bench|bench-fix|reap|probe)-[0-9a-f]{6,8}[.-]';

/** Removes a job service, then waits (bounded) until its containers on this node are gone too. */
export async function removeJob(docker: Docker, name: string): Promise<void> {
  await docker
    .getService(name)
    .remove()
    .catch(() => undefined);
  const end = Date.now() + 20_000;
  for (;;) {
    const left = await docker.listContainers({ all: true, filters: { label: [`com.docker.swarm.service.name=${name}`] } }).catch(() => []);
    if (left.length === 0 || Date.now() >= end) return;
    await new Promise((r) => setTimeout(r, 300));
  }
}

export interface NodeOutcome {
  nodeId: string;
  hostname: string;
  /** The docker-bench JSON log of that node. */
  log?: Record<string, unknown>;
  error?: string;
}

/** How the job reaches its node's engine: the socket mounted, or (templated path) its folder plus DOCKER_HOST. */
export function engineAccess(socket: string, writable: readonly string[] = []): { Mounts: Docker.MountSettings[]; Env?: string[] } {
  const host: Docker.MountSettings[] = HOST_MOUNTS.map((m) => ({
    Type: 'bind',
    Source: m.source,
    Target: m.target,
    ReadOnly: m.readOnly && !writable.includes(m.source),
  }));
  if (!socket.includes('{{')) return { Mounts: [{ Type: 'bind', Source: socket, Target: '/var/run/docker.sock', ReadOnly: false }, ...host] };
  const dir = socket.slice(0, socket.lastIndexOf('/'));
  if (dir === '' || dir.includes('{{')) throw new UserError(`--engine-socket: only the file name may be templated, not the folder: ${socket}`);
  return { Mounts: [{ Type: 'bind', Source: dir, Target: dir, ReadOnly: false }, ...host], Env: [`DOCKER_HOST=unix://${socket}`] };
}

/** Splits the engine's multiplexed log stream (8-byte frame headers) into the text of stdout. */
export function demuxLogs(buf: Buffer): string {
  let out = '';
  let i = 0;
  while (i + 8 <= buf.length) {
    const stream = buf[i]!;
    const size = buf.readUInt32BE(i + 4);
    if ((stream !== 1 && stream !== 2) || buf[i + 1] !== 0 || i + 8 + size > buf.length) {
      // Not framed (a TTY service): the rest is plain text.
      return out + buf.subarray(i).toString('utf8');
    }
    if (stream === 1) out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
    i += 8 + size;
  }
  return out;
}

/** Groups `details=true` log lines ("com.docker.swarm.node.id=…,…task.id=… TEXT") by node. */
export function linesByNode(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^(\S*com\.docker\.swarm\.node\.id=([a-z0-9]+)\S*) ?(.*)$/.exec(line);
    if (!m) continue;
    out.set(m[2]!, `${out.get(m[2]!) ?? ''}${m[3] ?? ''}\n`);
  }
  return out;
}

/** The most of the job's log that is read (every node's JSON together, a few hundred KiB each); the rest is not. */
export const MAX_JOB_LOG_BYTES = 64 << 20;

/** The job service's log as a stream (details on, stdout only), read in chunks rather than into one buffer. */
function serviceLogStream(docker: Docker, id: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/services/${encodeURIComponent(id)}/logs?`,
        method: 'GET',
        options: { stdout: true, stderr: false, details: true, follow: false },
        isStream: true,
        statusCodes: { 200: true, 404: 'no such service', 500: 'server error', 503: 'node is not part of a swarm' },
      },
      (err, data) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(data as Readable)),
    );
  });
}

/** Reads `stream` up to `max` bytes, chunk by chunk; beyond that it is closed and `truncated` says so. */
export async function readCapped(stream: Readable, max: number): Promise<{ data: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    if (size + b.length > max) {
      chunks.push(b.subarray(0, max - size));
      stream.destroy();
      return { data: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(b);
    size += b.length;
  }
  return { data: Buffer.concat(chunks), truncated: false };
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
  log?: (line: string) => void;
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
  const info = (await docker.info()) as { Swarm?: { ControlAvailable?: boolean; LocalNodeState?: string } };
  if (info.Swarm?.LocalNodeState !== 'active') throw new UserError('--all-nodes needs a swarm: this engine is not a swarm member');
  if (!info.Swarm.ControlAvailable) throw new UserError('--all-nodes runs from a manager: point DOCKER_HOST at a manager node');
  const nodes = (await docker.listNodes()) as Obj[];
  const hostname = (n: Obj): string => String((n.Description as Obj | undefined)?.Hostname ?? n.ID);
  const role: SelfRole = options.role ?? 'bench';
  const name = `swarmguard-${role}-${shortId()}`;
  const log = options.log ?? (() => undefined);
  const pinned = await pinImage(docker, options.image);
  const labels = roleLabels(role);
  return withCleanup(
    () => removeJob(docker, name),
    async () => {
      let service: Docker.Service;
      try {
        service = await docker.createService({
          Name: name,
          Labels: labels,
          Mode: { GlobalJob: {} },
          TaskTemplate: {
            ContainerSpec: {
              Image: pinned.ref,
              Labels: labels,
              Args: options.command ?? [
                'bench',
                '--host-root',
                '/host',
                '--format',
                'json',
                ...(options.args.includes('--exclude-containers') ? [] : ['--exclude-containers', OWN_CONTAINERS]),
                ...options.args,
              ],
              Hostname: '{{.Node.Hostname}}',
              ...withEnv(withMounts(engineAccess(options.engineSocket ?? '/var/run/docker.sock', options.writable ?? []), options.extraMounts ?? []), [
                `${TASK_ENV}={{.Task.ID}}`,
                `${IMAGE_ENV}=${pinned.ref}`,
              ]),
            },
            RestartPolicy: { Condition: 'none' },
          },
        } as Docker.CreateServiceOptions);
      } catch (e) {
        throw new EngineError(`could not create the ${role} job service: ${errorMessage(e)}`, {
          hint: `the image ${options.image} (${pinned.ref}) must exist on every node`,
        });
      }
      const serviceId = service.id;
      log(`running ${options.image} (pinned by ${pinned.how}: ${pinned.ref}) as global job ${name} on ${nodes.length} node(s)`);
      const outcomes = new Map<string, NodeOutcome>();
      const deadline = Date.now() + options.timeoutMs;
      let tasks: Obj[] = [];
      const finished = (t: Obj) => ['complete', 'failed', 'rejected', 'shutdown', 'orphaned'].includes(String((t.Status as Obj | undefined)?.State));
      for (;;) {
        tasks = (await docker.listTasks({ filters: JSON.stringify({ service: [serviceId] }) })) as Obj[];
        const readyNodes = nodes.filter((n) => (n.Status as Obj | undefined)?.State === 'ready');
        const done = readyNodes.every((n) => tasks.some((t) => t.NodeID === n.ID && finished(t)));
        if (done || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      const { data: raw, truncated } = await readCapped(await serviceLogStream(docker, serviceId), options.maxLogBytes ?? MAX_JOB_LOG_BYTES);
      const byNode = linesByNode(demuxLogs(raw));
      for (const n of nodes) {
        const id = String(n.ID);
        const state = strField((n.Status as Obj | undefined)?.State) || 'unknown';
        const task = tasks.filter((t) => t.NodeID === id).at(-1);
        const outcome: NodeOutcome = { nodeId: id, hostname: hostname(n) };
        const text = byNode.get(id);
        if (text) {
          try {
            outcome.log = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // Its size, never its bytes: the text comes from the node.
            outcome.error = truncated
              ? `its output was cut: the job's log is read up to ${(options.maxLogBytes ?? MAX_JOB_LOG_BYTES) >> 20} MiB`
              : `unreadable output: ${Buffer.byteLength(text)} bytes that are not one JSON document`;
          }
        } else if (state !== 'ready') {
          outcome.error = `node is ${state}: not benchmarked`;
        } else if (!task) {
          outcome.error = 'no task was scheduled on this node';
        } else {
          const st = (task.Status ?? {}) as Obj;
          outcome.error = `task ${strField(st.State) || 'unknown'}${strField(st.Err) ? `: ${strField(st.Err)}` : ''}${finished(task) ? '' : ' (timed out)'}`;
        }
        outcomes.set(id, outcome);
      }
      // Swarm keeps the exited containers of a job after the service is removed, on every node: reap them.
      await docker
        .getService(serviceId)
        .remove()
        .catch(() => undefined);
      await reapOnEveryNode(docker, {
        pinned: pinned.ref,
        engineSocket: options.engineSocket ?? '/var/run/docker.sock',
        service: name,
        nodes: nodes.length,
        timeoutMs: 60_000,
        log,
      });
      return [...outcomes.values()];
    },
  );
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
  const name = `swarmguard-bench-${shortId()}-${cmd}`;
  let container: Docker.Container | undefined;
  return withCleanup(
    async () => (container ?? docker.getContainer(name)).remove({ force: true }).catch(() => undefined),
    async () => {
      container = await docker.createContainer({
        name,
        Image: image,
        Entrypoint: ['chroot'],
        Cmd: ['/host', cmd, ...args],
        Env: [HOST_PATH],
        Labels: roleLabels('bench'),
        HostConfig: {
          NetworkMode: 'none',
          // Audit requests are answered only in the host's PID namespace; stat needs none of it.
          ...(cmd === 'auditctl' ? { PidMode: 'host' } : {}),
          CapDrop: ['ALL'],
          CapAdd: cmd === 'auditctl' ? ['AUDIT_CONTROL', 'SYS_CHROOT'] : ['SYS_CHROOT', 'DAC_READ_SEARCH'],
          ReadonlyRootfs: true,
          Binds: ['/:/host:ro'],
        },
      });
      await container.start();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'deadline'>((r) => (timer = setTimeout(() => r('deadline'), timeoutMs)));
      let code: number;
      try {
        const waited = await Promise.race([container.wait() as Promise<unknown>, deadline]);
        if (waited === 'deadline') throw new Error(`${cmd} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s on the host`);
        const status = (waited as { StatusCode?: unknown }).StatusCode;
        code = typeof status === 'number' ? status : -1;
      } finally {
        clearTimeout(timer);
      }
      const stdout = demuxDockerLogs(await containerLogs(docker, container.id, { stdout: true, stderr: false }));
      const stderr = code === 0 ? '' : demuxDockerLogs(await containerLogs(docker, container.id, { stdout: false, stderr: true })).trim();
      return { code, stdout, stderr };
    },
  );
}

function withMounts(
  access: { Mounts: Docker.MountSettings[]; Env?: string[] },
  extra: readonly { source: string; target: string; readOnly: boolean }[],
): { Mounts: Docker.MountSettings[]; Env?: string[] } {
  return {
    ...access,
    Mounts: [...access.Mounts, ...extra.map((m): Docker.MountSettings => ({ Type: 'bind', Source: m.source, Target: m.target, ReadOnly: m.readOnly }))],
  };
}

function withEnv(access: { Mounts: Docker.MountSettings[]; Env?: string[] }, env: string[]): { Mounts: Docker.MountSettings[]; Env: string[] } {
  return { ...access, Env: [...(access.Env ?? []), ...env] };
}

/**
 * A second global job that removes, on each node, the exited containers of the finished job; each reaper then
 * hands its own container to a throw-away helper (auto-removed) that removes it once it has exited.
 */
async function reapOnEveryNode(
  docker: Docker,
  o: { pinned: string; engineSocket: string; service: string; nodes: number; timeoutMs: number; log: (l: string) => void },
): Promise<void> {
  const name = `swarmguard-reap-${shortId()}`;
  const labels = roleLabels('bench');
  await withCleanup(
    () => removeJob(docker, name),
    async () => {
      const svc = await docker.createService({
        Name: name,
        Labels: labels,
        Mode: { GlobalJob: {} },
        TaskTemplate: {
          ContainerSpec: {
            Image: o.pinned,
            Labels: labels,
            Args: ['bench', 'reap', '--service', o.service],
            ...withEnv(engineAccess(o.engineSocket), [`${TASK_ENV}={{.Task.ID}}`]),
          },
          RestartPolicy: { Condition: 'none' },
        },
      } as Docker.CreateServiceOptions);
      const end = Date.now() + o.timeoutMs;
      for (;;) {
        const tasks = (await docker.listTasks({ filters: JSON.stringify({ service: [svc.id] }) })) as Obj[];
        const open = tasks.filter((t) => !['complete', 'failed', 'rejected', 'shutdown', 'orphaned'].includes(String((t.Status as Obj | undefined)?.State)));
        if ((tasks.length > 0 && open.length === 0) || Date.now() > end) break;
        await new Promise((r) => setTimeout(r, 500));
      }
    },
  ).catch((e: unknown) => o.log(`could not remove the job's exited containers on every node: ${errorMessage(e)}`));
}

/**
 * `bench reap` (inside the reap job): removes this node's containers of the finished job `service`, then starts
 * an auto-removed helper that waits for this container to exit and removes it.
 */
export async function reapHere(docker: Docker, service: string, env: NodeJS.ProcessEnv = process.env): Promise<{ removed: number }> {
  let removed = 0;
  const left = await docker.listContainers({ all: true, filters: { label: [`com.docker.swarm.service.name=${service}`] } });
  for (const c of left) {
    await docker
      .getContainer(c.Id)
      .remove({ force: true })
      .then(() => (removed += 1))
      .catch(() => undefined);
  }
  const taskId = env[TASK_ENV];
  if (!taskId) return { removed };
  const own = (await docker.listContainers({ all: true, filters: { label: [`com.docker.swarm.task.id=${taskId}`] } }))[0];
  if (!own) return { removed };
  const inspect = (await docker.getContainer(own.Id).inspect()) as {
    Image?: string;
    Mounts?: { Source?: string; Destination?: string; RW?: boolean }[];
    Config?: { Env?: string[] };
  };
  const engine = (inspect.Mounts ?? []).filter((m) => m.Destination !== undefined && !m.Destination.startsWith('/host/') && m.Source !== undefined);
  const helper = await docker.createContainer({
    name: `swarmguard-reap-${shortId()}-helper`,
    Image: inspect.Image ?? '',
    Cmd: ['bench', 'reap', '--container', own.Id],
    Labels: roleLabels('bench'),
    Env: (inspect.Config?.Env ?? []).filter((e) => e.startsWith('DOCKER_HOST=')),
    HostConfig: { AutoRemove: true, NetworkMode: 'none', Binds: engine.map((m) => `${m.Source}:${m.Destination}`) },
  });
  await helper.start();
  return { removed };
}

/** The helper's part: wait (bounded) for the reaper container to exit, then remove it. */
export async function reapContainer(docker: Docker, id: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const state = await docker
      .getContainer(id)
      .inspect()
      .then((i) => (i as { State?: { Running?: boolean } }).State?.Running === true)
      .catch(() => false);
    if (!state || Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await docker
    .getContainer(id)
    .remove({ force: true })
    .catch(() => undefined);
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
