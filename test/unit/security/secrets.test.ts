import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeSecretReason, interpolationDefaults, looksLikeSecretName, secretInVariable, secretsInEnv } from '../../../src/security/secrets.js';

describe('secret-looking names', () => {
  it.each([
    ['DB_PASSWORD', true],
    ['apiKey', true],
    ['SECRET_KEY_BASE', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['GITHUB_TOKEN', true],
    ['client-secret', true],
    ['AUTH', true],
    ['DB_PASSWORD_FILE', false],
    ['PUBLIC_KEY', false],
    ['KEY_ID', false],
    ['TOKEN_URL', false],
    ['AUTHOR', false],
    ['PWD', false],
    ['MONKEY', false],
    ['', false],
  ])('%s → %s', (name, secret) => {
    expect(looksLikeSecretName(name)).toBe(secret);
  });
});

describe('secret in a variable', () => {
  const AWS = 'AKIA' + 'ABCDEFGHIJKLMNOP';
  it.each([
    ['DB_PASSWORD', 'hunter2', undefined, 'literal'],
    ['DB_PASSWORD', '', undefined, undefined],
    ['DB_PASSWORD', '/run/secrets/db', undefined, undefined],
    ['AUTH', 'true', undefined, undefined],
    ['AUTHOR', 'jane', undefined, undefined],
    ['NOTE', AWS, undefined, 'credential-format'],
    ['DB_PASSWORD', null, undefined, undefined],
    // As written in a compose file: from the deploying shell, or a literal default that ships when unset.
    ['DB_PASSWORD', 'x', '${DB_PASSWORD}', undefined],
    ['DB_PASSWORD', 'x', '${DB_PASSWORD:?set it}', undefined],
    ['DB_PASSWORD', 'changeme', '${DB_PASSWORD:-changeme}', 'default-literal'],
    ['DB_PASSWORD', 'changeme', '${DB_PASSWORD-changeme}', 'default-literal'],
    ['DB_PASSWORD', '', '${DB_PASSWORD:-}', undefined],
    ['DB_PASSWORD', '', '${DB_PASSWORD:-${OTHER}}', undefined],
    ['LOG_LEVEL', 'info', '${LOG_LEVEL:-info}', undefined],
    ['DB_PASSWORD', 'a$b', 'a$$b', 'literal'],
  ] as const)('%s=%j (written %j) → %s', (name, value, raw, kind) => {
    expect(secretInVariable(name, value, raw)?.kind).toBe(kind);
  });

  it('finds the literal defaults of a value as written', () => {
    expect(interpolationDefaults('${A:-x}/${B-y}/${C}/$${D:-z}')).toEqual(['x', 'y']);
  });

  it('never puts the value in what it returns or says', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 6 }).filter((s) => /^[A-Za-z0-9]+$/.test(s)),
        (secret) => {
          for (const r of [secretInVariable('DB_PASSWORD', secret), secretInVariable('DB_PASSWORD', secret, `\${DB_PASSWORD:-${secret}}`)]) {
            expect(r).toBeDefined();
            expect(JSON.stringify(r)).not.toContain(secret);
            expect(describeSecretReason(r!)).not.toContain(secret);
          }
        },
      ),
    );
  });

  it('reads NAME=value lists (engine and image Env)', () => {
    expect(secretsInEnv(['PATH=/usr/bin', 'API_TOKEN=abc123', 'AUTHOR=jane', 'EMPTY', 'DB_PASSWORD_FILE=/run/secrets/db']).map((s) => s.name)).toEqual([
      'API_TOKEN',
    ]);
  });
});
