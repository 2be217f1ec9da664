// Compose variable interpolation: $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+a}, ${VAR+a}, $$.

export type Lookup = (name: string) => string | undefined;

/** Why a template could not be interpolated; the loader turns it into an InputError with the position. */
export class InterpolationError extends Error {
  constructor(
    message: string,
    readonly variable?: string,
  ) {
    super(message);
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
  if (depth > 16) throw new InterpolationError('variable defaults are nested too deeply');
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
      if (close < 0) throw new InterpolationError(`invalid interpolation format at character ${i + 1}: "\${" without its "}"`);
      out += braced(s.slice(i + 2, close), i, lookup, variables, missing, depth);
      i = close + 1;
      continue;
    }
    throw new InterpolationError(`invalid interpolation format at character ${i + 1}: a lone "$" (write "$$" for a literal dollar sign)`);
  }
  return out;
}

// Messages name the position, never the text: the value may be a password (`DB_PASSWORD: "hunter$2"`).
function braced(body: string, at: number, lookup: Lookup, variables: string[], missing: string[], depth: number): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (!m) throw new InterpolationError(`invalid interpolation format at character ${at + 1}: the "\${…}" there does not start with a variable name`);
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
        throw new InterpolationError(`required variable ${name} is ${unset ? 'missing' : 'empty'}${why ? `: ${why}` : ''}`, name);
      }
      return v as string;
    }
    default:
      throw new InterpolationError(`invalid interpolation format at character ${at + 1}`);
  }
}
