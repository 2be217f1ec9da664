// Builds an EngineSnapshot from raw engine documents (as the API would send them) through the real parsers,
// so a test states only the fields it is about and still gets the engine's defaults for the rest.
import type { ContainerFacts, EngineSnapshot } from '../../src/engine/snapshot.js';
import { emptySnapshot } from '../../src/engine/snapshot.js';
import { parseContainerInspect, parseInfo, parseNetworkList, parseNodeList, parseServiceList, parseSwarm } from '../../src/engine/models.js';

type Raw = Record<string, unknown>;

export interface RawSnapshot {
  info?: Raw;
  containers?: ContainerFacts[];
  networks?: Raw[];
  swarm?: { inspect?: Raw; nodes?: Raw[]; services?: Raw[] } | null;
  images?: EngineSnapshot['images'];
  excluded?: EngineSnapshot['excluded'];
}

export function snapshotOf(raw: RawSnapshot = {}): EngineSnapshot {
  const base = emptySnapshot('unix:///var/run/docker.sock');
  return {
    ...base,
    apiCalls: 5,
    info: parseInfo({
      DockerRootDir: '/var/lib/docker',
      SecurityOptions: ['name=seccomp,profile=default'],
      LoggingDriver: 'json-file',
      Driver: 'overlay2',
      ...raw.info,
    }),
    version: { ...base.version, Version: '20.10.24', ApiVersion: '1.41' },
    containers: raw.containers ?? [],
    images: raw.images ?? [],
    networks: parseNetworkList((raw.networks ?? []).map((n, i) => ({ Id: `net${i}`, ...n }))),
    swarm: raw.swarm
      ? {
          inspect: parseSwarm(raw.swarm.inspect ?? {}),
          nodes: parseNodeList(raw.swarm.nodes ?? []),
          services: parseServiceList((raw.swarm.services ?? []).map((s, i) => ({ ID: `svc${i}`, Version: { Index: 1 }, ...s }))),
        }
      : null,
    excluded: raw.excluded ?? [],
  };
}

/** A container from a partial inspect document (HostConfig, Config, Mounts…) through the real parser. */
export function containerOf(name: string, inspect: Raw = {}, extra: Partial<Omit<ContainerFacts, 'inspect'>> = {}): ContainerFacts {
  const parsed = parseContainerInspect({ Id: `${name}-id`, Name: `/${name}`, State: { Running: true }, ...inspect });
  return { id: parsed.Id, name: parsed.Name, image: parsed.Config.Image || 'img', running: parsed.State.Running, processes: [], inspect: parsed, ...extra };
}
