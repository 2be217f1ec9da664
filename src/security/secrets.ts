// Does a name or value look like a secret? One answer for compose lint, the swarm audit and image lint.
// Findings say *that* something looks secret and why; the value itself is never returned.

const SECRET_WORDS = new Set([
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PWD',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'KEY',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'PASSPHRASE',
  'AUTH',
  'PRIVATE',
]);
/** A last word that makes the name a setting, not a secret, even next to KEY: PUBLIC_KEY, KEY_ID, TOKEN_URL… */
const HARMLESS_LAST_WORDS = new Set([
  'PUBLIC',
  'ID',
  'PATH',
  'FILE',
  'DIR',
  'URL',
  'URI',
  'HOST',
  'PORT',
  'USER',
  'USERNAME',
  'NAME',
  'TYPE',
  'LENGTH',
  'SIZE',
  'ALGORITHM',
  'EXPIRY',
  'EXPIRES',
  'EXPIRATION',
  'TTL',
  'ENABLED',
  'ENABLE',
  'DISABLED',
  'DISABLE',
  'MODE',
  'METHOD',
  'PROVIDER',
  'TIMEOUT',
  'LEVEL',
  'ENDPOINT',
  'DOMAIN',
  'REALM',
  'ISSUER',
  'SERVER',
  'HEADER',
  'REQUIRED',
  'POLICY',
  'COUNT',
  'RETRIES',
  'PREFIX',
  'FORMAT',
  'VERSION',
  'ROTATION',
  'LOCATION',
]);
/** Shell variables whose names contain a secret word but never hold one. */
const NOT_SECRETS = new Set(['PWD', 'OLDPWD']);
/** Switch-like values are settings, not secrets (AUTH=true, PASSWORD_LOGIN=no). */
const SETTING_VALUES = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'none', 'null', 'disabled', 'enabled']);

/**
 * The kinds of secret swarmguard tells apart, by stable id: findings carry the id in their evidence (`kindId`),
 * beside the English words (`kind`), and every language says the kind from the id.
 */
export const SECRET_KIND_IDS = [
  'literal',
  'default-literal',
  'aws-access-key-id',
  'private-key',
  'github-token',
  'slack-token',
  'registry-credentials',
  'credentials-file',
] as const;
export type SecretKindId = (typeof SECRET_KIND_IDS)[number];

/** A kind of secret a value or a file has: its id, and its name in English ("AWS access key id"). */
export interface SecretShape {
  id: SecretKindId;
  kind: string;
}

/** The kinds of secret a value shows by its format alone (a credential format), whatever the name. */
export type SecretFormatId = Extract<SecretKindId, 'aws-access-key-id' | 'private-key' | 'github-token' | 'slack-token'>;

