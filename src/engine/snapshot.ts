// One pass over the engine: info, version, every container inspected once (bounded concurrency), images,
// networks and, on a manager, the swarm, nodes and services. Checks are pure functions of this data.
import type Docker from 'dockerode';
import { messageOf } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { engineMessages as M } from './messages.js';
import * as api from './api.js';
import type { EngineConnection } from './connection.js';
import { localProcesses } from './local-processes.js';
import {
  containerSummaryName,
  hasHealthcheck,
  parseInfo,
  parseVersion,
  type ContainerInspect,
  type EngineInfo,
  type EngineNetworkModel,
  type EngineNodeModel,
  type EngineServiceModel,
  type EngineVersionInfo,
  type SwarmInspect,
} from './models.js';

/** The label swarmguard puts on its own containers and services (bench jobs, probes); its value is the role. */
export const OWN_ROLE_LABEL = 'com.swarmguard.role';

export interface ContainerFacts {
  id: string;
  name: string;
  image: string;
  running: boolean;
  /** The container's inspect document, parsed. */
  inspect: ContainerInspect;
  /** Process command lines from /containers/{id}/top; null when not running or not readable. */
  processes: string[] | null;
}

export interface ImageFacts {
  id: string;
  tags: string[];
  user: string;
  healthcheck: boolean;
  created: string;
}

/** One of swarmguard's own containers or services, left out of the checks (and said so). */
export interface OwnObject {
  kind: 'container' | 'service';
  name: string;
  role: string;
}

export interface SwarmFacts {
  inspect: SwarmInspect;
  nodes: EngineNodeModel[];
  services: EngineServiceModel[];
}

export interface EngineSnapshot {
  endpoint: string;
  takenAt: string;
  info: EngineInfo;
  version: EngineVersionInfo;
  containers: ContainerFacts[];
  images: ImageFacts[];
  networks: EngineNetworkModel[];
  /** Set when this engine is a swarm manager. */
  swarm: SwarmFacts | null;
  /** swarmguard's own containers and services (label com.swarmguard.role), not evaluated. */
  excluded: OwnObject[];
  /** Engine API calls made to take the snapshot (collect once: grows with containers, not checks). */
  apiCalls: number;
  /** What could not be read (a container that disappeared, a call refused): the call and why, by id. */
  errors: Message[];
}

/** An empty snapshot with the engine's defaults, for tests and for a node whose engine could not be read. */
export function emptySnapshot(endpoint = ''): EngineSnapshot {
  return {
    endpoint,
    takenAt: '',
    info: parseInfo({}),
    version: parseVersion({ Version: '', ApiVersion: '' }),
    containers: [],
    images: [],
    networks: [],
    swarm: null,
    excluded: [],
    apiCalls: 0,
    errors: [],
  };
}

export interface SnapshotOptions {
  concurrency?: number;
  /** Only containers whose name matches (include) and does not match (exclude). */
  include?: RegExp;
  exclude?: RegExp;
  withTop?: boolean;
}

