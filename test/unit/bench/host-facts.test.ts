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
    expect(findAuditd(path.join(root, 'proc'))).toEqual({ running: true, pid: 7 });
    expect(findAuditd(path.join(root, 'nope'))).toBeNull();
    expect(findAuditd(path.join(root, 'proc'), new Map([[3, 'sshd']]))).toEqual({ running: false });
  });
});

describe('collectHostFacts reads the process table once and waits for the data root only where it matters', () => {
  /** A host root with two daemons (the host's and a lab node's), auditd, and a swarm state under each data root. */
  async function twoDaemons(): Promise<string> {
    const { mkdtempSync: mk, mkdirSync: md, writeFileSync: wf, symlinkSync: ln } = await import('node:fs');
    const root = mk(path.join(os.tmpdir(), 'sg-hostfacts-'));
    const proc = (pid: number, comm: string, argv: string[], sockets: number[] = []) => {
      md(path.join(root, 'proc', String(pid), 'fd'), { recursive: true });
      wf(path.join(root, 'proc', String(pid), 'comm'), `${comm}\n`);
      wf(path.join(root, 'proc', String(pid), 'cmdline'), `${argv.join('\0')}\0`);
      sockets.forEach((inode, fd) => ln(`socket:[${inode}]`, path.join(root, 'proc', String(pid), 'fd', String(fd + 3))));
      ln('/dev/null', path.join(root, 'proc', String(pid), 'fd', '0'));
    };
    // One socket listening on 127.0.0.1:2375 (inode 9001), one established (inode 9002, state 01), in the network
    // namespace both daemons run in (each daemon's own /proc/PID/net).
    for (const pid of [40, 41]) {
      md(path.join(root, 'proc', String(pid), 'net'), { recursive: true });
      wf(
        path.join(root, 'proc', String(pid), 'net/tcp'),
        [
          '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
          '   0: 0100007F:0947 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 9001 1 0 100 0 0 10 0',
          '   1: 0100007F:0948 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 9002 1 0 20 4 30 10 -1',
          '',
        ].join('\n'),
      );
    }
    proc(40, 'dockerd', ['/usr/bin/dockerd', '--data-root', '/lab/n1', '--config-file=/etc/lab/n1.json'], [9002]);
    proc(41, 'dockerd', ['/usr/sbin/dockerd', '-H', 'tcp://127.0.0.1:2375'], [9001, 9002]);
    proc(50, 'auditd', ['/sbin/auditd']);
    md(path.join(root, 'etc/lab'), { recursive: true });
    wf(path.join(root, 'etc/lab/n1.json'), '{"icc": false}');
    for (const [dataRoot, addr] of [
      ['lab/n1', '10.0.0.1'],
      ['var/lib/docker', '10.0.0.2'],
    ] as const) {
      md(path.join(root, dataRoot, 'swarm'), { recursive: true });
      wf(path.join(root, dataRoot, 'swarm/docker-state.json'), JSON.stringify({ AdvertiseAddr: addr, DataPathAddr: '', ListenAddr: '0.0.0.0:2377' }));
    }
    return root;
  }
  const noAuditctl: import('../../../src/bench/host-facts.js').HostCommand = () =>
    Promise.reject(Object.assign(new Error('spawn auditctl ENOENT'), { code: 'ENOENT' }));

  it('takes the daemon serving the data root, with its TCP listeners, config and swarm state', async () => {
    const { collectHostFacts } = await import('../../../src/bench/host-facts.js');
    const root = await twoDaemons();
    let answer: (d: string) => void = () => undefined;
    const dataRoot = new Promise<string>((r) => (answer = r));
    const facts = collectHostFacts({ root, dataRoot, hostCommand: noAuditctl });
    answer('/lab/n1');
    const lab = await facts;
    expect(lab.daemon).toMatchObject({ pid: 40, argv: ['/usr/bin/dockerd', '--data-root', '/lab/n1', '--config-file=/etc/lab/n1.json'], listeners: [] });
    expect(lab.daemon.config).toEqual({ icc: false });
    expect(lab.swarmState?.advertiseAddr).toBe('10.0.0.1');
    expect(lab.audit.auditd).toEqual({ running: true, pid: 50 });
    expect(lab.audit.loadedError).toBe('auditctl is not installed on the host');

    const host = await collectHostFacts({ root, dataRoot: Promise.resolve(undefined), hostCommand: noAuditctl });
    expect(host.daemon).toMatchObject({ pid: 41, listeners: [{ address: '127.0.0.1', port: 2375 }] });
    expect(host.daemon.config).toBeNull();
    expect(host.swarmState?.advertiseAddr).toBe('10.0.0.2');
  });

  it('the same facts whether the data root is a value or a promise', async () => {
    const { collectHostFacts } = await import('../../../src/bench/host-facts.js');
    const root = await twoDaemons();
    const plain = await collectHostFacts({ root, dataRoot: '/lab/n1', hostCommand: noAuditctl });
    const promised = await collectHostFacts({ root, dataRoot: Promise.resolve('/lab/n1'), hostCommand: noAuditctl });
    expect(JSON.stringify(promised)).toBe(JSON.stringify(plain));
  });

  it("fails with the data root's error (the engine could not be read) and leaves nothing pending", async () => {
    const { collectHostFacts } = await import('../../../src/bench/host-facts.js');
    const root = await twoDaemons();
    await expect(collectHostFacts({ root, dataRoot: Promise.reject(new Error('engine gone')), hostCommand: noAuditctl })).rejects.toThrow('engine gone');
  });
});
