// Typed engine calls: each reads through dockerode and returns the parsed model from ./models.ts, so no caller
// casts engine answers. Failures become the one translated EngineError (what we were doing, what to do).
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import {
  engineCall,
  parseContainerInspect,
  parseContainerList,
  parseDistribution,
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
  type ImageDistribution,
  type ImageInspect,
  type ImageSummary,
  type SwarmInspect,
} from './models.js';
import { EngineError } from '../core/errors.js';
import { engineMessages as M } from './messages.js';
import { english, type Message } from '../core/message.js';

/** Engine list filters as the API takes them (`{ label: ['a=b'], service: [id] }`). */
export type EngineFilters = Record<string, string[]>;

const filterQuery = (filters: EngineFilters | undefined): { filters?: string } => (filters ? { filters: JSON.stringify(filters) } : {});

export const readInfo = async (docker: Docker): Promise<EngineInfo> => parseInfo(await engineCall(M.say('engine.do.info'), () => docker.info()));
export const readVersion = async (docker: Docker): Promise<EngineVersionInfo> =>
  parseVersion(await engineCall(M.say('engine.do.version'), () => docker.version()));

export const listContainers = async (docker: Docker, options: { all?: boolean; filters?: EngineFilters } = {}): Promise<ContainerSummary[]> =>
  parseContainerList(
    await engineCall(M.say('engine.do.listContainers'), () => docker.listContainers({ all: options.all ?? true, ...filterQuery(options.filters) })),
  );
export const inspectContainer = async (docker: Docker, id: string): Promise<ContainerInspect> =>
  parseContainerInspect(await engineCall(M.say('engine.do.inspectContainer', { id: id.slice(0, 12) }), () => docker.getContainer(id).inspect()));
export const containerTop = async (docker: Docker, id: string, psArgs: string): Promise<ContainerTop> =>
  parseTop(await engineCall(M.say('engine.do.top', { id: id.slice(0, 12) }), () => docker.getContainer(id).top({ ps_args: psArgs })));

export const listImages = async (docker: Docker): Promise<ImageSummary[]> =>
  parseImageList(await engineCall(M.say('engine.do.listImages'), () => docker.listImages()));
/** The API version the client speaks ("1.51"), from its pinned version; undefined when not pinned. */
export function clientApiVersion(docker: Docker): string | undefined {
  const v = (docker.modem as { version?: unknown }).version;
  return typeof v === 'string' && /^v?\d+\.\d+$/.test(v) ? v.replace(/^v/, '') : undefined;
}

/** True when the client speaks at least API `min` (e.g. "1.48"). */
export function speaksApi(docker: Docker, min: string): boolean {
  const v = clientApiVersion(docker);
  if (v === undefined) return false;
  const [am = 0, an = 0] = v.split('.').map(Number);
  const [bm = 0, bn = 0] = min.split('.').map(Number);
  return am !== bm ? am > bm : an >= bn;
}

/** A GET whose query the client would drop (dockerode sends a query only for paths that end in "?"). */
const getWithQuery = (docker: Docker, path: string, query: Record<string, string>, statusCodes: Record<number, boolean | string>): Promise<unknown> =>
  new Promise<unknown>((resolve, reject) => {
    docker.modem.dial({ path: `${path}?`, method: 'GET', options: query, statusCodes }, (err, data) =>
      err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(data),
    );
  });

/** Image inspect; on API 1.48+ with every platform's manifest (`manifests=1`), which the containerd store knows. */
export const inspectImage = async (docker: Docker, ref: string): Promise<ImageInspect> =>
  parseImageInspect(
    await engineCall(M.say('engine.do.inspectImage', { id: ref }), () =>
      speaksApi(docker, '1.48')
        ? getWithQuery(docker, `/images/${ref}/json`, { manifests: '1' }, { 200: true, 404: 'no such image', 500: 'server error' })
        : docker.getImage(ref).inspect(),
    ),
  );

/** What the image's registry says about it, asked through the engine (as `--resolve-image` does). */
export const imageDistribution = async (docker: Docker, ref: string): Promise<ImageDistribution> =>
  parseDistribution(await engineCall(M.say('engine.do.distribution', { ref }), () => docker.getImage(ref).distribution()));

