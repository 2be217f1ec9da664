// Typed engine calls: each reads through dockerode and returns the parsed model from ./models.ts, so no caller
// casts engine answers. Failures become the one translated EngineError (what we were doing, what to do).
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import {
  engineCall,
  parseContainerInspect,
  parseContainerList,
  parseFileObjectList,
  parseImageInspect,
  parseImageList,
  parseInfo,
  parseNetwork,
  parseNetworkList,
  parseNodeList,
  parseService,
  parseServiceList,
  parseSwarm,
  parseTaskList,
  parseTop,
  parseVersion,
  type ContainerInspect,
  type ContainerSummary,
  type ContainerTop,
  type EngineFileObjectModel,
  type EngineInfo,
  type EngineNetworkModel,
  type EngineNodeModel,
  type EngineServiceModel,
  type EngineTaskModel,
  type EngineVersionInfo,
  type ImageInspect,
  type ImageSummary,
  type SwarmInspect,
} from './models.js';

/** Engine list filters as the API takes them (`{ label: ['a=b'], service: [id] }`). */
export type EngineFilters = Record<string, string[]>;

const filterQuery = (filters: EngineFilters | undefined): { filters?: string } => (filters ? { filters: JSON.stringify(filters) } : {});

export const readInfo = async (docker: Docker): Promise<EngineInfo> => parseInfo(await engineCall('reading engine info', () => docker.info()));
export const readVersion = async (docker: Docker): Promise<EngineVersionInfo> => parseVersion(await engineCall('reading the engine version', () => docker.version()));

export const listContainers = async (docker: Docker, options: { all?: boolean; filters?: EngineFilters } = {}): Promise<ContainerSummary[]> =>
  parseContainerList(await engineCall('listing containers', () => docker.listContainers({ all: options.all ?? true, ...filterQuery(options.filters) })));
export const inspectContainer = async (docker: Docker, id: string): Promise<ContainerInspect> =>
  parseContainerInspect(await engineCall(`inspecting container ${id.slice(0, 12)}`, () => docker.getContainer(id).inspect()));
export const containerTop = async (docker: Docker, id: string, psArgs: string): Promise<ContainerTop> =>
  parseTop(await engineCall(`listing the processes of ${id.slice(0, 12)}`, () => docker.getContainer(id).top({ ps_args: psArgs })));

export const listImages = async (docker: Docker): Promise<ImageSummary[]> => parseImageList(await engineCall('listing images', () => docker.listImages()));
export const inspectImage = async (docker: Docker, ref: string): Promise<ImageInspect> =>
  parseImageInspect(await engineCall(`inspecting image ${ref}`, () => docker.getImage(ref).inspect()));

export const listNetworks = async (docker: Docker, filters?: EngineFilters): Promise<EngineNetworkModel[]> =>
  parseNetworkList(await engineCall('listing networks', () => docker.listNetworks(filterQuery(filters))));
export const inspectNetwork = async (docker: Docker, id: string): Promise<EngineNetworkModel> =>
  parseNetwork(await engineCall(`inspecting network ${id}`, () => docker.getNetwork(id).inspect()));

export const inspectSwarm = async (docker: Docker): Promise<SwarmInspect> => parseSwarm(await engineCall('reading the swarm', () => docker.swarmInspect()));
export const listNodes = async (docker: Docker, filters?: EngineFilters): Promise<EngineNodeModel[]> =>
  parseNodeList(await engineCall('listing nodes', () => docker.listNodes(filterQuery(filters))));
export const listServices = async (docker: Docker, options: { status?: boolean; filters?: EngineFilters } = {}): Promise<EngineServiceModel[]> =>
  parseServiceList(
    await engineCall('listing services', () => docker.listServices({ ...filterQuery(options.filters), ...(options.status ? { status: true } : {}) } as Docker.ServiceListOptions)),
  );
export const inspectService = async (docker: Docker, id: string): Promise<EngineServiceModel> =>
  parseService(await engineCall(`inspecting service ${id}`, () => docker.getService(id).inspect()));
export const listTasks = async (docker: Docker, filters?: EngineFilters): Promise<EngineTaskModel[]> =>
  parseTaskList(await engineCall('listing tasks', () => docker.listTasks(filterQuery(filters))));
export const listSecrets = async (docker: Docker): Promise<EngineFileObjectModel[]> => parseFileObjectList(await engineCall('listing secrets', () => docker.listSecrets()), 'secret');
export const listConfigs = async (docker: Docker): Promise<EngineFileObjectModel[]> => parseFileObjectList(await engineCall('listing configs', () => docker.listConfigs()), 'config');

function asReadable(v: unknown, what: string): Readable {
  if (typeof v === 'object' && v !== null && typeof (v as { pipe?: unknown }).pipe === 'function') return v as Readable;
  throw new Error(`${what}: the engine client returned no stream`);
}

function asBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'string') return Buffer.from(v);
  return Buffer.alloc(0);
}

/** `docker save` of one image as a tar stream (GET /images/{name}/get). */
export const exportImage = async (docker: Docker, ref: string): Promise<Readable> =>
  asReadable(await engineCall(`exporting image ${ref}`, () => docker.getImage(ref).get()), `exporting image ${ref}`);

/** The logs of a stopped or running container (multiplexed unless it has a TTY), as one buffer. */
export const containerLogs = async (docker: Docker, id: string, options: { stdout?: boolean; stderr?: boolean } = {}): Promise<Buffer> =>
  asBuffer(
    await engineCall(`reading the logs of ${id.slice(0, 12)}`, () =>
      docker.getContainer(id).logs({ stdout: options.stdout ?? true, stderr: options.stderr ?? true, follow: false }),
    ),
  );

/** The logs of a service's tasks, as one (multiplexed) buffer. */
export const serviceLogs = async (docker: Docker, id: string, options: { stdout?: boolean; stderr?: boolean; details?: boolean } = {}): Promise<Buffer> =>
  asBuffer(
    await engineCall(`reading the logs of service ${id}`, () =>
      docker.getService(id).logs({ stdout: options.stdout ?? true, stderr: options.stderr ?? true, details: options.details ?? false, follow: false } as Docker.ContainerLogsOptions & {
        follow?: false;
      }),
    ),
  );
