import os from 'node:os';
import path from 'node:path';
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

describe('facts under a host root', () => {
  it('finds the daemon binary from argv[0] when /proc/PID/exe is refused, resolving symlinks under the root', async () => {
    const { mkdtempSync: mk, mkdirSync: md, writeFileSync: wf, symlinkSync: ln } = await import('node:fs');
    const { realBinary, findAuditd } = await import('../../../src/bench/host-facts.js');
    const root = mk(path.join(os.tmpdir(), 'sg-hostroot-'));
    md(path.join(root, 'usr/sbin'), { recursive: true });
    md(path.join(root, 'usr/bin'), { recursive: true });
    md(path.join(root, 'proc/7'), { recursive: true });
    wf(path.join(root, 'usr/sbin/dockerd'), '');
    ln('/usr/sbin/dockerd', path.join(root, 'usr/bin/dockerd'));
    wf(path.join(root, 'proc/7/comm'), 'auditd\n');
    expect(await realBinary(root, 42, '/usr/bin/dockerd')).toEqual({ exe: '/usr/sbin/dockerd' });
    expect(await realBinary(root, 42, 'dockerd')).toEqual({ exe: '/usr/sbin/dockerd' });
    expect((await realBinary(root, 42, 'nodockerd')).exe).toBeNull();
    expect(await findAuditd(path.join(root, 'proc'))).toEqual({ running: true, pid: 7 });
    expect(await findAuditd(path.join(root, 'nope'))).toBeNull();
  });
});
