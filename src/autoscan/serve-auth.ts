// How `serve` protects its notification endpoint, decided from the final options rather than the raw flags:
// a bearer token, mutual TLS, or both; never neither. On loopback without a token, one is made and kept.
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { UserError, errorMessage } from '../core/errors.js';
import { isLoopbackHost } from './server.js';

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

/** Shortest token accepted: 32 bytes, what the generated ones carry in randomness. */
export const MIN_TOKEN_BYTES = 32;

/** Refuses a token too short to resist guessing; the token is never quoted. */
export function checkToken(token: string, where: string): string {
  const n = Buffer.byteLength(token, 'utf8');
  if (n < MIN_TOKEN_BYTES)
    throw new UserError(`${where}: the token is ${n} byte(s) long; at least ${MIN_TOKEN_BYTES} are needed`, {
      hint: 'make one with: openssl rand -base64 33 > FILE && chmod 600 FILE',
    });
  return token;
}

/**
 * Reads a token file: a regular file owned by this user and readable by nobody else (a shared directory's file
 * planted by another user, or a world-readable one, is refused), holding a token of at least 32 bytes.
 */
export function readTokenFile(file: string, where: string): string {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new UserError(`${where}: cannot read ${file}: ${errorMessage(e)}`);
  }
  if (!st.isFile()) throw new UserError(`${where}: ${file} is not a regular file`);
  const me = process.geteuid?.();
  if (me !== undefined && st.uid !== me) throw new UserError(`${where}: ${file} belongs to another user (uid ${st.uid})`, { hint: 'use a token file you own' });
  if ((st.mode & 0o077) !== 0)
    throw new UserError(`${where}: ${file} can be read by others (mode ${(st.mode & 0o777).toString(8)})`, { hint: `chmod 600 ${file}` });
  return checkToken(readFileSync(file, 'utf8').trim(), where);
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
  if (input.token !== undefined) checkToken(input.token, 'the serve token');
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
  return { token: keptToken(input.generatedTokenFile), https, mutualTls, tokenFile: input.generatedTokenFile, warnings };
}

/** The token kept in `file` (mode 0600), made on first use: the registry's config (or a signed-in browser's user) keeps it across restarts. */
export function keptToken(file: string): string {
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
  // Kept from an earlier start: it must still be ours and private (another user may share the history directory).
  return readTokenFile(file, 'the kept serve token');
}
