// The stack lifecycle read from the engine: list stacks, their services and tasks (with node hostnames), and remove a stack completely.
import type Docker from 'dockerode';
import { ExitCode, UserError } from '../core/errors.js';
import type { ServicePort } from '../engine/models.js';
import { listServices } from '../engine/api.js';
import { engineMessage, engineStatus as statusOf, translateEngineError } from '../engine/models.js';
import type { EngineService, EngineTask } from './engine-types.js';
import { NAMESPACE_LABEL } from './namespace.js';
import { listNodes, listTasks, namespaceOf, readClusterObjects, stackObjects } from './state.js';
import { stackMessages as M } from './messages.js';
import { formatFamiliar, tryParseImageReference } from '../core/image-reference.js';
import { joinMessages, rawMessage, type Message } from '../core/message.js';
import { networkPresent, removeObject } from '../engine/objects.js';
import { engineMessages as E } from '../engine/messages.js';
import { coreMessages } from '../core/messages.js';

export interface StackRow {
  name: string;
  services: number;
  networks: number;
}

export interface ServiceRow {
  id: string;
  name: string;
  mode: string;
  replicas: string;
  running: number;
  desired: number;
  /** The image as deployed, with its pinned digest if any. */
  image: string;
  ports: string;
  /** Swarm's update state ("updating", "completed", "rollback_completed"…), or "" when never updated. */
  updateState: string;
  updateMessage: string;
}

export interface TaskRow {
  id: string;
  /** The slot name ("web.1", or "web.NODE" for global services). */
  name: string;
  image: string;
  node: string;
  /** Raw task states ("running", "shutdown", "failed"…). */
  desiredState: string;
  state: string;
  /** When the task entered its state (ISO), or "". */
  since: string;
  error: string;
  ports: string;
  /** True for older tasks of a slot (shown with "\_ " as the docker CLI does). */
  history: boolean;
}

/** `--filter key=value` (repeatable): a row matches when, for every key given, one of its values matches. */
export type RowFilter = Map<string, string[]>;

export function parseFilters(values: readonly string[], keys: readonly string[]): RowFilter {
  const out: RowFilter = new Map();
  for (const v of values) {
    const eq = v.indexOf('=');
    const key = eq > 0 ? v.slice(0, eq).trim() : '';
    if (!keys.includes(key)) {
      throw new UserError(M.say('stack.filter.invalid', { value: v, list: keys.join(', ') }), {
        hint: M.say('stack.filter.invalid.hint', { key: keys[0] ?? '' }),
        exitCode: ExitCode.USAGE,
      });
    }
    out.set(key, [...(out.get(key) ?? []), v.slice(eq + 1).trim()]);
  }
  return out;
}

/** Matching as the docker CLI does: id by prefix, name by substring, the rest exactly. */
export function matchesFilter(filter: RowFilter, fields: Record<string, string>): boolean {
  for (const [key, wanted] of filter) {
    const have = fields[key] ?? '';
    const ok = wanted.some((w) => (key === 'id' ? have.startsWith(w) : key === 'name' ? have.includes(w) : have === w));
    if (!ok) return false;
  }
  return true;
}

/** The "CURRENT STATE" column: "Running 2 minutes ago". */
export function currentStateText(row: Pick<TaskRow, 'state' | 'since'>, now: number = Date.now()): string {
  const ts = Date.parse(row.since);
  return Number.isFinite(ts) ? `${capitalize(row.state)} ${humanDuration(Math.max(0, now - ts))} ago` : capitalize(row.state);
}

/** Go's units.HumanDuration, which the docker CLI uses for "Running 2 minutes ago". */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

/** "*:8080->80/tcp" for the routing mesh, "8080->80/tcp (host)" for host-mode ports. */
export function formatPorts(ports: readonly ServicePort[] | undefined): string {
  return (ports ?? [])
    .filter((p) => p.PublishedPort !== undefined && p.PublishedPort !== 0)
    .map((p) => (p.PublishMode === 'host' ? `${p.PublishedPort}->${p.TargetPort}/${p.Protocol} (host)` : `*:${p.PublishedPort}->${p.TargetPort}/${p.Protocol}`))
    .join(', ');
}

/**
 * The image as `docker service ls` shows it: a tagged reference by its familiar name and tag, the digest pinned by
 * --resolve-image left out; anything else as it is written.
 */
