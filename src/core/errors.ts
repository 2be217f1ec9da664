// User-facing errors: a message that says what to do, and the exit code the CLI returns.

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
  /** A bug: an error we did not expect. */
  INTERNAL: 70,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface UserErrorOptions {
  /** What the user can do about it. */
  hint?: string;
  exitCode?: number;
  cause?: unknown;
}

export class UserError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.USAGE;
  }
}

/** An input file that could not be used; names the file and, when known, the line. */
export class InputError extends UserError {
  readonly file: string;
  readonly line: number | undefined;

  constructor(file: string, message: string, options: UserErrorOptions & { line?: number } = {}) {
    super(`${file}${options.line !== undefined ? `:${options.line}` : ''}: ${message}`, options);
    this.name = 'InputError';
    this.file = file;
    this.line = options.line;
  }
}

export class EngineError extends UserError {
  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, { exitCode: ExitCode.ENGINE, ...options });
    this.name = 'EngineError';
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
