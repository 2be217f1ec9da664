import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dockerConfigAuth, parseChallenge, parseImageRef } from '../../../src/image/registry.js';
import { UserError } from '../../../src/core/errors.js';
import { expectOnlyUserErrors } from '../../helpers/user-errors-only.js';

describe('image references', () => {
  it('follows the docker conventions', () => {
    expect(parseImageRef('nginx')).toEqual({ registry: 'registry-1.docker.io', repository: 'library/nginx', reference: 'latest' });
    expect(parseImageRef('bitnami/redis:7.2')).toEqual({ registry: 'registry-1.docker.io', repository: 'bitnami/redis', reference: '7.2' });
    expect(parseImageRef('127.0.0.1:5000/team/web:1')).toEqual({ registry: '127.0.0.1:5000', repository: 'team/web', reference: '1' });
    expect(parseImageRef(`ghcr.io/org/app@sha256:${'a'.repeat(64)}`)).toEqual({
      registry: 'ghcr.io',
      repository: 'org/app',
      reference: `sha256:${'a'.repeat(64)}`,
    });
    expect(parseImageRef('localhost/app').registry).toBe('localhost');
  });

  it('rejects what is not a reference', () => {
    for (const bad of ['', 'UPPER/case', 'a b', 'x@sha256:zz', 'a/../b']) expect(() => parseImageRef(bad), bad).toThrow(UserError);
    expectOnlyUserErrors(fc.string(), (s) => parseImageRef(s));
  });
});

describe('authentication', () => {
  it('parses WWW-Authenticate challenges', () => {
    expect(parseChallenge('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull' },
    });
    expect(parseChallenge('Basic realm="Registry Realm"').scheme).toBe('basic');
  });

  it('reads credentials from the docker config, by registry', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-dcfg-'));
    try {
      writeFileSync(
        path.join(dir, 'config.json'),
        JSON.stringify({ auths: { '127.0.0.1:5000': { auth: 'dTpw' }, 'https://index.docker.io/v1/': { username: 'me', password: 'pw' } } }),
      );
      const env = { DOCKER_CONFIG: dir };
      expect(await dockerConfigAuth('127.0.0.1:5000', env)).toBe('dTpw');
      expect(await dockerConfigAuth('registry-1.docker.io', env)).toBe(Buffer.from('me:pw').toString('base64'));
      expect(await dockerConfigAuth('ghcr.io', env)).toBeUndefined();
      expect(await dockerConfigAuth('x', { DOCKER_CONFIG: path.join(dir, 'none') })).toBeUndefined();
      // A credential helper, speaking the docker-credential protocol (server on stdin, JSON on stdout).
      const bin = path.join(dir, 'bin');
      mkdirSync(bin);
      writeFileSync(
        path.join(bin, 'docker-credential-sgtest'),
        '#!/bin/sh\nread server\n[ "$1" = get ] && printf \'{"ServerURL":"%s","Username":"helper","Secret":"s3"}\' "$server"\n',
        { mode: 0o755 },
      );
      writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ credHelpers: { 'ghcr.io': 'sgtest' }, auths: {} }));
      expect(await dockerConfigAuth('ghcr.io', { ...env, PATH: `${bin}:${process.env.PATH}` })).toBe(Buffer.from('helper:s3').toString('base64'));
      writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ credsStore: 'sgtest' }));
      expect(await dockerConfigAuth('quay.io', { ...env, PATH: `${bin}:${process.env.PATH}` })).toBe(Buffer.from('helper:s3').toString('base64'));
      writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ credsStore: 'missing-helper' }));
      expect(await dockerConfigAuth('quay.io', env)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
