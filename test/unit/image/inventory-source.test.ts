// Where an image the engine lacks is read from: a reference that names a registry other than Docker Hub is read from
// it, as the reference type reads the name (docker.io/library/nginx is nginx, read from Hub only when asked).
import { describe, expect, it } from 'vitest';
import { namesItsRegistry } from '../../../src/image/inventory.js';

describe('an image the engine lacks', () => {
  it('is read from the registry its name gives', () => {
    for (const ref of [
      'registry.example.com/team/app:1',
      'localhost:5000/app',
      '127.0.0.1:5000/x/y:1',
      '[::1]:5000/web:1',
      `ghcr.io/org/app@sha256:${'a'.repeat(64)}`,
    ])
      expect(namesItsRegistry(ref), ref).toBe(true);
  });
  it('is not read from Docker Hub unless asked, however the Hub name is spelled; a name that does not parse names no registry', () => {
    for (const ref of [
      'nginx',
      'nginx:1.27',
      'bitnami/redis:7',
      'docker.io/library/nginx',
      'index.docker.io/library/nginx:1',
      'registry-1.docker.io/x/y',
      'Team/web',
      'a/b:c:d',
      '',
    ])
      expect(namesItsRegistry(ref), ref).toBe(false);
  });
});
