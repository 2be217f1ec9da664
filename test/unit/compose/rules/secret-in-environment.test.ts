import { expect, it } from 'vitest';
import { looksLikeSecretName } from '../../../../src/security/secrets.js';
import { lines } from '../helpers.js';
import { describeRule } from './rule-test.js';

describeRule('secret-in-environment', (lint) => {
  it('classifies names', () => {
    for (const n of [
      'DB_PASSWORD',
      'PASSWD',
      'API_KEY',
      'apiKey',
      'SECRET_KEY_BASE',
      'GITHUB_TOKEN',
      'AWS_SECRET_ACCESS_KEY',
      'CREDENTIALS',
      'MYSQL_ROOT_PASSWORD',
    ]) {
      expect(looksLikeSecretName(n), n).toBe(true);
    }
    for (const n of [
      'DB_PASSWORD_FILE',
      'PUBLIC_KEY',
      'KEY_ID',
      'USERNAME',
      'PATH',
      'TZ',
      'LOG_LEVEL',
      'KEYBOARD',
      'PWD',
      'AUTH_ENABLED',
      'TOKEN_TTL',
      'CACHE_KEY_PREFIX',
    ]) {
      expect(looksLikeSecretName(n), n).toBe(false);
    }
  });

  it('reports literal values in map and list environment, never printing them', async () => {
    const f = await lint(`services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: hunter2-very-secret
  api:
    image: api:1
    environment:
      - API_KEY=sk-live-abcdef123456
      - LOG_LEVEL=debug
`);
    expect(lines(f)).toEqual([5, 9]);
    const text = JSON.stringify(f);
    expect(text).not.toContain('hunter2-very-secret');
    expect(text).not.toContain('sk-live-abcdef123456');
    expect(f[0]?.evidence?.variable).toBe('POSTGRES_PASSWORD');
  });

  it('does not report _FILE paths, empty values, /run/secrets paths or ${VAR} references', async () => {
    const f = await lint(`services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db
      DB_PASSWORD: ""
      TOKEN: /run/secrets/token
      API_KEY: \${API_KEY}
      SECRET: \${SECRET:-}
      PASSWORD:
      AUTH: "true"
      PASSWORD_LOGIN: "no"
`);
    expect(f).toEqual([]);
  });

  it('still reports $$-escaped literals (no variable involved)', async () => {
    const f = await lint('services:\n  a:\n    image: a:1\n    environment:\n      PASSWORD: "pa$$word"\n');
    expect(lines(f)).toEqual([5]);
  });

  it('reports secrets from env_file at the env file line, without the value', async () => {
    const f = await lint('services:\n  db:\n    image: postgres:16\n    env_file: db.env\n', {
      'db.env': '# database\nPOSTGRES_USER=app\nPOSTGRES_PASSWORD=topsecret-value\n',
    });
    expect(f).toHaveLength(1);
    expect(f[0]?.target).toMatchObject({ kind: 'file', path: 'db.env', line: 3 });
    expect(JSON.stringify(f)).not.toContain('topsecret-value');
  });

  it('lets inline environment override env_file', async () => {
    const f = await lint(
      'services:\n  db:\n    image: postgres:16\n    env_file: db.env\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/x\n      POSTGRES_PASSWORD: ""\n',
      {
        'db.env': 'POSTGRES_PASSWORD=topsecret\n',
      },
    );
    expect(f).toEqual([]);
  });
});
