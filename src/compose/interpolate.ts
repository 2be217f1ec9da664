// Compose variable interpolation: $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+a}, ${VAR+a}, $$.
import { english, type Message } from '../core/message.js';
import { composeMessages as M } from './messages.js';

export type Lookup = (name: string) => string | undefined;

/** Why a template could not be interpolated; the loader turns it into an InputError with the position. */
export class InterpolationError extends Error {
  constructor(
    /** What went wrong, by id; `message` is its English. */
    readonly text: Message,
    readonly variable?: string,
  ) {
    super(english(text));
    this.name = 'InterpolationError';
  }
}

export interface InterpolationResult {
  value: string;
  /** Variables referenced, in order of appearance. */
  variables: string[];
  /** Variables referenced without a default that were unset (docker warns and uses ""). */
  missing: string[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Finds the `}` closing a `${` whose body starts at `from`, honouring nested `${…}` in defaults. */
function findClose(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '$' && s[i + 1] === '$') {
      i++;
      continue;
    }
    if (c === '$' && s[i + 1] === '{') {
      depth++;
      i++;
      continue;
    }
    if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

export function interpolate(template: string, lookup: Lookup): InterpolationResult {
  const variables: string[] = [];
  const missing: string[] = [];
  const value = expand(template, lookup, variables, missing, 0);
  return { value, variables, missing };
}

function expand(s: string, lookup: Lookup, variables: string[], missing: string[], depth: number): string {
  if (depth > 16) throw new InterpolationError(M.say('compose.var.tooDeep'));
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < s.length && NAME_CHAR.test(s[j] as string)) j++;
      const name = s.slice(i + 1, j);
      variables.push(name);
      const v = lookup(name);
      if (v === undefined) missing.push(name);
      out += v ?? '';
      i = j;
      continue;
    }
    if (next === '{') {
      const close = findClose(s, i + 2);
      if (close < 0) throw new InterpolationError(M.say('compose.var.unclosed', { n: i + 1, open: '"${"', close: '"}"' }));
      out += braced(s.slice(i + 2, close), i, lookup, variables, missing, depth);
      i = close + 1;
      continue;
    }
    throw new InterpolationError(M.say('compose.var.lone', { n: i + 1 }));
  }
  return out;
}

// Messages name the position, never the text: the value may be a password (`DB_PASSWORD: "hunter$2"`).
function braced(body: string, at: number, lookup: Lookup, variables: string[], missing: string[], depth: number): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (!m) throw new InterpolationError(M.say('compose.var.noName', { n: at + 1, expression: '"${…}"' }));
  const name = m[1] as string;
  const op = m[2];
  const arg = m[3] ?? '';
  variables.push(name);
  const v = lookup(name);
  const unset = v === undefined;
  const emptyOrUnset = unset || v === '';
  switch (op) {
    case undefined:
      if (unset) missing.push(name);
      return v ?? '';
    case ':-':
      return emptyOrUnset ? expand(arg, lookup, variables, missing, depth + 1) : v;
    case '-':
      return unset ? expand(arg, lookup, variables, missing, depth + 1) : v;
    case ':+':
      return emptyOrUnset ? '' : expand(arg, lookup, variables, missing, depth + 1);
    case '+':
      return unset ? '' : expand(arg, lookup, variables, missing, depth + 1);
    case ':?':
    case '?': {
      const fail = op === ':?' ? emptyOrUnset : unset;
      if (fail) {
        const why = expand(arg, lookup, variables, missing, depth + 1);
        const said = why
          ? M.say(unset ? 'compose.var.missingWhy' : 'compose.var.emptyWhy', { name, why })
          : M.say(unset ? 'compose.var.missing' : 'compose.var.empty', { name });
        throw new InterpolationError(said, name);
      }
      return v as string;
    }
    default:
      throw new InterpolationError(M.say('compose.var.format', { n: at + 1 }));
  }
}
