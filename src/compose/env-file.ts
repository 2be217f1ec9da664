// Parses `.env` and `env_file` files (KEY=VALUE lines) into entries with their line numbers.
import { english, type Message } from '../core/message.js';
import { composeMessages as M } from './messages.js';

export interface EnvLine {
  name: string;
  /** `undefined` for a bare `KEY` line: the value comes from the deploying shell. */
  value: string | undefined;
  line: number;
}

export class EnvFileSyntaxError extends Error {
  constructor(
    /** What is wrong with the line, by id; `message` is its English. */
    readonly text: Message,
    readonly line: number,
  ) {
    super(english(text));
    this.name = 'EnvFileSyntaxError';
  }
}

/** Strips one pair of matching quotes; double quotes understand \n, \t, \" and \\. */
function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    return v.slice(1, -1).replace(/\\([nt"\\])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
  }
  return v;
}

export function parseEnvFile(text: string): EnvLine[] {
  const out: EnvLine[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const body = trimmed.startsWith('export ') ? trimmed.slice(7).trimStart() : trimmed;
    const eq = body.indexOf('=');
    const name = (eq < 0 ? body : body.slice(0, eq)).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
      // The line is not echoed: it may be a bare secret, or KEY and value with the "=" missing.
      throw new EnvFileSyntaxError(M.say('compose.envFile.syntax'), lineNo);
    }
    if (eq < 0) {
      out.push({ name, value: undefined, line: lineNo });
      return;
    }
    let value = body.slice(eq + 1).trim();
    // An unquoted value ends at " #" (an inline comment), as docker compose reads it.
    if (!value.startsWith('"') && !value.startsWith("'")) {
      const hash = value.search(/\s#/);
      if (hash >= 0) value = value.slice(0, hash).trimEnd();
    }
    out.push({ name, value: unquote(value), line: lineNo });
  });
  return out;
}
