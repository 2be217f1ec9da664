import { describe, expect, it } from 'vitest';
import { containerdSocketInUse, flagValue, parseAuditStatus } from '../../../src/bench/host-facts.js';

describe('host facts', () => {
  it.each([
    [['dockerd', '--containerd=/run/containerd/containerd.sock'], null, '/run/containerd/containerd.sock'],
    [['dockerd', '--containerd', '/x.sock'], null, '/x.sock'],
    [['dockerd'], { containerd: '/y.sock' }, '/y.sock'],
    [['dockerd', '-H', 'fd://'], null, '/var/run/docker/containerd/containerd.sock'],
    [['dockerd', '--exec-root', '/run/lab/n1'], null, '/run/lab/n1/containerd/containerd.sock'],
    [null, { 'exec-root': '/run/e' }, '/run/e/containerd/containerd.sock'],
  ])('containerd socket of %j %j → %s', (argv, config, sock) => {
    expect(containerdSocketInUse(argv, config).path).toBe(sock);
  });

  it('reads auditctl -s', () => {
    expect(parseAuditStatus('enabled 0\nfailure 1\npid 0\nrate_limit 0\n')).toEqual({ enabled: 0, pid: 0 });
    expect(parseAuditStatus('enabled 1\nfailure 1\npid 612\n')).toEqual({ enabled: 1, pid: 612 });
    expect(parseAuditStatus('You must be root to run this program.')).toBeNull();
  });

  it('reads flags in both spellings', () => {
    expect(flagValue(['dockerd', '--data-root=/a'], 'data-root')).toBe('/a');
    expect(flagValue(['dockerd', '--data-root', '/b'], 'data-root')).toBe('/b');
    expect(flagValue(['dockerd', '--data-root-x', '/b'], 'data-root')).toBeUndefined();
    expect(flagValue(null, 'x')).toBeUndefined();
  });
});
