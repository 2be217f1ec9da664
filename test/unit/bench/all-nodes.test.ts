import { describe, expect, it } from 'vitest';
import { engineAccess, linesByNode, matrix, pinFromInspect, repositoryOf } from '../../../src/bench/all-nodes.js';

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
});
