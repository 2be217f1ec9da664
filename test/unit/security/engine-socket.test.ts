import { describe, expect, it } from 'vitest';
import { engineSocketExposedBy, exposesEngineSocket } from '../../../src/security/engine-socket.js';

describe('engine socket', () => {
  it.each([
    ['/var/run/docker.sock', 'the Docker socket'],
    ['/run/docker.sock', 'the Docker socket'],
    ['/var/run/docker.sock/', 'the Docker socket'],
    ['/run', 'the Docker socket (/run/docker.sock)'],
    ['/var/run', 'the Docker socket (/var/run/docker.sock)'],
    ['/var/run/', 'the Docker socket (/var/run/docker.sock)'],
    ['/run/containerd', 'the containerd socket'],
    ['/run/containerd/containerd.sock', 'the containerd socket'],
    ['/run/docker/containerd/containerd.sock', "dockerd's containerd socket"],
    ['/run/docker', "dockerd's containerd socket"],
    ['/home/u/.docker/run/docker.sock', 'a Docker socket'],
    ['/srv/docker.sock.bak', undefined],
    ['/run/user/1000', undefined],
    ['/var/run/secrets', undefined],
    ['', undefined],
  ])('%s → %s', (p, what) => {
    expect(engineSocketExposedBy(p)).toBe(what);
    expect(exposesEngineSocket(p)).toBe(what !== undefined);
  });
});
