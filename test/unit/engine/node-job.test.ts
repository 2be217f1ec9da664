import { describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { demuxLogs, engineSocketAccess, isPinnedReference, nodeJobService, pinFromInspect, type NodeJobSpec } from '../../../src/engine/node-job.js';
import { logFrame as frame } from '../../helpers/docker-log-frame.js';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const nodes = [
  { id: 'n1', hostname: 'a', state: 'ready' },
  { id: 'n2', hostname: 'b', state: 'ready' },
  { id: 'n3', hostname: 'c', state: 'down' },
];
/** The container part of a job's task template. */
const container = (t: Docker.TaskSpec) => (t as { ContainerSpec: { Image?: string; ReadOnly?: boolean; Mounts?: unknown[] } }).ContainerSpec;
const spec = (over: Partial<NodeJobSpec> = {}): NodeJobSpec => ({
  name: 'swarmguard-scan-abcdef',
  what: 'scan',
  askedImage: 'swarmguard/swarmguard:local',
  labels: { 'com.swarmguard.role': 'scan' },
  image: { ref: D('a'), how: 'image ID' },
  args: ['image', 'node-inventory'],
  mounts: [{ source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false }],
  env: [],
  timeoutMs: 1000,
  ...over,
});

describe('the node job service spec', () => {
  it('is a one-shot global job of the pinned image that never restarts', () => {
    const s = nodeJobService(spec(), nodes);
    const t = s.TaskTemplate!;
    expect(s.Mode).toEqual({ GlobalJob: {} });
    expect(container(t).Image).toBe(D('a'));
    expect(t.RestartPolicy).toEqual({ Condition: 'none' });
    expect(t.Placement).toBeUndefined();
    expect(t.Networks).toBeUndefined();
    expect(container(t).ReadOnly).toBeUndefined();
  });

  it('places the job on the chosen nodes only, by leaving out every other node', () => {
    const t = nodeJobService(spec({ nodeIds: ['n2'] }), nodes).TaskTemplate!;
    expect(t.Placement?.Constraints).toEqual(['node.id!=n1', 'node.id!=n3']);
  });

  it('runs with a read-only root, a bounded tmpfs, only its own internal network and only the mounts given', () => {
    const t = nodeJobService(spec({ readOnlyRoot: { tmpfs: { '/tmp': 1024 } }, noNetwork: true }), nodes).TaskTemplate!;
    expect(container(t).ReadOnly).toBe(true);
    expect(t.Networks).toEqual([{ Target: 'swarmguard-scan-abcdef-isolated' }]);
    expect(container(t).Mounts).toEqual([
      { Type: 'bind', Source: '/var/run/docker.sock', Target: '/var/run/docker.sock', ReadOnly: false },
      { Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 1024, Mode: 0o1777 } },
    ]);
  });
});

describe('pinning the job image', () => {
  it('knows a pinned reference from a tag', () => {
    expect(isPinnedReference(`a/b@${D('c')}`)).toBe(true);
    expect(isPinnedReference(D('c'))).toBe(true);
    expect(isPinnedReference('a/b:latest')).toBe(false);
    expect(isPinnedReference('a/b@sha256:abc')).toBe(false);
  });

  it('pins a malformed digest reference by the image ID instead of passing it on', () => {
    expect(pinFromInspect('a/b@sha256:zz', { Id: D('a'), RepoDigests: [] })).toEqual({ ref: D('a'), how: 'image ID' });
  });
});

describe('engine access of a node job', () => {
  it('mounts the socket, or the folder of a per-node templated socket with DOCKER_HOST', () => {
    expect(engineSocketAccess('/var/run/docker.sock')).toEqual({
      mounts: [{ source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false }],
      env: [],
    });
    expect(engineSocketAccess('/run/lab/{{.Node.Hostname}}.sock')).toEqual({
      mounts: [{ source: '/run/lab', target: '/run/lab', readOnly: false }],
      env: ['DOCKER_HOST=unix:///run/lab/{{.Node.Hostname}}.sock'],
    });
    expect(() => engineSocketAccess('/run/{{.Node.ID}}/docker.sock')).toThrow(/only the file name/);
  });
});

describe('demuxLogs', () => {
  it('keeps one stream of a multiplexed log', () => {
    const buf = Buffer.concat([frame(1, 'out1\n'), frame(2, 'err\n'), frame(1, 'out2\n')]);
    expect(demuxLogs(buf)).toBe('out1\nout2\n');
    expect(demuxLogs(buf, 2)).toBe('err\n');
  });
  it('reads an unframed (TTY) log as plain text, and a cut frame without reading past the end', () => {
    expect(demuxLogs(Buffer.from('plain text'))).toBe('plain text');
    const cut = frame(1, 'abcdef').subarray(0, 10);
    expect(demuxLogs(cut)).toBe(cut.toString('utf8'));
  });
});
