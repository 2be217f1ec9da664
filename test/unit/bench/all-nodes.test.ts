import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { HOST_MOUNTS, engineAccess, linesByNode, matrix, outcomeLine, pinFromInspect, readCapped, repositoryOf } from '../../../src/bench/all-nodes.js';
import { isRunPath, parseHostStat } from '../../../src/bench/host-facts.js';

const D = (c: string) => `sha256:${c.repeat(64)}`;

describe('pinning the benchmark image (bench --all-nodes)', () => {
  it('takes the registry digest of the same repository', () => {
    expect(
      pinFromInspect('registry.example.com:5000/sec/swarmguard:1.2', {
        Id: D('a'),
        RepoDigests: [`other/repo@${D('b')}`, `registry.example.com:5000/sec/swarmguard@${D('c')}`],
      }),
    ).toEqual({
      ref: `registry.example.com:5000/sec/swarmguard@${D('c')}`,
      how: 'registry digest',
    });
  });

  it('keeps a reference already pinned by digest', () => {
    expect(pinFromInspect(`sec/swarmguard@${D('c')}`, { Id: D('a'), RepoDigests: [`sec/swarmguard@${D('c')}`] }).ref).toBe(`sec/swarmguard@${D('c')}`);
  });

  it('falls back to the image ID for a local build (no registry digest), never to the tag', () => {
    expect(pinFromInspect('swarmguard/swarmguard:local', { Id: D('a'), RepoDigests: [] })).toEqual({ ref: D('a'), how: 'image ID' });
    // A digest of another repository does not count: the tag could point elsewhere there.
    expect(pinFromInspect('swarmguard/swarmguard:local', { Id: D('a'), RepoDigests: [`evil/swarmguard@${D('b')}`] }).ref).toBe(D('a'));
    expect(() => pinFromInspect('x', { Id: 'not-an-id' })).toThrow(/no image ID/);
  });

  it('repositoryOf drops tag and digest but keeps a registry port', () => {
    expect(repositoryOf('registry:5000/a/b:1')).toBe('registry:5000/a/b');
    expect(repositoryOf(`a/b@${D('c')}`)).toBe('a/b');
    expect(repositoryOf('registry:5000/a/b')).toBe('registry:5000/a/b');
  });
});

describe('the job spec', () => {
  it('mounts host paths read-only, except those a fix must write', () => {
    const ro = engineAccess('/var/run/docker.sock');
    expect(ro.Mounts.find((m) => m.Source === '/etc')).toMatchObject({ Target: '/host/etc', ReadOnly: true });
    const rw = engineAccess('/var/run/docker.sock', ['/etc']);
    expect(rw.Mounts.find((m) => m.Source === '/etc')?.ReadOnly).toBe(false);
    expect(rw.Mounts.find((m) => m.Source === '/var/lib')?.ReadOnly).toBe(true);
    expect(engineAccess('/run/lab/{{.Node.Hostname}}.sock').Env).toEqual(['DOCKER_HOST=unix:///run/lab/{{.Node.Hostname}}.sock']);
    expect(() => engineAccess('/run/{{.Node.Hostname}}/docker.sock')).toThrow(/only the file name/);
  });

  it('groups log lines by node and builds the check × node matrix', () => {
    const byNode = linesByNode(
      'com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s {"a":\ncom.docker.swarm.node.id=n1,x=y 1}\ncom.docker.swarm.node.id=n2 {}\nnoise\n',
    );
    expect(byNode.get('n1')).toBe('{"a":\n1}\n');
    const m = matrix([
      { nodeId: 'n1', hostname: 'a', log: { score: 3, tests: [{ results: [{ id: '1.1.1', result: 'PASS' }] }] } },
      { nodeId: 'n2', hostname: 'b', log: { score: 1, tests: [{ results: [{ id: '1.1.1', result: 'WARN' }] }] } },
    ]);
    expect(m.header).toEqual(['CHECK', 'a', 'b']);
    expect(m.rows).toEqual([
      ['1.1.1', 'PASS', 'WARN'],
      ['SCORE', '3', '1'],
    ]);
  });

  it("mounts no part of /run: the engine's run-time files are read on the host, wherever its exec root is", () => {
    expect(HOST_MOUNTS.map((m) => m.source).filter(isRunPath)).toEqual([]);
    expect(HOST_MOUNTS.every((m) => m.readOnly && m.target === `/host${m.source}`)).toBe(true);
    expect(isRunPath('/var/run/docker/containerd/containerd.sock')).toBe(true);
    expect(isRunPath('/run/containerd')).toBe(true);
    expect(isRunPath('/runner/x')).toBe(false);
    expect(isRunPath('/etc/docker')).toBe(false);
  });

  it('reads the host stat lines: raw mode, owner, group, name; a path not printed is absent', () => {
    const facts = parseHostStat(
      ['c1b0 0 0 /var/run/docker/containerd/containerd.sock', '41ed 0 0 /run/containerd', 'garbage line', '81a4 0 999 /run/a b'].join('\n'),
      ['/var/run/docker/containerd/containerd.sock', '/run/containerd', '/run/a b', '/run/none'],
    );
    expect(facts).toEqual([
      { path: '/var/run/docker/containerd/containerd.sock', exists: true, mode: 0o660, uid: 0, gid: 0, isDirectory: false, isSocket: true },
      { path: '/run/containerd', exists: true, mode: 0o755, uid: 0, gid: 0, isDirectory: true, isSocket: false },
      { path: '/run/a b', exists: true, mode: 0o644, uid: 0, gid: 999, isDirectory: false, isSocket: false },
      { path: '/run/none', exists: false },
    ]);
  });

  it('reads the job log in chunks up to a cap, and says when it cut it', async () => {
    const chunks = () => Readable.from(Array.from({ length: 100 }, () => Buffer.alloc(1000, 0x61)));
    expect(await readCapped(chunks(), 1 << 20)).toMatchObject({ truncated: false });
    const cut = await readCapped(chunks(), 2500);
    expect(cut.truncated).toBe(true);
    expect(cut.data.length).toBe(2500);
  });

  it('prints node strings with their control characters made visible', () => {
    const evil = 'node\x1b]0;owned\x07\x1b[2J';
    expect(outcomeLine({ hostname: evil, error: 'task failed\x1b[1A' })).toBe('node\\u001b]0;owned\\u0007\\u001b[2J: task failed\\u001b[1A');
    const m = matrix([{ nodeId: 'n1', hostname: evil, log: { score: 1, tests: [{ results: [{ id: '1.1\x1b[31m', result: 'PASS\x1b[2K' }] }] } }]);
    expect(JSON.stringify(m)).not.toContain('\x1b');
    expect(m.header[1]).toBe('node\\u001b]0;owned\\u0007\\u001b[2J');
  });
});
