// The one place that connects to a Docker engine: endpoint, TLS/SSH, API version negotiation, clear errors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { EngineError, messageOf } from '../core/errors.js';
import DockerClient from './dockerode.js';
import { parseEndpoint, type Endpoint } from './endpoint.js';
import { parseVersion, translateEngineError, type EngineVersionInfo } from './models.js';
import { engineMessages as M } from './messages.js';

/** Oldest API we speak (Engine 20.10) and newest we know. */
export const MIN_API_VERSION = '1.41';
export const MAX_API_VERSION = '1.51';

/** What /version reports (parsed in models.ts). */
export type EngineVersion = EngineVersionInfo;

export interface EngineConnection {
  docker: Docker;
  endpoint: Endpoint;
  /** The API version in use after negotiation, e.g. "1.41". */
  apiVersion: string;
  server: EngineVersion;
}

export function compareApiVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am !== bm ? am - bm : an - bn;
}

/** The version both sides speak: the server's, capped at ours. */
export function negotiateApiVersion(server: Pick<EngineVersion, 'ApiVersion' | 'MinAPIVersion'>): string {
  const serverMax = server.ApiVersion;
  if (!/^\d+\.\d+$/.test(serverMax)) throw new EngineError(M.say('engine.api.unusable', { version: serverMax }));
  if (compareApiVersions(serverMax, MIN_API_VERSION) < 0) {
    throw new EngineError(M.say('engine.api.old', { version: serverMax, min: MIN_API_VERSION }), {
      hint: M.say('engine.api.old.hint'),
    });
  }
  return compareApiVersions(serverMax, MAX_API_VERSION) > 0 ? MAX_API_VERSION : serverMax;
}

function dockerOptions(ep: Endpoint, version?: string): Docker.DockerOptions {
  const v = version ? { version: `v${version}` } : {};
  switch (ep.protocol) {
    case 'unix':
      return { socketPath: ep.socketPath, ...v };
    case 'http':
      return { host: ep.host, port: ep.port, protocol: 'http', ...v };
    case 'https': {
      const read = (name: string): Buffer => {
        const file = path.join(ep.certPath ?? '', name);
        try {
          return readFileSync(file);
        } catch (e) {
          throw new EngineError(M.say('engine.tls.unreadable', { file, error: messageOf(e) }), {
            hint: M.say('engine.tls.unreadable.hint'),
          });
        }
      };
      return { host: ep.host, port: ep.port, protocol: 'https', ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem'), ...v };
    }
    case 'ssh':
      return {
        host: ep.host,
        port: ep.port,
        protocol: 'ssh',
        ...(ep.username ? { username: ep.username } : {}),
        sshOptions: { agent: process.env.SSH_AUTH_SOCK },
        ...v,
      };
  }
}

/** Turns a low-level connection failure into a message that says what to do (the one translator, in models.ts). */
export function explainEngineError(e: unknown, ep: Endpoint): EngineError {
  return translateEngineError(e, M.say('engine.do.connecting'), ep.display);
}

export interface ConnectOptions {
  env?: NodeJS.ProcessEnv;
  /** Overrides DOCKER_HOST. */
  host?: string;
  /** Milliseconds for the initial ping. */
  timeoutMs?: number;
}

/** Pings the engine, reads /version, and returns a client pinned to the negotiated API version. */
export async function connectEngine(options: ConnectOptions = {}): Promise<EngineConnection> {
  const endpoint = parseEndpoint(options.env ?? process.env, options.host);
  const probe = new DockerClient({ ...dockerOptions(endpoint), timeout: options.timeoutMs ?? 10_000 });
  let server: EngineVersion;
  try {
    await probe.ping();
    server = parseVersion(await probe.version());
  } catch (e) {
    throw explainEngineError(e, endpoint);
  }
  const apiVersion = negotiateApiVersion(server);
  const docker = new DockerClient(dockerOptions(endpoint, apiVersion));
  return { docker, endpoint, apiVersion, server };
}
