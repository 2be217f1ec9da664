// Parses DOCKER_HOST / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH into a connection description.
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { engineMessages as M } from './messages.js';

export type Endpoint =
  | { protocol: 'unix'; socketPath: string; display: string }
  | { protocol: 'http' | 'https'; host: string; port: number; display: string; tlsVerify: boolean; certPath?: string }
  | { protocol: 'ssh'; host: string; port: number; username?: string; display: string };

export const DEFAULT_SOCKET = '/var/run/docker.sock';

function invalid(value: string, why: Message): UserError {
  return new UserError(M.say('engine.host.unusable', { value, why }), { hint: M.say('engine.host.unusable.hint') });
}

export function parseEndpoint(env: NodeJS.ProcessEnv = process.env, override?: string): Endpoint {
  const raw = (override ?? env.DOCKER_HOST ?? '').trim();
  if (raw === '') return { protocol: 'unix', socketPath: DEFAULT_SOCKET, display: `unix://${DEFAULT_SOCKET}` };
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw invalid(raw, M.say('engine.host.relativeSocket'));
    return { protocol: 'unix', socketPath, display: raw };
  }
  if (raw.startsWith('/')) return { protocol: 'unix', socketPath: raw, display: `unix://${raw}` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(raw, M.say('engine.host.notUrl'));
  }
  const tlsVerify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
  const certPath = env.DOCKER_CERT_PATH && env.DOCKER_CERT_PATH !== '' ? env.DOCKER_CERT_PATH : path.join(os.homedir(), '.docker');
  switch (url.protocol) {
    case 'tcp:':
    case 'http:':
    case 'https:': {
      if (url.hostname === '') throw invalid(raw, M.say('engine.host.noHost'));
      const tls = tlsVerify || url.protocol === 'https:';
      const port = url.port !== '' ? Number(url.port) : tls ? 2376 : 2375;
      return {
        protocol: tls ? 'https' : 'http',
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port,
        tlsVerify: tls,
        ...(tls ? { certPath } : {}),
        display: raw,
      };
    }
    case 'ssh:':
      if (url.hostname === '') throw invalid(raw, M.say('engine.host.noHost'));
      return {
        protocol: 'ssh',
        host: url.hostname,
        port: url.port !== '' ? Number(url.port) : 22,
        ...(url.username !== '' ? { username: decodeURIComponent(url.username) } : {}),
        display: raw,
      };
    default:
      throw invalid(raw, M.say('engine.host.scheme', { scheme: url.protocol.replace(':', '') }));
  }
}
