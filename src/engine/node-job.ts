// One-shot work on the nodes of a swarm, through the engine: a global job service (one task per node, or per
// chosen node) running an image pinned by content, each node's output read back through the service logs in
// bounded chunks, per-node failures and timeouts named, and the job's service and exited containers removed.
// `bench --all-nodes` and `image scan --all-nodes` both run their node work through it; what runs and what its
// output means is theirs.
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { EngineError, UserError, messageOf } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { engineMessages as M } from './messages.js';
import { containerLogs } from './api.js';
import { familiarName, sameRepository, tryParseImageReference } from '../core/image-reference.js';

type Obj = Record<string, unknown>;
/** A string field of engine JSON, or '' when it is absent or of another type. */
const strField = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Task states after which a job task runs no more. */
export const FINISHED_TASK_STATES: readonly string[] = ['complete', 'failed', 'rejected', 'shutdown', 'orphaned'];
const finished = (t: Obj): boolean => FINISHED_TASK_STATES.includes(String((t.Status as Obj | undefined)?.State));

/** Runs `work`, then `cleanup`, also when the process is interrupted (the caller's signal handling). */
/** A full image ID, the content address a local build is pinned by. */
const IMAGE_ID = /^sha256:[0-9a-f]{64}$/;

export type CleanupGuard = <T>(cleanup: () => Promise<unknown>, work: () => Promise<T>) => Promise<T>;
const plainGuard: CleanupGuard = async (cleanup, work) => {
  try {
    return await work();
  } finally {
    await cleanup().catch(() => undefined);
  }
};

/** The repository of a reference as people write it (`registry:5000/a/b`, `nginx`): no tag, no digest; undefined when it is no reference. */
export function repositoryOf(ref: string): string | undefined {
  const parsed = tryParseImageReference(ref);
  return parsed && familiarName(parsed);
}

export interface PinnedImage {
  /** What goes in the job spec: repo@sha256:… (registry digest) or sha256:… (the image ID, for a local build). */
  ref: string;
  how: 'registry digest' | 'image ID';
}

/** True for a reference that names content, never a tag: repo@sha256:… (any digest the reference grammar takes) or a full image ID. */
export function isPinnedReference(ref: string): boolean {
  return IMAGE_ID.test(ref) || tryParseImageReference(ref)?.digest !== undefined;
}

/**
 * A node job runs with the engine socket (and for the benchmark host paths) mounted on every node: it must run
 * exactly the image the manager has, never whatever a tag points to on a node or in a registry. Resolves `ref` on
 * the manager and pins it by content: the registry digest of the same repository when there is one, else the
 * image ID (which `docker save`/`load` keeps, and which nodes never pull).
 */
export function pinFromInspect(ref: string, inspect: { Id?: unknown; RepoDigests?: unknown }): PinnedImage {
  const wanted = tryParseImageReference(ref);
  const digests = Array.isArray(inspect.RepoDigests) ? inspect.RepoDigests.filter((d): d is string => typeof d === 'string') : [];
  // A digest reference that is not well formed is not used as it is: the image ID below pins the same content.
  if (wanted?.digest !== undefined && isPinnedReference(ref)) return { ref, how: 'registry digest' };
  const same = digests.find((d) => {
    const has = tryParseImageReference(d);
    return wanted !== undefined && has !== undefined && sameRepository(has, wanted) && isPinnedReference(d);
  });
  if (same) return { ref: same, how: 'registry digest' };
  if (typeof inspect.Id !== 'string' || !IMAGE_ID.test(inspect.Id)) throw new EngineError(M.say('engine.job.noImageId', { ref }));
  return { ref: inspect.Id, how: 'image ID' };
}

/** `ref` as the manager has it, pinned by content (pinFromInspect); an image the manager lacks is refused. */
export async function pinImage(docker: Docker, ref: string): Promise<PinnedImage> {
  let inspect: { Id?: unknown; RepoDigests?: unknown };
  try {
    inspect = await docker.getImage(ref).inspect();
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) {
      throw new UserError(M.say('engine.job.imageMissing', { ref }), { hint: M.say('engine.job.imageMissing.hint') });
    }
    throw new EngineError(M.say('engine.job.inspect', { ref, error: messageOf(e) }), { cause: e });
  }
  return pinFromInspect(ref, inspect);
}

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