/** Credential formats recognisable by their value alone, whatever the name. */
const SECRET_VALUE_SHAPES: readonly (SecretShape & { id: SecretFormatId; re: RegExp })[] = [
  { id: 'aws-access-key-id', kind: 'AWS access key id', re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { id: 'private-key', kind: 'private key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { id: 'github-token', kind: 'GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { id: 'slack-token', kind: 'Slack token', re: /\bxox[baprs]-[A-Za-z0-9-]{10,}\b/ },
];

/** A registry login kept in the image (`.docker/config.json` with an `auth`). */
export const REGISTRY_CREDENTIALS: SecretShape = { id: 'registry-credentials', kind: 'registry credentials' };
/** A file whose name says it holds credentials (keys, .netrc, cloud credentials). */
export const CREDENTIALS_FILE: SecretShape = { id: 'credentials-file', kind: 'credentials file' };

/** SNAKE_CASE, kebab-case, dotted.names and camelCase split into upper-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Does the name say it holds a secret? `DB_PASSWORD`, `apiKey`, `SECRET_KEY_BASE` yes; `DB_PASSWORD_FILE`, `PUBLIC_KEY`, `AUTHOR` no. */
export function looksLikeSecretName(name: string): boolean {
  if (NOT_SECRETS.has(name.toUpperCase())) return false;
  const w = words(name);
  if (w.length === 0) return false;
  if (HARMLESS_LAST_WORDS.has(w[w.length - 1]!)) return false;
  if (w.includes('PUBLIC')) return false;
  if (/API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CLIENT_?SECRET/.test(w.join('_'))) return true;
  return w.some((x) => SECRET_WORDS.has(x));
}

/** The credential format a value has (an AWS key, a private key…), by id and in English, or undefined. */
export function secretValueShape(value: string): (SecretShape & { id: SecretFormatId }) | undefined {
  const s = SECRET_VALUE_SHAPES.find((x) => x.re.test(value));
  return s === undefined ? undefined : { id: s.id, kind: s.kind };
}

/** A value that is not the secret itself: empty, a switch, a path to a mounted secret, a `$VAR` reference. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v === '' || SETTING_VALUES.has(v.toLowerCase())) return true;
  if (v.startsWith('/run/secrets/') || v.startsWith('/var/run/secrets/')) return true;
  return /^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(v);
}

/**
 * The literal defaults in a compose value as written: `${VAR:-literal}` and `${VAR-literal}` ship `literal` when VAR
 * is unset. Returns each non-empty default that is not itself a reference. `$$` is an escaped dollar.
 */
export function interpolationDefaults(raw: string): string[] {
  const out: string[] = [];
  const text = raw.replace(/\$\$/g, '');
  const head = /\$\{[A-Za-z_][A-Za-z0-9_]*:?-/g;
  for (let m = head.exec(text); m !== null; m = head.exec(text)) {
    // The default runs to the matching brace: it may itself hold ${…}.
    let depth = 1;
    let i = head.lastIndex;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}') depth--;
    }
    if (depth !== 0) break;
    const d = text.slice(head.lastIndex, i - 1);
    head.lastIndex = i;
    if (!isPlaceholderValue(d)) out.push(d);
  }
  return out;
}

/** True when the value as written takes anything from the deploying environment (`$VAR`, `${VAR…}`). */
export const isInterpolated = (raw: string): boolean => /\$\{?[A-Za-z_]/.test(raw.replace(/\$\$/g, ''));

/** Why a variable is reported; never the value. */
export type SecretReason =
  /** A secret-looking name with a literal value. */
  | { kind: 'literal'; valueLength: number }
  /** A value in a known credential format, whatever the name: `format` in English, `formatId` its id. */
  | { kind: 'credential-format'; format: string; formatId: SecretFormatId }
  /** A secret-looking name whose `${VAR:-literal}` default ships a literal when VAR is unset. */
  | { kind: 'default-literal'; valueLength: number };

/**
 * Does this variable carry a secret in plaintext? `value` is what the container gets; `raw` (compose only) is the
 * value as written in the file, before interpolation. A value taken from the deploying shell is not reported,
 * unless its default is a literal the file itself ships.
 */
export function secretInVariable(name: string, value: string | null | undefined, raw?: string): SecretReason | undefined {
  if (raw !== undefined && isInterpolated(raw)) {
    const shape = secretValueShape(raw);
    if (shape !== undefined) return { kind: 'credential-format', format: shape.kind, formatId: shape.id };
    if (!looksLikeSecretName(name)) return undefined;
    const defaults = interpolationDefaults(raw);
    return defaults.length > 0 ? { kind: 'default-literal', valueLength: defaults.reduce((n, d) => n + d.length, 0) } : undefined;
  }
  if (value === null || value === undefined) return undefined;
  const shape = secretValueShape(value);
  if (shape !== undefined) return { kind: 'credential-format', format: shape.kind, formatId: shape.id };
  if (looksLikeSecretName(name) && !isPlaceholderValue(value)) return { kind: 'literal', valueLength: value.length };
  return undefined;
}

/** A short phrase for messages: "a literal value", "a GitHub token", "a literal default (${VAR:-…})". */
export function describeSecretReason(r: SecretReason): string {
  switch (r.kind) {
    case 'literal':
      return 'a literal value';
    case 'credential-format':
      return `${/^[AEIOU]/.test(r.format) ? 'an' : 'a'} ${r.format}`;
    case 'default-literal':
      return 'a literal default (${VAR:-…}) used when the variable is unset';
  }
}

/** The id of the kind of secret a reason names (what findings carry as evidence `kindId`). */
export function secretKindOf(r: SecretReason): SecretKindId {
  return r.kind === 'credential-format' ? r.formatId : r.kind;
}

/** "NAME=value" entries (engine and image Env, labels as k=v) that carry a secret, by name. */
export function secretsInEnv(entries: readonly string[]): { name: string; reason: SecretReason }[] {
  const out: { name: string; reason: SecretReason }[] = [];
  for (const e of entries) {
    const eq = e.indexOf('=');
    const name = eq >= 0 ? e.slice(0, eq) : e;
    const reason = secretInVariable(name, eq >= 0 ? e.slice(eq + 1) : null);
    if (reason) out.push({ name, reason });
  }
  return out;
}
