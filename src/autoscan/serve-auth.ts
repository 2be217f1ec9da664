// How `serve` protects its notification endpoint, decided from the final options rather than the raw flags:
// a bearer token, mutual TLS, or both; never neither. On loopback without a token, one is made and kept.
// The TLS flags of serve and the dashboard are checked and their files read here too.
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { UserError, messageOf } from '../core/errors.js';
import type { Message, MessageValue } from '../core/message.js';
import { autoscanMessages as M } from './messages.js';
import { isLoopbackHost } from './server.js';

/** --tls-cert, --tls-key and --tls-ca, as serve and the dashboard take them. */
export interface TlsFlags {
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
}

/** The certificate, key and (for mutual TLS) CA, as read from the files the flags name. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
}

export interface ServeAuthInput extends TlsFlags {
  host: string;
  token?: string;
  /** Where to keep a generated token when none is given (on loopback only). */
  generatedTokenFile: string;
}

export interface ServeAuth {
  token?: string;
  https: boolean;
  mutualTls: boolean;
  /** Set when the token was generated (or reused from an earlier start): where the registry's operator finds it. */
  tokenFile?: string;
  warnings: Message[];
}

/** Shortest token accepted: 32 bytes, what the generated ones carry in randomness. */
const MIN_TOKEN_BYTES = 32;

/** Refuses a token too short to resist guessing; the token is never quoted. */
export function checkToken(token: string, where: MessageValue): string {
  const n = Buffer.byteLength(token, 'utf8');
  if (n < MIN_TOKEN_BYTES) throw new UserError(M.say('autoscan.token.short', { where, n, min: MIN_TOKEN_BYTES }), { hint: M.say('autoscan.token.short.hint') });
  return token;
}

/**
 * Reads a token file: a regular file owned by this user and readable by nobody else (a shared directory's file
 * planted by another user, or a world-readable one, is refused), holding a token of at least 32 bytes.
 */
export function readTokenFile(file: string, where: MessageValue): string {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new UserError(M.say('autoscan.token.unreadable', { where, file, error: messageOf(e) }));
  }
  if (!st.isFile()) throw new UserError(M.say('autoscan.token.notFile', { where, file }));
  const me = process.geteuid?.();
  if (me !== undefined && st.uid !== me)
    throw new UserError(M.say('autoscan.token.otherOwner', { where, file, uid: st.uid }), { hint: M.say('autoscan.token.otherOwner.hint') });
  if ((st.mode & 0o077) !== 0)
    throw new UserError(M.say('autoscan.token.readable', { where, file, mode: (st.mode & 0o777).toString(8) }), {
      hint: M.say('autoscan.token.readable.hint', { file }),
    });
  return checkToken(readFileSync(file, 'utf8').trim(), where);
}

/** The token given: from --token-file when given (read as readTokenFile does), else from the environment variable's value. */
export function givenToken(fromEnvironment: string | undefined, tokenFile: string | undefined): string | undefined {
  return tokenFile ? readTokenFile(tokenFile, '--token-file') : fromEnvironment || undefined;
}

/** What the TLS flags ask for: --tls-cert and --tls-key go together, and --tls-ca (client certificates) needs both. */
function tlsMode(flags: TlsFlags): { https: boolean; mutualTls: boolean } {
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new UserError(M.say('autoscan.tls.pair'));
  const https = flags.tlsCert !== undefined && flags.tlsKey !== undefined;
  if (flags.tlsCa !== undefined && !https) {
    throw new UserError(M.say('autoscan.tls.caNeedsHttps'), { hint: M.say('autoscan.tls.caNeedsHttps.hint') });
  }
  return { https, mutualTls: https && flags.tlsCa !== undefined };
}

function readTlsFile(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UserError(M.say('autoscan.tls.cannotRead', { flag, file, error: messageOf(e) }));
  }
}

/** The files the TLS flags name, checked together (as tlsMode) and read at start; undefined without --tls-cert. */
export function tlsFiles(flags: TlsFlags): TlsFiles | undefined {
  const { https, mutualTls } = tlsMode(flags);
  if (!https) return undefined;
  return {
    cert: readTlsFile(flags.tlsCert!, '--tls-cert'),
    key: readTlsFile(flags.tlsKey!, '--tls-key'),
    ...(mutualTls ? { ca: readTlsFile(flags.tlsCa!, '--tls-ca') } : {}),
  };
}

export function decideServeAuth(input: ServeAuthInput): ServeAuth {
  const { https, mutualTls } = tlsMode(input);
  const loopback = isLoopbackHost(input.host);
  const warnings: Message[] = [];
  if (input.token !== undefined) checkToken(input.token, M.say('autoscan.token.where.serve'));
  if (input.token !== undefined || mutualTls) {
    if (input.token !== undefined && !https && !loopback) warnings.push(M.say('autoscan.token.clearText', { host: input.host }));
    return { ...(input.token !== undefined ? { token: input.token } : {}), https, mutualTls, warnings };
  }
  if (!loopback) {
    throw new UserError(M.say('autoscan.noAuth', { host: input.host }), { hint: M.say('autoscan.noAuth.serve.hint') });
  }
  return { token: keptToken(input.generatedTokenFile, 'serve'), https, mutualTls, tokenFile: input.generatedTokenFile, warnings };
}

/** What a kept token is called, by the command it is kept for. */
const KEPT = {
  serve: { where: 'autoscan.token.where.kept.serve', cannotCreate: 'autoscan.token.cannotCreate.serve' },
  dashboard: { where: 'autoscan.token.where.kept.dashboard', cannotCreate: 'autoscan.token.cannotCreate.dashboard' },
} as const;

/**
 * The token kept in `file` (mode 0600) for serve or the dashboard, made on first use: the registry's config (or a
 * signed-in browser's user) keeps it across restarts.
 */
export function keptToken(file: string, keptFor: keyof typeof KEPT): string {
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
      throw new UserError(M.say(KEPT[keptFor].cannotCreate, { file, error: messageOf(e) }), { hint: M.say('autoscan.token.cannotCreate.hint') });
  }
  // Kept from an earlier start: it must still be ours and private (another user may share the history directory).
  return readTokenFile(file, M.say(KEPT[keptFor].where));
}