/** Splits the engine's multiplexed log stream (8-byte frame headers) into the text of one stream (1 stdout, 2 stderr). */
export function demuxLogs(buf: Buffer, which: 1 | 2 = 1): string {
  let out = '';
  let i = 0;
  while (i + 8 <= buf.length) {
    const stream = buf[i]!;
    const size = buf.readUInt32BE(i + 4);
    if ((stream !== 1 && stream !== 2) || buf[i + 1] !== 0 || i + 8 + size > buf.length) {
      // Not framed (a TTY service): the rest is plain text.
      return out + buf.subarray(i).toString('utf8');
    }
    if (stream === which) out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
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

/** The most of a job's log that is read (every node's output together); the rest is not. */
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

/** A bind mount of the job container. */
export interface JobMount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** A swarm node as the job sees it. */
export interface JobNode {
  id: string;
  hostname: string;
  /** ready, down, unknown… */
  state: string;
}

export interface NodeJobSpec {
  /** The service's name (also the prefix the reaper looks for). */
  name: string;
  labels: Record<string, string>;
  /** What the job is, in a word ("bench", "scan"): for messages. */
  what: string;
  /** The image as the user named it, and pinned (pinImage). */
  askedImage: string;
  image: PinnedImage;
  args: string[];
  mounts: readonly JobMount[];
  env: readonly string[];
  /** The container's hostname (a Swarm template such as {{.Node.Hostname}}). */
  hostname?: string;
  /** A read-only root filesystem, with these tmpfs mounts (target → bytes) for what the job writes. */
  readOnlyRoot?: { tmpfs: Record<string, number> };
  /**
   * No way out: Swarm attaches a task with no network to the default bridge and cannot attach `none` (Engine
   * 20.10: "network none not found"), so the job gets a network of its own, an internal overlay (no gateway, no
   * route off the job's own tasks), created for the run and removed after it.
   */
  noNetwork?: boolean;
  /** Only these nodes (their IDs); default every node. */
  nodeIds?: readonly string[];
  timeoutMs: number;
  /** The most of the job's log read (default MAX_JOB_LOG_BYTES). */
  maxLogBytes?: number;
  /**
   * Swarm keeps the exited containers of a job after the service is removed, on every node: a second global job
   * with these arguments (given the finished service's name) removes them there (`reapHere`).
   */
  reapArgs?: (service: string) => string[];
  /** The bind mounts (and env) of the reaper: the engine socket. */
  reapAccess?: { mounts: readonly JobMount[]; env: readonly string[] };
  /** Labels and name of the reaper service. */
  reapLabels?: Record<string, string>;
  reapName?: string;
  guard?: CleanupGuard;
  /** Progress said by id (the caller prints it in its reader's language). */
  log?: (m: Message) => void;
}

/** What one node gave back: its stdout, or why there is none. */
export interface NodeJobOutcome extends JobNode {
  /** The node's stdout (its task's log lines), when it printed any. */
  text?: string;
  /** Set when the log was cut at maxLogBytes (this node's text may be incomplete). */
  truncated?: boolean;
  /** The state its task ended in (complete, failed…), when one was scheduled. */
  taskState?: string;
  /** Why the node gave nothing: down, not scheduled, task failed, timed out. */
  error?: string;
}

/** The swarm's nodes, from a manager; refuses an engine that is not one. */
export async function jobNodes(docker: Docker): Promise<JobNode[]> {
  const info = (await docker.info()) as { Swarm?: { ControlAvailable?: boolean; LocalNodeState?: string } };
  if (info.Swarm?.LocalNodeState !== 'active') throw new UserError(M.say('engine.job.notSwarm'));
  if (!info.Swarm.ControlAvailable) throw new UserError(M.say('engine.job.notManager'));
  const nodes = (await docker.listNodes()) as Obj[];
  return nodes.map((n) => ({
    id: String(n.ID),
    hostname: String((n.Description as Obj | undefined)?.Hostname ?? n.ID),
    state: strField((n.Status as Obj | undefined)?.State) || 'unknown',
  }));
}

/** The internal network of a job that must reach nothing (NodeJobSpec.noNetwork). */
export const isolatedNetworkName = (job: string): string => `${job}-isolated`;

/** Removes the job's internal network once the tasks' endpoints are gone (bounded retries). */
async function removeIsolatedNetwork(docker: Docker, name: string): Promise<void> {
  const end = Date.now() + 30_000;
  for (;;) {
    const gone = await docker
      .getNetwork(name)
      .remove()
      .then(() => true)
      .catch((e: unknown) => (e as { statusCode?: number }).statusCode === 404);
    if (gone || Date.now() >= end) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The service spec of a node job (pure: what `runNodeJob` creates). */
export function nodeJobService(spec: NodeJobSpec, nodes: readonly JobNode[]): Docker.CreateServiceOptions {
  const chosen = spec.nodeIds ? new Set(spec.nodeIds) : undefined;
  // Constraints are all required: leaving out each node not chosen places the global job on the chosen ones only.
  const constraints = chosen ? nodes.filter((n) => !chosen.has(n.id)).map((n) => `node.id!=${n.id}`) : [];
  const mounts: Docker.MountSettings[] = spec.mounts.map((m) => ({ Type: 'bind', Source: m.source, Target: m.target, ReadOnly: m.readOnly }));
  for (const [target, bytes] of Object.entries(spec.readOnlyRoot?.tmpfs ?? {}))
    mounts.push({ Type: 'tmpfs', Target: target, TmpfsOptions: { SizeBytes: bytes, Mode: 0o1777 } } as Docker.MountSettings);
  return {
    Name: spec.name,
    Labels: spec.labels,
    Mode: { GlobalJob: {} },
    TaskTemplate: {
      ContainerSpec: {
        Image: spec.image.ref,
        Labels: spec.labels,
        Args: spec.args,
        ...(spec.hostname ? { Hostname: spec.hostname } : {}),
        ...(spec.readOnlyRoot ? { ReadOnly: true } : {}),
        Mounts: mounts,
        Env: [...spec.env],
      },
      RestartPolicy: { Condition: 'none' },
      ...(constraints.length > 0 ? { Placement: { Constraints: constraints } } : {}),
      ...(spec.noNetwork ? { Networks: [{ Target: isolatedNetworkName(spec.name) }] } : {}),
    },
  };
}

/**
 * Runs the job on every (chosen) node and returns one outcome per node: its stdout, or why it has none. The job
 * service is removed in every case, and with `reapArgs` the exited containers on every node too.
 */
export async function runNodeJob(docker: Docker, spec: NodeJobSpec): Promise<NodeJobOutcome[]> {
  const nodes = await jobNodes(docker);
  const chosen = spec.nodeIds ? nodes.filter((n) => spec.nodeIds!.includes(n.id)) : nodes;
  const guard = spec.guard ?? plainGuard;
  const log = spec.log ?? (() => undefined);
  const maxLog = spec.maxLogBytes ?? MAX_JOB_LOG_BYTES;
  const network = isolatedNetworkName(spec.name);
  return guard(
    async () => {
      await removeJob(docker, spec.name);
      if (spec.noNetwork) await removeIsolatedNetwork(docker, network);
    },
    async () => {
      let service: Docker.Service;
      try {
        if (spec.noNetwork)
          await docker.createNetwork({ Name: network, Driver: 'overlay', Internal: true, Attachable: false, Labels: spec.labels, CheckDuplicate: true });
        service = await docker.createService(nodeJobService(spec, nodes));
      } catch (e) {
        throw new EngineError(M.say('engine.job.create', { what: spec.what, error: messageOf(e) }), {
          hint: M.say('engine.job.create.hint', { image: spec.askedImage, ref: spec.image.ref }),
        });
      }
      const serviceId = service.id;
      log(
        M.say('engine.job.running', {
          image: spec.askedImage,
          how: M.say(spec.image.how === 'registry digest' ? 'engine.job.pinnedByDigest' : 'engine.job.pinnedById'),
          ref: spec.image.ref,
          name: spec.name,
          count: chosen.length,
        }),
      );
      const deadline = Date.now() + spec.timeoutMs;
      let tasks: Obj[] = [];
      for (;;) {
        tasks = (await docker.listTasks({ filters: JSON.stringify({ service: [serviceId] }) })) as Obj[];
        const done = chosen.filter((n) => n.state === 'ready').every((n) => tasks.some((t) => t.NodeID === n.id && finished(t)));
        if (done || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      const { data: raw, truncated } = await readCapped(await serviceLogStream(docker, serviceId), maxLog);
      const byNode = linesByNode(demuxLogs(raw));
      const outcomes = chosen.map((n): NodeJobOutcome => {
        const outcome: NodeJobOutcome = { ...n };
        const task = tasks.filter((t) => t.NodeID === n.id).at(-1);
        const text = byNode.get(n.id);
        const st = (task?.Status ?? {}) as Obj;
        if (task) outcome.taskState = strField(st.State) || 'unknown';
        if (text !== undefined) {
          outcome.text = text;
          if (truncated) outcome.truncated = true;
          return outcome;
        }
        if (n.state !== 'ready') outcome.error = `node is ${n.state}: not run there`;
        else if (!task) outcome.error = 'no task was scheduled on this node';
        else outcome.error = `task ${strField(st.State) || 'unknown'}${strField(st.Err) ? `: ${strField(st.Err)}` : ''}${finished(task) ? '' : ' (timed out)'}`;
        return outcome;
      });
      await docker
        .getService(serviceId)
        .remove()
        .catch(() => undefined);
      if (spec.reapArgs && spec.reapAccess)
        await reapOnEveryNode(docker, {
          name: spec.reapName ?? `${spec.name}-reap`,
          labels: spec.reapLabels ?? spec.labels,
          image: spec.image.ref,
          args: spec.reapArgs(spec.name),
          access: spec.reapAccess,
          nodeIds: spec.nodeIds,
          nodes,
          timeoutMs: 60_000,
          guard,
          log,
        });
      return outcomes;
    },
  );
}

/**
 * A second global job that removes, on each node, the exited containers of the finished job; each reaper then
 * hands its own container to a throw-away helper (auto-removed) that removes it once it has exited.
 */
async function reapOnEveryNode(
  docker: Docker,
  o: {
    name: string;
    labels: Record<string, string>;
    image: string;
    args: string[];
    access: { mounts: readonly JobMount[]; env: readonly string[] };
    nodeIds: readonly string[] | undefined;
    nodes: readonly JobNode[];
    timeoutMs: number;
    guard: CleanupGuard;
    log: (m: Message) => void;
  },
): Promise<void> {
  await o
    .guard(
      () => removeJob(docker, o.name),
      async () => {
        const svc = await docker.createService(
          nodeJobService(
            {
              name: o.name,
              what: 'reap',
              askedImage: o.image,
              labels: o.labels,
              image: { ref: o.image, how: 'image ID' },
              args: o.args,
              mounts: o.access.mounts,
              env: o.access.env,
              ...(o.nodeIds ? { nodeIds: o.nodeIds } : {}),
              timeoutMs: o.timeoutMs,
            },
            o.nodes,
          ),
        );
        const end = Date.now() + o.timeoutMs;
        for (;;) {
          const tasks = (await docker.listTasks({ filters: JSON.stringify({ service: [svc.id] }) })) as Obj[];
          if ((tasks.length > 0 && tasks.every(finished)) || Date.now() > end) break;
          await new Promise((r) => setTimeout(r, 500));
        }
      },
    )
    .catch((e: unknown) => o.log(M.say('engine.job.reapFailed', { error: messageOf(e) })));
}

/**
 * Inside the reap job: removes this node's containers of the finished job `service`, then starts an auto-removed
 * helper (`helperCmd`, named `helperName`) that waits for this container (task `taskId`) to exit and removes it.
 */
export async function reapHere(
  docker: Docker,
  o: { service: string; taskId: string | undefined; helperName: string; helperCmd: (containerId: string) => string[]; labels: Record<string, string> },
): Promise<{ removed: number }> {
  let removed = 0;
  const left = await docker.listContainers({ all: true, filters: { label: [`com.docker.swarm.service.name=${o.service}`] } });
  for (const c of left) {
    await docker
      .getContainer(c.Id)
      .remove({ force: true })
      .then(() => (removed += 1))
      .catch(() => undefined);
  }
  if (!o.taskId) return { removed };
  const own = (await docker.listContainers({ all: true, filters: { label: [`com.docker.swarm.task.id=${o.taskId}`] } }))[0];
  if (!own) return { removed };
  const inspect = (await docker.getContainer(own.Id).inspect()) as {
    Image?: string;
    Mounts?: { Source?: string; Destination?: string; RW?: boolean }[];
    Config?: { Env?: string[] };
  };
  const engine = (inspect.Mounts ?? []).filter((m) => m.Destination !== undefined && !m.Destination.startsWith('/host/') && m.Source !== undefined);
  const helper = await docker.createContainer({
    name: o.helperName,
    Image: inspect.Image ?? '',
    Cmd: o.helperCmd(own.Id),
    Labels: o.labels,
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
    const running = await docker
      .getContainer(id)
      .inspect()
      .then((i) => (i as { State?: { Running?: boolean } }).State?.Running === true)
      .catch(() => false);
    if (!running || Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await docker
    .getContainer(id)
    .remove({ force: true })
    .catch(() => undefined);
}

export interface HelperContainer {
  /** What it runs, in words (for the time-out message). */
  what: string;
  name: string;
  image: string;
  entrypoint?: string[];
  cmd: string[];
  env?: string[];
  labels: Record<string, string>;
  hostConfig: Docker.HostConfig;
  timeoutMs: number;
  guard?: CleanupGuard;
}

/** Runs a throw-away container to its end (bounded), returns its exit code, stdout and (on failure) stderr, removes it. */
export async function runHelperContainer(docker: Docker, h: HelperContainer): Promise<{ code: number; stdout: string; stderr: string }> {
  let container: Docker.Container | undefined;
  const guard = h.guard ?? plainGuard;
  return guard(
    async () => (container ?? docker.getContainer(h.name)).remove({ force: true }).catch(() => undefined),
    async () => {
      container = await docker.createContainer({
        name: h.name,
        Image: h.image,
        ...(h.entrypoint ? { Entrypoint: h.entrypoint } : {}),
        Cmd: h.cmd,
        ...(h.env ? { Env: h.env } : {}),
        Labels: h.labels,
        HostConfig: h.hostConfig,
      });
      await container.start();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'deadline'>((r) => (timer = setTimeout(() => r('deadline'), h.timeoutMs)));
      let code: number;
      try {
        const waited = await Promise.race([container.wait() as Promise<unknown>, deadline]);
        if (waited === 'deadline') throw new Error(`${h.what} did not finish within ${h.timeoutMs / 1000} s on the host`);
        const status = (waited as { StatusCode?: unknown }).StatusCode;
        code = typeof status === 'number' ? status : -1;
      } finally {
        clearTimeout(timer);
      }
      const stdout = demuxLogs(await containerLogs(docker, container.id, { stdout: true, stderr: false }), 1);
      const stderr = code === 0 ? '' : demuxLogs(await containerLogs(docker, container.id, { stdout: false, stderr: true }), 2).trim();
      return { code, stdout, stderr };
    },
  );
}

/**
 * How a node job reaches its node's engine: the socket mounted at the default path, or (a socket path templated
 * per node, such as /run/lab/{{.Node.Hostname}}.sock) its folder mounted and DOCKER_HOST naming the socket.
 */
export function engineSocketAccess(socket: string): { mounts: JobMount[]; env: string[] } {
  if (!socket.includes('{{')) return { mounts: [{ source: socket, target: '/var/run/docker.sock', readOnly: false }], env: [] };
  const dir = socket.slice(0, socket.lastIndexOf('/'));
  if (dir === '' || dir.includes('{{')) throw new UserError(M.say('engine.job.socketTemplate', { socket }));
  return { mounts: [{ source: dir, target: dir, readOnly: false }], env: [`DOCKER_HOST=unix://${socket}`] };
}
