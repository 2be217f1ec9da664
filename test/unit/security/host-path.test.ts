import { describe, expect, it } from 'vitest';
import { isSensitiveHostMount, normalizeHostPath, sensitiveHostRoot } from '../../../src/security/host-path.js';

describe('sensitive host path', () => {
  it.each([
    ['/', '/'],
    ['/etc', '/etc'],
    ['/etc/', '/etc'],
    ['//etc/./ssl', '/etc'],
    ['/etc/docker/daemon.json', '/etc/docker'],
    ['/var/lib/docker/volumes', '/var/lib/docker'],
    ['/lib/modules/6.1.0', '/lib/modules'],
    ['/usr/local/bin', '/usr'],
    ['/proc', '/proc'],
    ['/home/jane', '/home'],
    ['/srv/data', undefined],
    ['/etcetera', undefined],
    ['/var/lib/dockerd', undefined],
    ['/var/log', undefined],
    ['', undefined],
    ['relative/etc', undefined],
  ])('%s → %s', (p, root) => {
    expect(sensitiveHostRoot(p)).toBe(root);
  });

  it.each([
    ['/etc/localtime', true, false],
    ['/etc/localtime', false, true],
    ['/etc/timezone', true, false],
    ['/etc/passwd', true, true],
    ['/data', false, false],
  ])('mount %s read-only=%s is sensitive: %s', (p, ro, sensitive) => {
    expect(isSensitiveHostMount(p, ro)).toBe(sensitive);
  });

  it('normalizes', () => {
    expect(normalizeHostPath('/a//b/../c/')).toBe('/a/c');
    expect(normalizeHostPath('///')).toBe('/');
    expect(normalizeHostPath('  ')).toBe('');
  });
});