export function displayImage(image: string): string {
  const parsed = tryParseImageReference(image);
  return parsed?.tag === undefined ? image : formatFamiliar({ registry: parsed.registry, repository: parsed.repository, tag: parsed.tag });
}

function serviceMode(s: EngineService): string {
  const m = s.Spec.Mode;
  if (m.Global) return 'global';
  if (m.ReplicatedJob) return 'replicated job';
  if (m.GlobalJob) return 'global job';
  return 'replicated';
}

function unknownStack(name: string): UserError {
  return new UserError(M.say('stack.empty', { name }), { hint: M.say('stack.list.hint'), exitCode: ExitCode.USAGE });
}

export async function listStacks(docker: Docker): Promise<StackRow[]> {
  const all = await readClusterObjects(docker);
  const rows = new Map<string, StackRow>();
  for (const s of all.services) {
    const ns = namespaceOf(s.Spec.Labels);
    if (ns === undefined) continue;
    const row = rows.get(ns) ?? { name: ns, services: 0, networks: 0 };
    row.services += 1;
    rows.set(ns, row);
  }
  for (const n of all.networks) {
    const row = rows.get(namespaceOf(n.Labels) ?? '');
    if (row) row.networks += 1;
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
}

async function servicesOf(docker: Docker, stack: string): Promise<EngineService[]> {
  const list = await listServices(docker, { status: true, filters: { label: [`${NAMESPACE_LABEL}=${stack}`] } });
  return list.sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name));
}

export async function stackServices(docker: Docker, stack: string): Promise<ServiceRow[]> {
  const services = await servicesOf(docker, stack);
  if (services.length === 0) throw unknownStack(stack);
  return services.map((s) => {
    const running = s.ServiceStatus?.RunningTasks ?? 0;
    const desired = s.ServiceStatus?.DesiredTasks ?? s.Spec.Mode.Replicated?.Replicas ?? 0;
    return {
      id: s.ID,
      name: s.Spec.Name,
      mode: serviceMode(s),
      replicas: `${running}/${desired}`,
      running,
      desired,
      image: s.Spec.TaskTemplate.ContainerSpec.Image,
      ports: formatPorts(s.Endpoint.Ports.length > 0 ? s.Endpoint.Ports : s.Spec.EndpointSpec.Ports),
      updateState: s.UpdateStatus?.State ?? '',
      updateMessage: s.UpdateStatus?.Message ?? '',
    };
  });
}

export async function stackTasks(docker: Docker, stack: string): Promise<TaskRow[]> {
  const services = await servicesOf(docker, stack);
  if (services.length === 0) throw unknownStack(stack);
  const [tasks, nodes] = await Promise.all([
    listTasks(
      docker,
      services.map((s) => s.ID),
    ),
    listNodes(docker),
  ]);
  const hostname = new Map(nodes.map((n) => [n.ID, n.Description.Hostname || n.ID]));
  const svcById = new Map(services.map((s) => [s.ID, s]));
  const slotName = (t: EngineTask): string => {
    const svc = svcById.get(t.ServiceID);
    const base = svc?.Spec.Name ?? t.ServiceID.slice(0, 12);
    return t.Slot !== undefined && t.Slot !== 0 ? `${base}.${t.Slot}` : `${base}.${t.NodeID}`;
  };
  const sorted = [...tasks].sort((a, b) => {
    const n = slotName(a).localeCompare(slotName(b), undefined, { numeric: true });
    if (n !== 0) return n;
    return (b.Status.Timestamp || b.CreatedAt).localeCompare(a.Status.Timestamp || a.CreatedAt);
  });
  let previous = '';
  return sorted.map((t) => {
    const name = slotName(t);
    const history = name === previous;
    previous = name;
    return {
      id: t.ID,
      name,
      image: t.Spec.ContainerSpec.Image,
      node: t.NodeID !== undefined && t.NodeID !== '' ? (hostname.get(t.NodeID) ?? t.NodeID) : '',
      desiredState: t.DesiredState,
      state: t.Status.State,
      since: t.Status.Timestamp || t.UpdatedAt,
      error: t.Status.Err,
      ports: formatPorts(t.Status.PortStatus.Ports),
      history,
    };
  });
}

export function capitalize(s: string): string {
  return s === '' ? s : s[0]?.toUpperCase() + s.slice(1);
}

