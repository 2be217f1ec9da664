import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseEndpoint } from '../../../src/engine/endpoint.js';
import { compareApiVersions, explainEngineError, negotiateApiVersion } from '../../../src/engine/connection.js';
import { EngineError, UserError } from '../../../src/core/errors.js';
import { expectOnlyUserErrors } from '../../helpers/user-errors-only.js';

describe('parseEndpoint', () => {
  it('defaults to the local unix socket', () => {
    expect(parseEndpoint({})).toEqual({ protocol: 'unix', socketPath: '/var/run/docker.sock', display: 'unix:///var/run/docker.sock' });
  });

  it('reads unix, tcp, tcp+TLS and ssh forms', () => {
    expect(parseEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toMatchObject({ protocol: 'unix', socketPath: '/run/user/1000/docker.sock' });
    expect(parseEndpoint({ DOCKER_HOST: 'tcp://127.0.0.1:2375' })).toMatchObject({ protocol: 'http', host: '127.0.0.1', port: 2375, tlsVerify: false });
    expect(parseEndpoint({ DOCKER_HOST: 'tcp://manager.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' })).toMatchObject({
      protocol: 'https',
      host: 'manager.example',
      port: 2376,
      certPath: '/certs',
    });
    expect(parseEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5', DOCKER_TLS_VERIFY: '1' })).toMatchObject({ protocol: 'https', port: 2376 });
    expect(parseEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5' })).toMatchObject({ protocol: 'http', port: 2375 });
    expect(parseEndpoint({ DOCKER_HOST: 'ssh://ops@manager1:2222' })).toMatchObject({ protocol: 'ssh', host: 'manager1', port: 2222, username: 'ops' });
    expect(parseEndpoint({ DOCKER_HOST: 'tcp://[::1]:2375' })).toMatchObject({ protocol: 'http', host: '::1' });
  });

  it('treats DOCKER_TLS_VERIFY=0 or empty as off', () => {
    expect(parseEndpoint({ DOCKER_HOST: 'tcp://h:2375', DOCKER_TLS_VERIFY: '0' })).toMatchObject({ protocol: 'http' });
    expect(parseEndpoint({ DOCKER_HOST: 'tcp://h:2375', DOCKER_TLS_VERIFY: '' })).toMatchObject({ protocol: 'http' });
  });

  it('rejects what it cannot use with a hint', () => {
    for (const bad of ['ftp://x', 'unix://relative.sock', 'tcp://', 'not a url', 'npipe:////./pipe/docker_engine']) {
      expect(() => parseEndpoint({ DOCKER_HOST: bad }), bad).toThrow(UserError);
    }
    try {
      parseEndpoint({ DOCKER_HOST: 'ftp://x' });
    } catch (e) {
      expect((e as UserError).hint).toMatch(/unix:\/\//);
    }
  });

  it('never throws anything but a UserError on arbitrary input', () => {
    expectOnlyUserErrors(fc.string(), (s) => parseEndpoint({ DOCKER_HOST: s }));
  });
});

describe('API version negotiation', () => {
  it('uses the server version capped at ours', () => {
    expect(negotiateApiVersion({ ApiVersion: '1.41' })).toBe('1.41');
    expect(negotiateApiVersion({ ApiVersion: '1.43' })).toBe('1.43');
    expect(negotiateApiVersion({ ApiVersion: '1.52' })).toBe('1.51');
  });

  it('refuses engines older than 20.10 and nonsense versions', () => {
    expect(() => negotiateApiVersion({ ApiVersion: '1.40' })).toThrow(/older than 1.41/);
    expect(() => negotiateApiVersion({ ApiVersion: 'banana' })).toThrow(EngineError);
  });

  it('compares numerically, not as strings', () => {
    expect(compareApiVersions('1.9', '1.41')).toBeLessThan(0);
    expect(compareApiVersions('1.41', '1.41')).toBe(0);
    expect(compareApiVersions('2.0', '1.99')).toBeGreaterThan(0);
  });
});

describe('explainEngineError', () => {
  const ep = parseEndpoint({});
  it('says what to do for the usual failures', () => {
    expect(explainEngineError(Object.assign(new Error('x'), { code: 'EACCES' }), ep).message).toMatch(/permission denied/);
    expect(explainEngineError(Object.assign(new Error('x'), { code: 'ENOENT' }), ep).hint).toMatch(/dockerd running/);
    expect(explainEngineError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), ep).exitCode).toBe(3);
    expect(explainEngineError(Object.assign(new Error('server error'), { statusCode: 500 }), ep).message).toMatch(/answered 500/);
  });
});
