// How `serve` protects its notification endpoint, decided from the final options rather than the raw flags:
// a bearer token, mutual TLS, or both; never neither. On loopback without a token, one is made and kept.
import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { UserError, errorMessage } from '../core/errors.js';
import { isLoopbackHost } from './server.js';
import { notPrivate } from '../history/private.js';

export interface ServeAuthInput {
  host: string;
  token?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  /** Where to keep a generated token when none is given (on loopback only). */
  generatedTokenFile: string;
}

export interface ServeAuth {
  token?: string;
  https: boolean;
  mutualTls: boolean;
  /** Set when the token was generated (or reused from an earlier start): where the registry's operator finds it. */
  tokenFile?: string;
  warnings: string[];
}

export function decideServeAuth(input: ServeAuthInput): ServeAuth {
  if ((input.tlsCert === undefined) !== (input.tlsKey === undefined)) throw new UserError('--tls-cert and --tls-key go together');
  const https = input.tlsCert !== undefined && input.tlsKey !== undefined;
  if (input.tlsCa !== undefined && !https) {
    throw new UserError('--tls-ca needs --tls-cert and --tls-key: client certificates are only checked over HTTPS', {
      hint: 'give all three for mutual TLS, or --token-file for a bearer token',
    });
  }
  const mutualTls = https && input.tlsCa !== undefined;
  const loopback = isLoopbackHost(input.host);
  const warnings: string[] = [];
  if (input.token !== undefined || mutualTls) {
    if (input.token !== undefined && !https && !loopback)
      warnings.push(`the bearer token crosses the network to ${input.host} in clear text: add --tls-cert and --tls-key`);
    return { ...(input.token !== undefined ? { token: input.token } : {}), https, mutualTls, warnings };
  }
  if (!loopback) {
    throw new UserError(`refusing to listen on ${input.host} without authentication`, {
      hint: 'give --token-file (or $SWARMGUARD_SERVE_TOKEN), or --tls-cert, --tls-key and --tls-ca for mutual TLS, or listen on 127.0.0.1',
    });
  }
  return { token: generatedToken(input.generatedTokenFile), https, mutualTls, tokenFile: input.generatedTokenFile, warnings };
}

/** The token kept in `file` (mode 0600), made on first use: the registry's config stays valid across restarts. */
function generatedToken(file: string): string {
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const fd = openSync(file, 'wx', 0o600);
    try {
      const token = randomBytes(32).toString('base64url');
      writeSync(fd, `${token}\n`);
      return token;
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new UserError(`cannot create the serve token file ${file}: ${errorMessage(e)}`, { hint: 'give --token-file' });
  }
  // In a shared history directory another user could have left a token of their choosing: it must be ours.
  const why = notPrivate(lstatSync(file));
  if (why !== undefined)
    throw new UserError(`${file} is not a private file of this user: ${why}`, {
      hint: `remove it to get a new token (or chown and chmod 600 it, if it is yours)`,
    });
  const token = readFileSync(file, 'utf8').trim();
  if (token.length < 16) throw new UserError(`${file} holds no usable token`, { hint: 'remove it to get a new one' });
  return token;
}