export const listNetworks = async (docker: Docker, filters?: EngineFilters): Promise<EngineNetworkModel[]> =>
  parseNetworkList(await engineCall(M.say('engine.do.listNetworks'), () => docker.listNetworks(filterQuery(filters))));
export const inspectNetwork = async (docker: Docker, id: string): Promise<EngineNetworkModel> =>
  parseNetwork(await engineCall(M.say('engine.do.inspectNetwork', { id }), () => docker.getNetwork(id).inspect()));

export const inspectSwarm = async (docker: Docker): Promise<SwarmInspect> =>
  parseSwarm(await engineCall(M.say('engine.do.swarm'), () => docker.swarmInspect()));
export const listNodes = async (docker: Docker, filters?: EngineFilters): Promise<EngineNodeModel[]> =>
  parseNodeList(await engineCall(M.say('engine.do.listNodes'), () => docker.listNodes(filterQuery(filters))));
export const listServices = async (docker: Docker, options: { status?: boolean; filters?: EngineFilters } = {}): Promise<EngineServiceModel[]> =>
  parseServiceList(
    await engineCall(M.say('engine.do.listServices'), () =>
      docker.listServices({ ...filterQuery(options.filters), ...(options.status ? { status: true } : {}) } as Docker.ServiceListOptions),
    ),
  );
export const inspectService = async (docker: Docker, id: string): Promise<EngineServiceModel> =>
  parseService(await engineCall(M.say('engine.do.inspectService', { id }), () => docker.getService(id).inspect()));
export const listTasks = async (docker: Docker, filters?: EngineFilters): Promise<EngineTaskModel[]> =>
  parseTaskList(await engineCall(M.say('engine.do.listTasks'), () => docker.listTasks(filterQuery(filters))));
export const listSecrets = async (docker: Docker): Promise<EngineFileObjectModel[]> =>
  parseFileObjectList(await engineCall(M.say('engine.do.listSecrets'), () => docker.listSecrets()), 'secret');
export const listConfigs = async (docker: Docker): Promise<EngineFileObjectModel[]> =>
  parseFileObjectList(await engineCall(M.say('engine.do.listConfigs'), () => docker.listConfigs()), 'config');

function asReadable(v: unknown, what: string | Message): Readable {
  if (typeof v === 'object' && v !== null && typeof (v as { pipe?: unknown }).pipe === 'function') return v as Readable;
  throw new Error(`${typeof what === 'string' ? what : english(what)}: the engine client returned no stream`);
}

function asBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'string') return Buffer.from(v);
  return Buffer.alloc(0);
}

/** An OCI platform as the `platform` query of API 1.48+ takes it. */
export interface EnginePlatform {
  os: string;
  architecture: string;
  variant?: string;
}

/**
 * `docker save` of one or more images as one tar stream (GET /images/get?names=…): a layer they share is in it once.
 * With `platform`, on API 1.48+, only that platform of a multi-platform image (older engines are not asked: they
 * export what they have, one platform on the overlay2 store).
 */
export async function exportImages(docker: Docker, refs: string[], options: { platform?: EnginePlatform } = {}): Promise<Readable> {
  const what = refs.length === 1 ? M.say('engine.do.exportImage', { ref: refs[0]! }) : M.say('engine.do.exportImages', { count: refs.length });
  const platform = options.platform && speaksApi(docker, '1.48') ? { platform: JSON.stringify(options.platform) } : {};
  return asReadable(
    await engineCall(
      what,
      () =>
        new Promise<unknown>((resolve, reject) => {
          docker.modem.dial(
            {
              path: '/images/get?',
              method: 'GET',
              options: { names: refs, ...platform },
              isStream: true,
              statusCodes: { 200: true, 400: 'bad parameter', 404: 'no such image', 500: 'server error' },
            },
            (err, data) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(data)),
          );
        }),
    ),
    what,
  );
}

/** `docker save` of one image as a tar stream. */
export const exportImage = async (docker: Docker, ref: string, options: { platform?: EnginePlatform } = {}): Promise<Readable> =>
  exportImages(docker, [ref], options);

/** The logs of a stopped or running container (multiplexed unless it has a TTY), as one buffer. */
export const containerLogs = async (docker: Docker, id: string, options: { stdout?: boolean; stderr?: boolean } = {}): Promise<Buffer> =>
  asBuffer(
    await engineCall(M.say('engine.do.logs', { id: id.slice(0, 12) }), () =>
      docker.getContainer(id).logs({ stdout: options.stdout ?? true, stderr: options.stderr ?? true, follow: false }),
    ),
  );