export interface RemoveOptions {
  timeoutMs: number;
  log: (line: string) => void;
  /** Milliseconds between retries of the networks still in use. */
  pollMs?: number;
}

export interface RemoveResult {
  removed: string[];
}

/**
 * Removes services first, then secrets and configs, then the networks — retrying those until the tasks
 * are gone (a network cannot be removed while a task still has an endpoint on it) or the timeout passes.
 */
export async function removeStack(docker: Docker, stack: string, opts: RemoveOptions): Promise<RemoveResult> {
  const objs = stackObjects(await readClusterObjects(docker), stack);
  if (objs.services.length + objs.networks.length + objs.secrets.length + objs.configs.length === 0) throw unknownStack(stack);
  const removed: string[] = [];
  const problems: Message[] = [];
  const attempt = async (what: Message, fn: () => Promise<unknown>): Promise<'gone' | 'busy'> => {
    try {
      await fn();
      return 'gone';
    } catch (e) {
      if (statusOf(e) === 404) return 'gone';
      if (statusOf(e) === undefined) throw translateEngineError(e, what);
      problems.push(coreMessages.say('core.inputAt', { where: what, message: rawMessage(engineMessage(e)) }));
      return 'busy';
    }
  };
  for (const s of objs.services.sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name))) {
    opts.log(`Removing service ${s.Spec.Name}`);
    if ((await attempt(E.say('engine.do.removeService', { id: s.Spec.Name }), () => removeObject(docker, 'service', s.ID))) === 'gone')
      removed.push(`service ${s.Spec.Name}`);
  }
  for (const s of objs.secrets) {
    opts.log(`Removing secret ${s.Spec.Name}`);
    if ((await attempt(E.say('engine.do.removeSecret', { id: s.Spec.Name }), () => removeObject(docker, 'secret', s.ID))) === 'gone')
      removed.push(`secret ${s.Spec.Name}`);
  }
  for (const c of objs.configs) {
    opts.log(`Removing config ${c.Spec.Name}`);
    if ((await attempt(E.say('engine.do.removeConfig', { id: c.Spec.Name }), () => removeObject(docker, 'config', c.ID))) === 'gone')
      removed.push(`config ${c.Spec.Name}`);
  }
  // A network removed from the Swarm can linger on the node until its last task is gone: wait until inspect says 404.
  let pending = objs.networks.map((n) => ({ id: n.Id, name: n.Name, last: '' }));
  for (const n of pending) opts.log(`Removing network ${n.name}`);
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const still: typeof pending = [];
    for (const n of pending) {
      try {
        await removeObject(docker, 'network', n.id);
      } catch (e) {
        if (statusOf(e) === undefined) throw translateEngineError(e, E.say('engine.do.removeNetwork', { id: n.name }));
        if (statusOf(e) !== 404) {
          still.push({ ...n, last: engineMessage(e) });
          continue;
        }
      }
      try {
        await networkPresent(docker, n.id);
        still.push({ ...n, last: 'still present on this node while its tasks shut down' });
      } catch (e) {
        if (statusOf(e) === 404) removed.push(`network ${n.name}`);
        else if (statusOf(e) === undefined) throw translateEngineError(e, E.say('engine.do.inspectNetwork', { id: n.name }));
        else still.push({ ...n, last: engineMessage(e) });
      }
    }
    pending = still;
    if (pending.length === 0 || Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000));
  }
  if (pending.length > 0) {
    const seconds = Math.round(opts.timeoutMs / 1000);
    const list = joinMessages(
      pending.map((n) => M.say('stack.rm.network', { name: n.name, state: rawMessage(n.last) })),
      ', ',
    );
    throw new UserError(
      problems.length > 0
        ? M.say('stack.rm.timeoutAlso', { stack, seconds, list, problems: joinMessages(problems, '; ') })
        : M.say('stack.rm.timeout', { stack, seconds, list }),
      { hint: M.say('stack.rm.timeout.hint'), exitCode: ExitCode.FAILED },
    );
  }
  if (problems.length > 0) {
    throw new UserError(M.say('stack.rm.incomplete', { stack, problems: joinMessages(problems, '; ') }), {
      exitCode: ExitCode.FAILED,
      hint: M.say('stack.rm.incomplete.hint'),
    });
  }
  return { removed };
}
