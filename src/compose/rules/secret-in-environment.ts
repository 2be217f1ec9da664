// Secret-looking variables with literal values in `environment:` or `env_file`: they end up readable in the service spec.
import { cis, nist } from '../../core/finding.js';
import type { Finding } from '../../core/finding.js';
import { defineRule, docs, report, services } from './rule.js';

const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PWD', 'SECRET', 'SECRETS', 'TOKEN', 'KEY', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PASSPHRASE', 'AUTH', 'PRIVATE']);
/** Words that make a name not secret even next to KEY: PUBLIC_KEY, KEY_ID… */
const HARMLESS_WORDS = new Set([
  'PUBLIC', 'ID', 'PATH', 'FILE', 'DIR', 'URL', 'URI', 'HOST', 'PORT', 'USER', 'USERNAME', 'NAME', 'TYPE', 'LENGTH', 'SIZE',
  'ALGORITHM', 'EXPIRY', 'EXPIRES', 'EXPIRATION', 'TTL', 'ENABLED', 'ENABLE', 'DISABLED', 'DISABLE', 'MODE', 'METHOD',
  'PROVIDER', 'TIMEOUT', 'LEVEL', 'ENDPOINT', 'DOMAIN', 'REALM', 'ISSUER', 'SERVER', 'HEADER', 'REQUIRED', 'POLICY', 'COUNT',
  'RETRIES', 'PREFIX', 'FORMAT', 'VERSION', 'ROTATION', 'LOCATION',
]);
/** Shell variables whose names contain a secret word but never hold one. */
const NOT_SECRETS = new Set(['PWD', 'OLDPWD']);
/** Switch-like values are settings, not secrets (AUTH=true, PASSWORD_LOGIN=no). */
const SETTING_VALUES = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'none', 'null', 'disabled', 'enabled']);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Does the variable name say it holds a secret? `DB_PASSWORD`, `apiKey`, `SECRET_KEY_BASE` yes; `DB_PASSWORD_FILE`, `PUBLIC_KEY` no. */
export function looksLikeSecretName(name: string): boolean {
  if (NOT_SECRETS.has(name.toUpperCase())) return false;
  const w = words(name);
  if (w.length === 0) return false;
  const last = w[w.length - 1] as string;
  if (HARMLESS_WORDS.has(last)) return false;
  if (w.includes('PUBLIC')) return false;
  if (/API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CLIENT_?SECRET/.test(w.join('_'))) return true;
  return w.some((x) => SECRET_WORDS.has(x));
}

/** A value that is not the secret itself: empty, a path to a mounted secret, a reference. */
function isHarmlessValue(value: string): boolean {
  const v = value.trim();
  if (v === '' || SETTING_VALUES.has(v.toLowerCase())) return true;
  if (v.startsWith('/run/secrets/') || v.startsWith('/var/run/secrets/')) return true;
  return false;
}

export const secretInEnvironment = defineRule(
  {
    id: 'secret-in-environment',
    title: 'Secret passed as a plaintext environment variable',
    severity: 'HIGH',
    description:
      'A variable whose name says it is a secret (PASSWORD, SECRET, TOKEN, KEY, API_KEY, CREDENTIALS…) has a literal value in ' +
      '`environment:` or in an `env_file`. Swarm stores it in the service spec: anyone who can run `docker service inspect` or ' +
      '`docker inspect` on a task reads it, and it leaks into logs and crash reports. Values taken from the deploying shell ' +
      '(`${VAR}`) are not reported here, but they land in the service spec just the same.',
    remediation:
      'Create a Docker secret (`secrets:` at the top level with `file:` or `external: true`), give it to the service, and point ' +
      'the application at the mounted file, e.g. `DB_PASSWORD_FILE: /run/secrets/db_password`.',
    references: [
      cis('7.4', "Ensure that Docker's secret management commands are used for managing secrets in a swarm cluster"),
      cis('4.10', 'Ensure secrets are not stored in Dockerfiles'),
      nist('4.1.4', 'Embedded clear text secrets'),
      docs('https://docs.docker.com/engine/swarm/secrets/', 'Manage sensitive data with Docker secrets'),
    ],
  },
  (ctx) => {
    const out: Finding[] = [];
    const meta = secretInEnvironment.meta;
    for (const svc of services(ctx)) {
      for (const [name, value] of Object.entries(svc.environment)) {
        if (value === null || !looksLikeSecretName(name) || isHarmlessValue(value)) continue;
        const path = ['services', svc.name, 'environment', name];
        // A value written as ${VAR} comes from the deploying environment, not from this file.
        const raw = ctx.loaded.rawValue(path);
        if (raw !== undefined && /\$\{?[A-Za-z_]/.test(raw.replace(/\$\$/g, ''))) continue;
        out.push(
          report(meta, ctx, path, `service "${svc.name}": ${name} holds a literal secret in environment (value not shown)`, {
            evidence: { service: svc.name, variable: name, source: 'environment', valueLength: value.length },
          }),
        );
      }
      for (const entry of ctx.loaded.envFileEntries[svc.name] ?? []) {
        if (!looksLikeSecretName(entry.name) || isHarmlessValue(entry.value)) continue;
        // The inline environment overrides env_file; report the value that is actually used.
        if (Object.prototype.hasOwnProperty.call(svc.environment, entry.name)) continue;
        out.push(
          report(meta, ctx, ['services', svc.name, 'env_file'], `service "${svc.name}": ${entry.name} holds a literal secret in env_file ${entry.file} (value not shown)`, {
            evidence: { service: svc.name, variable: entry.name, source: 'env_file', envFile: entry.file, valueLength: entry.value.length },
            target: { kind: 'file', path: entry.file, line: entry.line, column: 1, pointer: `services.${svc.name}.env_file:${entry.name}` },
          }),
        );
      }
    }
    return out;
  },
);
