// The process list read from /proc is the one the engine's `top` gives, on real running containers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { connectEngine } from '../../src/engine/connection.js';
import { localProcesses } from '../../src/engine/local-processes.js';
import { takeSnapshot } from '../../src/engine/snapshot.js';

const PREFIX = `sg-localps-${process.pid}-`;
let docker: Docker;
const ids: string[] = [];

beforeAll(async () => {
  docker = (await connectEngine()).docker;
  for (const [i, cmd] of [
    ['sleep', '3600'],
    ['sh', '-c', 'sleep 3601 & sleep 3602 & exec sleep 3603'],
  ].entries()) {
    const c = await docker.createContainer({ name: `${PREFIX}${i}`, Image: 'swarmguard-test/busybox:latest', Cmd: cmd, HostConfig: { NetworkMode: 'none' } });
    await c.start();
    ids.push(c.id);
  }
});

afterAll(async () => {
  for (const id of ids) await docker.getContainer(id).remove({ force: true });
});

describe('container processes from /proc (real engine)', () => {
  it('match `top` for each container, process for process', async () => {
    for (const id of ids) {
      const inspect = await docker.getContainer(id).inspect();
      const top = (await docker.getContainer(id).top({ ps_args: '-o pid,args' })) as { Processes: string[][] };
      const fromTop = top.Processes.map((p) => p[p.length - 1]);
      expect(fromTop.length).toBeGreaterThan(0);
      expect(localProcesses(id, inspect.State.Pid)).toEqual(fromTop);
    }
  });

  it('the snapshot reads them without calling the engine per container', async () => {
    const conn = await connectEngine();
    const withLocal = await takeSnapshot(conn, { include: new RegExp(`^${PREFIX}`) });
    const processesOf = (id: string | undefined) => withLocal.containers.find((c) => c.id === id)?.processes;
    expect(processesOf(ids[0])).toEqual(['sleep 3600']);
    expect([...(processesOf(ids[1]) ?? [])].sort()).toEqual(['sleep 3601', 'sleep 3602', 'sleep 3603']);
    // Five list calls and one inspect per container, nothing more.
    const noTop = await takeSnapshot(conn, { include: new RegExp(`^${PREFIX}`), withTop: false });
    expect(withLocal.apiCalls).toBe(noTop.apiCalls);
  });
});
