// An active, loopback-only probe: does a Docker API port answer without TLS client authentication?
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { UserError } from '../core/errors.js';
import { hardeningMessages as M } from './messages.js';

export type TcpApiProbe =
  | { kind: 'open-http'; apiVersion?: string }
  | { kind: 'open-tls'; apiVersion?: string }
  | { kind: 'tls-client-auth-required'; detail: string }
  | { kind: 'closed' }
  | { kind: 'timeout' }
  | { kind: 'not-docker'; detail: string };

function isLoopback(host: string): boolean {
  return net.isIP(host) !== 0 && (host === '::1' || /^127\./.test(host));
}

interface Answer {
  status: number;
  body: string;
  apiVersion?: string;
}

function get(mod: typeof http | typeof https, host: string, port: number, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = mod.get({ host, port, path: '/_ping', timeout: timeoutMs, rejectUnauthorized: false, headers: { 'User-Agent': 'swarmguard-probe' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        if (body.length < 512) body += c;
      });
      res.on('end', () => {
        const v = res.headers['api-version'];
        resolve({ status: res.statusCode ?? 0, body, ...(typeof v === 'string' ? { apiVersion: v } : {}) });
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
  });
}

const isDockerPing = (a: Answer): boolean => a.status === 200 && a.body.trim() === 'OK' && a.apiVersion !== undefined;

/**
 * Probes a Docker API port on a loopback address only — never another host. Plain HTTP first;
 * if the server speaks TLS, a TLS connection without a client certificate.
 */
export async function probeTcpApi(port: number, host = '127.0.0.1', timeoutMs = 3000): Promise<TcpApiProbe> {
  if (!isLoopback(host)) throw new UserError(M.say('hardening.probe.notLoopback', { host }));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(M.say('hardening.probe.badPort', { port }));
  let plain: Answer | undefined;
  try {
    plain = await get(http, host, port, timeoutMs);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ECONNREFUSED') return { kind: 'closed' };
    if (code === 'ETIMEDOUT') return { kind: 'timeout' };
    // A TLS server may reset a plain request; fall through to TLS.
  }
  if (plain && isDockerPing(plain)) return { kind: 'open-http', ...(plain.apiVersion ? { apiVersion: plain.apiVersion } : {}) };
  const tlsHint = plain === undefined || (plain.status === 400 && /https/i.test(plain.body));
  if (!tlsHint) return { kind: 'not-docker', detail: `plain HTTP answered ${plain?.status ?? '?'}` };
  try {
    const secure = await get(https, host, port, timeoutMs);
    if (isDockerPing(secure)) return { kind: 'open-tls', ...(secure.apiVersion ? { apiVersion: secure.apiVersion } : {}) };
    return { kind: 'not-docker', detail: `TLS answered ${secure.status}` };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'ETIMEDOUT') return { kind: 'timeout' };
    const detail = `${err.code ?? ''} ${err.message ?? ''}`.trim();
    // Only a TLS server that asked for a certificate counts; anything else is some other service.
    if (/certificate|alert|handshake/i.test(detail) || (plain !== undefined && /https/i.test(plain.body))) {
      return { kind: 'tls-client-auth-required', detail };
    }
    return { kind: 'not-docker', detail };
  }
}
