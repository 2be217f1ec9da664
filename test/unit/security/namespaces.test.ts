import { describe, expect, it } from 'vitest';
import { sharedHostNamespaces, sharesHostNamespace } from '../../../src/security/namespaces.js';

describe('host namespaces', () => {
  it.each([
    ['host', true],
    ['HOST', true],
    [' host', true],
    ['', false],
    ['private', false],
    ['container:abc', false],
    ['bridge', false],
    [undefined, false],
    [null, false],
  ])('%j shares the host namespace: %s', (mode, host) => {
    expect(sharesHostNamespace(mode)).toBe(host);
  });

  it('lists the shared ones in order', () => {
    expect(sharedHostNamespaces({ ipc: 'host', network: 'host', pid: '', user: 'host' })).toEqual(['network', 'ipc', 'user']);
  });
});