/** A gate that lets at most `limit` of the tasks given to it run at once, in the order they were given. */
export function boundedRunner(limit: number): <R>(task: () => Promise<R>) => Promise<R> {
  const max = Math.max(1, limit);
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <R>(task: () => Promise<R>): Promise<R> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      // The slot passes to the next waiting task, or is freed.
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/** Runs `fn` over items with at most `limit` in flight. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const run = boundedRunner(Math.min(limit, items.length));
  return Promise.all(items.map((item) => run(() => fn(item))));
}

/**
 * Every read starts as soon as what it needs has arrived: the container and image inspections as soon as their
 * list, sharing one bound on calls in flight; the swarm's as soon as /info says this is a manager.
 */
export async function takeSnapshot(conn: EngineConnection, options: SnapshotOptions = {}): Promise<EngineSnapshot> {
  const docker: Docker = conn.docker;
  let calls = 0;
  const errors: Message[] = [];
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    calls += 1;
    try {
      return await fn();
    } catch (e) {
      errors.push(M.say('engine.snapshot.failed', { call: what, error: messageOf(e) }));
      return undefined;
    }
  };
  const bounded = boundedRunner(options.concurrency ?? 8);
  const infoP = call('info', () => api.readInfo(docker));
  const versionP = call('version', () => api.readVersion(docker));
  const networksP = call('networks', () => api.listNetworks(docker));
  const ownContainers: OwnObject[] = [];
  const containersP = call('containers', () => api.listContainers(docker, { all: true })).then(async (list) => {
    const summaries = (list ?? []).filter((c) => {
      const name = containerSummaryName(c);
      const role = c.Labels[OWN_ROLE_LABEL];
      if (role !== undefined) {
        ownContainers.push({ kind: 'container', name, role });
        return false;
      }
      if (options.include && !options.include.test(name)) return false;
      if (options.exclude && options.exclude.test(name)) return false;
      return true;
    });
    const read = await Promise.all(
      summaries.map((c) =>
        bounded(async (): Promise<ContainerFacts | undefined> => {
          const id = c.Id;
          const inspect = await call(`inspect ${id.slice(0, 12)}`, () => api.inspectContainer(docker, id));
          if (!inspect) return undefined; // gone since the list: said in errors
          const running = inspect.State.Running;
          let processes: string[] | null = null;
          if (running && options.withTop !== false) {
            // Read from this host's /proc when the container's processes are visible here (no engine call);
            // else the engine's top, which needs a PID column in the ps output (the command line is the last column).
            processes = localProcesses(id, inspect.State.Pid);
            if (processes === null) {
              const top = await call(`top ${id.slice(0, 12)}`, () => api.containerTop(docker, id, '-o pid,args'));
              processes = top ? top.Processes.map((p) => p[p.length - 1] ?? '') : null;
            }
          }
          return { id, name: inspect.Name, image: inspect.Config.Image, running, inspect, processes };
        }),
      ),
    );
    return read.filter((c): c is ContainerFacts => c !== undefined);
  });
  const imagesP = call('images', () => api.listImages(docker)).then(async (list) => {
    const read = await Promise.all(
      (list ?? []).map((img) =>
        bounded(async (): Promise<ImageFacts | undefined> => {
          const inspect = await call(`image ${img.Id.slice(7, 19)}`, () => api.inspectImage(docker, img.Id));
          if (!inspect) return undefined;
          return {
            id: img.Id,
            tags: inspect.RepoTags,
            user: inspect.Config.User,
            healthcheck: hasHealthcheck(inspect.Config.Healthcheck),
            created: inspect.Created,
          };
        }),
      ),
    );
    // The engine orders images by creation second, ties in any order: newest first, then by ID, the same on every read.
    return read.filter((i): i is ImageFacts => i !== undefined).sort((a, b) => Date.parse(b.created) - Date.parse(a.created) || a.id.localeCompare(b.id));
  });
  const swarmP = infoP.then(async (info) => {
    if (info?.Swarm.ControlAvailable !== true) return { swarm: null, own: [] };
    const [inspect, nodes, services] = await Promise.all([
      call('swarm', () => api.inspectSwarm(docker)),
      call('nodes', () => api.listNodes(docker)),
      call('services', () => api.listServices(docker)),
    ]);
    const own = (services ?? []).filter((s) => s.Spec.Labels[OWN_ROLE_LABEL] !== undefined);
    const swarm: SwarmFacts | null = inspect ? { inspect, nodes: nodes ?? [], services: (services ?? []).filter((s) => !own.includes(s)) } : null;
    return { swarm, own: own.map((s): OwnObject => ({ kind: 'service', name: s.Spec.Name, role: s.Spec.Labels[OWN_ROLE_LABEL] ?? '' })) };
  });
  const [info, version, networks, containers, images, { swarm, own }] = await Promise.all([infoP, versionP, networksP, containersP, imagesP, swarmP]);
  const empty = emptySnapshot(conn.endpoint.display);
  return {
    ...empty,
    takenAt: new Date().toISOString(),
    info: info ?? empty.info,
    version: version ?? empty.version,
    containers,
    images,
    networks: networks ?? [],
    swarm,
    excluded: [...ownContainers, ...own],
    apiCalls: calls,
    errors,
  };
}
