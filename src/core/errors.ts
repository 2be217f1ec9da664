// User-facing errors: a message that says what to do, a stable code saying what went wrong, and the exit code the
// CLI returns. Exit codes and control flow read the code, never the wording (which depends on the reader's language).
import { english, isMessage, rawMessage, type Message } from './message.js';
import { coreMessages } from './messages.js';

/** Exit codes shared by every command. */
export const ExitCode = {
  OK: 0,
  /** Findings at or above the --fail-on threshold (overridable with --exit-code). */
  FINDINGS: 1,
  /** Bad usage or bad input (file, flag, YAML). */
  USAGE: 2,
  /** The Docker engine (or another service) could not be reached or refused us. */
  ENGINE: 3,
  /** The operation ran but did not achieve its goal (deploy did not converge, probe failed). */
  FAILED: 4,
  /** A scan read only part of the image (an analyzer's time budget, crash or cap, the scan deadline): never clean. */
  NOT_SCANNED: 5,
  /** A bug: an error we did not expect. */
  INTERNAL: 70,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * What went wrong, in words no language changes. Each code has one exit code (EXIT_FOR_CODE); the engine codes are
 * read from the system error behind the failure (ECONNREFUSED, EACCES…) or the engine's HTTP status.
 */
export const ERROR_CODES = [
  /** Bad usage or input: a flag, a name, a file. */
  'usage',
  /** The engine could not be reached: no socket, refused, reset, timed out. */
  'engine.unreachable',
  /** The engine refused us the socket (EACCES, EPERM). */
  'engine.denied',
  /** The engine answered with an error status (404, 409, 500, 503…). */
  'engine.answered',
  /** Any other failure of an engine call (an answer we could not read). */
  'engine.failed',
  /** The operation ran but did not reach its goal (a deploy stopped part-way, a probe failed). */
  'failed',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const EXIT_FOR_CODE: Readonly<Record<ErrorCode, ExitCodeValue>> = {
  usage: ExitCode.USAGE,
  'engine.unreachable': ExitCode.ENGINE,
  'engine.denied': ExitCode.ENGINE,
  'engine.answered': ExitCode.ENGINE,
  'engine.failed': ExitCode.ENGINE,
  failed: ExitCode.FAILED,
};

/** The system error codes that mean the engine (or any peer) was not reached or went away. */
const UNREACHABLE_ERRNO: ReadonlySet<string> = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const DENIED_ERRNO: ReadonlySet<string> = new Set(['EACCES', 'EPERM']);

/** The system error code (errno name) or HTTP status behind an error, looking through causes. */
export function failureOf(e: unknown, depth = 0): { errno?: string; status?: number } {
  if (typeof e !== 'object' || e === null || depth > 8) return {};
  const { code, statusCode } = e as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return { errno: code };
  if (typeof statusCode === 'number') return { status: statusCode };
  const cause = (e as { cause?: unknown }).cause;
  return cause !== undefined && cause !== e ? failureOf(cause, depth + 1) : {};
}

/** The code of a failed engine call, from the system error or status behind it. */
export function engineErrorCode(cause: unknown): ErrorCode {
  const f = failureOf(cause);
  if (f.errno !== undefined && UNREACHABLE_ERRNO.has(f.errno)) return 'engine.unreachable';
  if (f.errno !== undefined && DENIED_ERRNO.has(f.errno)) return 'engine.denied';
  if (f.status !== undefined) return 'engine.answered';
  return 'engine.failed';
}

const CODE_FOR_EXIT: Readonly<Record<number, ErrorCode>> = { [ExitCode.USAGE]: 'usage', [ExitCode.ENGINE]: 'engine.failed', [ExitCode.FAILED]: 'failed' };

export interface UserErrorOptions {
  /** What the user can do about it. */
  hint?: string | Message;
  /** What went wrong; the exit code follows from it unless `exitCode` says otherwise. */
  code?: ErrorCode;
  exitCode?: number;
  cause?: unknown;
}

/**
 * A reader's error that says its reason by id (a ZIP entry, a rule line, a package header): whoever catches it
 * turns it into a warning or a UserError with `messageOf`, which gives back `text`; `message` is its English.
 */
export class SaidError extends Error {
  constructor(readonly text: Message) {
    super(english(text));
    this.name = new.target.name;
  }
}

export class UserError extends Error {
  /** The message by id, for the printer to render in the reader's language; `message` is its English. */
  readonly text: Message;
  readonly hintText: Message | undefined;
  readonly code: ErrorCode;
  readonly exitCode: number;

  constructor(message: string | Message, options: UserErrorOptions = {}) {
    const text = isMessage(message) ? message : rawMessage(message);
    super(english(text), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.text = text;
    this.hintText = options.hint === undefined ? undefined : isMessage(options.hint) ? options.hint : rawMessage(options.hint);
    this.code = options.code ?? (options.exitCode !== undefined ? (CODE_FOR_EXIT[options.exitCode] ?? 'usage') : 'usage');
    this.exitCode = options.exitCode ?? EXIT_FOR_CODE[this.code];
  }

  /** The hint in English. */
  get hint(): string | undefined {
    return this.hintText === undefined ? undefined : english(this.hintText);
  }
}

/** An input file that could not be used; names the file and, when known, the line. */
export class InputError extends UserError {
  readonly file: string;
  readonly line: number | undefined;

  constructor(file: string, message: string | Message, options: UserErrorOptions & { line?: number } = {}) {
    const where = `${file}${options.line !== undefined ? `:${options.line}` : ''}`;
    super(isMessage(message) ? coreMessages.say('core.inputAt', { where, message }) : `${where}: ${message}`, options);
    this.name = 'InputError';
    this.file = file;
    this.line = options.line;
  }
}

/** A failed engine call; its code comes from the failure behind it (see engineErrorCode) unless given. */
export class EngineError extends UserError {
  constructor(message: string | Message, options: UserErrorOptions = {}) {
    super(message, { code: engineErrorCode(options.cause), exitCode: ExitCode.ENGINE, ...options });
    this.name = 'EngineError';
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * An error as a message for another message's value: a UserError's own message by id; a system error (an errno
 * `code` with its call and path or address) by the id of its code, when its text is Node's own for it; else its text
 * as it is.
 */
export function messageOf(e: unknown): Message {
  if (e instanceof UserError || e instanceof SaidError) return e.text;
  return systemErrorMessage(e) ?? rawMessage(errorMessage(e));
}

type ErrnoFields = { code?: unknown; syscall?: unknown; path?: unknown; dest?: unknown; address?: unknown; port?: unknown; hostname?: unknown };
const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * Node's system error said by id: a file call ("ENOENT: no such file or directory, open '/x'") or a socket call or
 * name lookup ("connect ECONNREFUSED 127.0.0.1:2375", "getaddrinfo ENOTFOUND db"). The English is rebuilt from the
 * values and must be the error's text word for word; any other shape (a code this catalogue has no words for, a
 * message a library wrote) stays raw.
 */
function systemErrorMessage(e: unknown): Message | undefined {
  if (!(e instanceof Error)) return undefined;
  const { code, syscall, path, dest, address, port, hostname } = e as Error & ErrnoFields;
  if (!isText(code) || !isText(syscall)) return undefined;
  const said = (id: string, data: Record<string, string>): Message | undefined => {
    if (!Object.hasOwn(ERRNO, id)) return undefined;
    const m: Message = { id, en: ERRNO[id] as string, data };
    return english(m) === e.message ? m : undefined;
  };
  if (isText(path) && dest === undefined) return said(`core.errno.${code}`, { syscall, path });
  const where = isText(address) ? (typeof port === 'number' && port > 0 ? `${address}:${port}` : address) : isText(hostname) ? hostname : undefined;
  return where === undefined ? undefined : said(`core.errno.net.${code}`, { syscall, address: where });
}

const ERRNO: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(coreMessages.en).filter(([id]) => id.startsWith('core.errno.')));
