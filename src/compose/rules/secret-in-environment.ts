// Secret-looking variables with literal values in `environment:` or `env_file`: they end up readable in the service spec.
import { cis, nist } from '../../core/finding.js';
import type { Message } from '../../core/message.js';
import { secretInVariable, type SecretReason } from '../../security/secrets.js';
import { composeMessages as M } from '../messages.js';
import { defineServiceRule, docs, type ServiceOccurrence } from './rule.js';
import { secretKindSaid } from '../../security-words/messages.js';

/** The braces of the `${VAR:-…}` a literal default is said with (a template holds no braces of its own). */
const BRACES = { open: '${', close: '}' } as const;

/** A credential format a value shows, by its id: "an AWS access key id", as describeSecretReason says it. */

/** What a variable in `environment:` holds, said by the kind of secret. */
function inEnvironment(service: string, variable: string, reason: SecretReason): Message {
  const data = { service, variable };
  if (reason.kind === 'literal') return M.say('compose.rule.secretInEnvironment.literal', data);
  if (reason.kind === 'default-literal') return M.say('compose.rule.secretInEnvironment.default', { ...data, ...BRACES });
  return M.say('compose.rule.secretInEnvironment.format', { ...data, format: secretKindSaid(reason.formatId) });
}

/** What a variable of an env_file holds, said by the kind of secret. */
function inEnvFile(service: string, variable: string, file: string, reason: SecretReason): Message {
  const data = { service, variable, file };
  if (reason.kind === 'literal') return M.say('compose.rule.secretInEnvFile.literal', data);
  if (reason.kind === 'default-literal') return M.say('compose.rule.secretInEnvFile.default', { ...data, ...BRACES });
  return M.say('compose.rule.secretInEnvFile.format', { ...data, format: secretKindSaid(reason.formatId) });
}

export const secretInEnvironment = defineServiceRule(
  {
    id: 'secret-in-environment',
    title: 'Secret passed as a plaintext environment variable',
    severity: 'HIGH',
    description:
      'A variable whose name says it is a secret (PASSWORD, SECRET, TOKEN, KEY, API_KEY, CREDENTIALS…) has a literal value in ' +
      '`environment:` or in an `env_file`. Swarm stores it in the service spec: anyone who can run `docker service inspect` or ' +
      '`docker inspect` on a task reads it, and it leaks into logs and crash reports. Values taken from the deploying shell ' +
      '(`${VAR}`) are not reported here, but they land in the service spec just the same; a default written in the file ' +
      '(`${VAR:-literal}`) is reported, because the literal ships whenever VAR is unset.',
    remediation:
      'Create a Docker secret (`secrets:` at the top level with `file:` or `external: true`), give it to the service, and point ' +
      'the application at the mounted file, e.g. `DB_PASSWORD_FILE: /run/secrets/db_password`.',
    references: [
      cis('7.4'),
      cis('4.10'),
      nist('4.1.4', 'Embedded clear text secrets'),
      docs('https://docs.docker.com/engine/swarm/secrets/', 'Manage sensitive data with Docker secrets'),
    ],
  },
  function* (svc, ctx): Generator<ServiceOccurrence> {
    for (const [name, value] of Object.entries(svc.environment)) {
      // The value as written: a ${VAR} comes from the deploying environment, a ${VAR:-literal} ships the literal.
      const reason = secretInVariable(name, value, ctx.loaded.rawValue(['services', svc.name, 'environment', name]));
      if (reason === undefined) continue;
      yield {
        at: ['environment', name],
        message: inEnvironment(svc.name, name, reason),
        evidence: {
          variable: name,
          source: 'environment',
          reason: reason.kind,
          ...('valueLength' in reason ? { valueLength: reason.valueLength } : {}),
        },
      };
    }
    for (const entry of ctx.loaded.envFileEntries[svc.name] ?? []) {
      const reason = secretInVariable(entry.name, entry.value);
      if (reason === undefined) continue;
      // The inline environment overrides env_file; report the value that is actually used.
      if (Object.prototype.hasOwnProperty.call(svc.environment, entry.name)) continue;
      yield {
        at: ['env_file'],
        message: inEnvFile(svc.name, entry.name, entry.file, reason),
        evidence: { variable: entry.name, source: 'env_file', envFile: entry.file, reason: reason.kind, valueLength: entry.value.length },
        target: { kind: 'file', path: entry.file, line: entry.line, column: 1, pointer: `services.${svc.name}.env_file:${entry.name}` },
      };
    }
  },
);
