// One pass over the engine: info, version, every container inspected once (bounded concurrency), images,
// networks and, on a manager, the swarm, nodes and services. Checks are pure functions of this data.
import type Docker from 'dockerode';
import { errorMessage } from '../core/errors.js';
import type { EngineConnection } from './connection.js';
import { localProcesses } from './local-processes.js';

type Obj = Record<string, unknown>;

export interface ContainerFacts {
  id: string;
  name: string;
  image: string;
  running: boolean;
  /** The container's inspect document (as the engine returned it). */
  inspect: Obj;
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

export interface EngineSnapshot {
  endpoint: string;
  takenAt: string;
  info: Obj;
  version: Obj;
  containers: ContainerFacts[];
  images: ImageFacts[];
  networks: Obj[];
  /** Set when this engine is a swarm manager. */
  swarm: { inspect: Obj; nodes: Obj[]; services: Obj[] } | null;
  /** Engine API calls made to take the snapshot (collect once: grows with containers, not checks). */
  apiCalls: number;
  /** What could not be read (a container that disappeared, a call refused). */
  errors: string[];
}

export interface SnapshotOptions {
  concurrency?: number;
  /** Only containers whose name matches (include) and does not match (exclude). */
  include?: RegExp;
  exclude?: RegExp;
  withTop?: boolean;
}

/** Runs `fn` over items with at most `limit` in flight. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export async function takeSnapshot(conn: EngineConnection, options: SnapshotOptions = {}): Promise<EngineSnapshot> {
  const docker: Docker = conn.docker;
  let calls = 0;
  const errors: string[] = [];
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    calls += 1;
    try {
      return await fn();
    } catch (e) {
      errors.push(`${what}: ${errorMessage(e)}`);
      return undefined;
    }
  };
  const [info, version, list, imageList, networks] = await Promise.all([
    call('info', () => docker.info() as Promise<Obj>),
    call('version', () => docker.version() as unknown as Promise<Obj>),
    call('containers', () => docker.listContainers({ all: true }) as unknown as Promise<Obj[]>),
    call('images', () => docker.listImages() as unknown as Promise<Obj[]>),
    call('networks', () => docker.listNetworks() as unknown as Promise<Obj[]>),
  ]);
  const summaries = (list ?? []).filter((c) => {
    const name = String((c.Names as string[] | undefined)?.[0] ?? '').replace(/^\//, '');
    if (options.include && !options.include.test(name)) return false;
    if (options.exclude && options.exclude.test(name)) return false;
    return true;
  });
  const concurrency = options.concurrency ?? 8;
  const containers = (
    await mapBounded(summaries, concurrency, async (c): Promise<ContainerFacts | undefined> => {
      const id = String(c.Id);
      const inspect = await call(`inspect ${id.slice(0, 12)}`, () => docker.getContainer(id).inspect() as unknown as Promise<Obj>);
      if (!inspect) return undefined; // gone since the list: said in errors
      const state = (inspect.State ?? {}) as Obj;
      const running = state.Running === true;
      let processes: string[] | null = null;
      if (running && options.withTop !== false) {
        // Read from this host's /proc when the container's processes are visible here (no engine call);
        // else the engine's top, which needs a PID column in the ps output (the command line is the last column).
        processes = localProcesses(id, Number(state.Pid));
        if (processes === null) {
          const top = await call(`top ${id.slice(0, 12)}`, () => docker.getContainer(id).top({ ps_args: '-o pid,args' }) as Promise<{ Processes?: string[][] }>);
          processes = top?.Processes ? top.Processes.map((p) => p[p.length - 1] ?? '') : null;
        }
      }
      return {
        id,
        name: String(inspect.Name ?? '').replace(/^\//, ''),
        image: String(((inspect.Config ?? {}) as Obj).Image ?? ''),
        running,
        inspect,
        processes,
      };
    })
  ).filter((c): c is ContainerFacts => c !== undefined);

  const images = (
    await mapBounded(imageList ?? [], concurrency, async (img): Promise<ImageFacts | undefined> => {
      const id = String(img.Id);
      const inspect = await call(`image ${id.slice(7, 19)}`, () => docker.getImage(id).inspect() as unknown as Promise<Obj>);
      if (!inspect) return undefined;
      const cfg = (inspect.Config ?? {}) as Obj;
      const hc = cfg.Healthcheck as { Test?: string[] } | undefined;
      return {
        id,
        tags: (inspect.RepoTags as string[] | undefined) ?? [],
        user: String(cfg.User ?? ''),
        healthcheck: hc?.Test !== undefined && hc.Test.length > 0 && hc.Test[0] !== 'NONE',
        created: String(inspect.Created ?? ''),
      };
    })
  ).filter((i): i is ImageFacts => i !== undefined);

  let swarm: EngineSnapshot['swarm'] = null;
  const swarmInfo = ((info ?? {}) as Obj).Swarm as Obj | undefined;
  if (swarmInfo?.ControlAvailable === true) {
    const [inspect, nodes, services] = await Promise.all([
      call('swarm', () => docker.swarmInspect() as Promise<Obj>),
      call('nodes', () => docker.listNodes() as unknown as Promise<Obj[]>),
      call('services', () => docker.listServices() as unknown as Promise<Obj[]>),
    ]);
    if (inspect) swarm = { inspect, nodes: nodes ?? [], services: services ?? [] };
  }
  return {
    endpoint: conn.endpoint.display,
    takenAt: new Date().toISOString(),
    info: info ?? {},
    version: version ?? {},
    containers,
    images,
    networks: networks ?? [],
    swarm,
    apiCalls: calls,
    errors,
  };
}