/** The logs of a service's tasks, as one (multiplexed) buffer. */
export const serviceLogs = async (docker: Docker, id: string, options: { stdout?: boolean; stderr?: boolean; details?: boolean } = {}): Promise<Buffer> =>
  asBuffer(
    await engineCall(M.say('engine.do.serviceLogs', { id }), () =>
      docker.getService(id).logs({
        stdout: options.stdout ?? true,
        stderr: options.stderr ?? true,
        details: options.details ?? false,
        follow: false,
      } as Docker.ContainerLogsOptions & {
        follow?: false;
      }),
    ),
  );

// ---- writes and streams: dockerode's option types do not describe the Engine API bodies, so the one cast that
// bridges them lives here, at the edge, instead of in every caller.

/** An Engine API request body (a service, network, secret or config spec), sent as JSON. */
export type EngineBody = Record<string, unknown> | object;

/** An update call's options: `version` (and e.g. `rollback`) in the query string, the spec alone as the body. */
const queryAndBody = (query: Record<string, string>, body: EngineBody): EngineBody => ({ _query: query, _body: body });

/** Creates an object and returns the id the engine gives it ({ ID } or { Id } or { id }, depending on the call). */
async function createdId(what: Message, call: () => Promise<unknown>): Promise<string> {
  const v = await engineCall(what, call);
  if (typeof v === 'object' && v !== null) {
    const o = v as { ID?: unknown; Id?: unknown; id?: unknown };
    const id = o.ID ?? o.Id ?? o.id;
    if (typeof id === 'string' && id !== '') return id;
  }
  throw new EngineError(M.say('engine.created.noId', { what }));
}

export const createService = async (docker: Docker, spec: EngineBody): Promise<string> =>
  createdId(M.say('engine.do.createService'), () => docker.createService(spec));

/** Updates a service at `version`; returns the engine's warnings. */
export async function updateService(docker: Docker, id: string, version: number, spec: EngineBody, query: Record<string, string> = {}): Promise<string[]> {
  const res: unknown = await engineCall(M.say('engine.do.updateService', { id }), () =>
    docker.getService(id).update(queryAndBody({ version: String(version), ...query }, spec)),
  );
  const warnings = typeof res === 'object' && res !== null ? (res as { Warnings?: unknown }).Warnings : undefined;
  return Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string') : [];
}

export const createNetwork = async (docker: Docker, spec: Docker.NetworkCreateOptions): Promise<string> =>
  createdId(M.say('engine.do.createNetwork'), async () => ({ id: (await docker.createNetwork(spec)).id }));

export const createSecret = async (docker: Docker, spec: EngineBody): Promise<string> =>
  createdId(M.say('engine.do.createSecret'), () => docker.createSecret(spec));
export const createConfig = async (docker: Docker, spec: EngineBody): Promise<string> =>
  createdId(M.say('engine.do.createConfig'), () => docker.createConfig(spec));
export const updateSecret = async (docker: Docker, id: string, version: number, spec: EngineBody): Promise<void> => {
  await engineCall(M.say('engine.do.updateSecret', { id }), () => docker.getSecret(id).update(queryAndBody({ version: String(version) }, spec)));
};
export const updateConfig = async (docker: Docker, id: string, version: number, spec: EngineBody): Promise<void> => {
  await engineCall(M.say('engine.do.updateConfig', { id }), () => docker.getConfig(id).update(queryAndBody({ version: String(version) }, spec)));
};

/**
 * The engine's event stream (GET /events), JSON lines. `since` may be "seconds.nanoseconds", which resuming a stream
 * needs to lose no event; dockerode types it as seconds but passes it to the query string unchanged.
 */
export const engineEvents = async (docker: Docker, options: { since?: number | string; filters?: EngineFilters } = {}): Promise<Readable> => {
  const query: Docker.GetEventsOptions = { ...(options.since !== undefined ? { since: options.since as number } : {}), ...filterQuery(options.filters) };
  return asReadable(await engineCall(M.say('engine.do.events'), () => docker.getEvents(query)), 'following engine events');
};
