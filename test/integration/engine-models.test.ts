// Every document the real engine serves (info, version, containers, images, networks, swarm, nodes, services,
// tasks, secrets, configs) parses into the typed models, and the parsed values agree with the docker CLI.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../src/engine/api.js';
import { connectEngine, type EngineConnection } from '../../src/engine/connection.js';
import { EngineError } from '../../src/core/errors.js';
import { takeSnapshot } from '../../src/engine/snapshot.js';
import { waitForAllocatedNetwork } from './helpers/networks.js';

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
let conn: EngineConnection;

beforeAll(async () => {
  conn = await connectEngine({ env: {} });
});

describe('engine models (real engine)', () => {
  it('parses info, version and the swarm as the docker CLI reports them', async () => {
    const info = await api.readInfo(conn.docker);
    expect(info.Swarm.NodeID).toBe(docker('info', '--format', '{{.Swarm.NodeID}}'));
    expect(info.DockerRootDir).toBe(docker('info', '--format', '{{.DockerRootDir}}'));
    expect((await api.readVersion(conn.docker)).Version).toBe(docker('version', '--format', '{{.Server.Version}}'));
    expect((await api.inspectSwarm(conn.docker)).ID).toBe(docker('info', '--format', '{{.Swarm.Cluster.ID}}'));
  });

  it('parses every container, image, network, node, service, task, secret and config', async () => {
    const containers = await api.listContainers(conn.docker, { all: true });
    for (const c of containers.slice(0, 20)) {
      try {
        const inspected = await api.inspectContainer(conn.docker, c.Id);
        expect(inspected.Id).toBe(c.Id);
      } catch (e) {
        // Another test's container may be removed between the list and the inspect.
        expect(String(e)).toMatch(/404|No such container/);
      }
    }
    const images = await api.listImages(conn.docker);
    expect(images.length).toBeGreaterThan(0);
    const img = await api.inspectImage(conn.docker, images[0]!.Id);
    expect(img.Id).toBe(images[0]!.Id);
    const networks = await api.listNetworks(conn.docker);
    expect(networks.find((n) => n.Name === 'ingress')).toMatchObject({ Driver: 'overlay', Ingress: true, Scope: 'swarm' });
    const nodes = await api.listNodes(conn.docker);
    expect(nodes.map((n) => n.ID)).toContain(docker('info', '--format', '{{.Swarm.NodeID}}'));
    const services = await api.listServices(conn.docker, { status: true });
    const tasks = await api.listTasks(conn.docker);
    for (const t of tasks) expect(typeof t.Status.State).toBe('string');
    await api.listSecrets(conn.docker);
    await api.listConfigs(conn.docker);
    expect(services.every((s) => s.Version.Index > 0)).toBe(true);
  });

  it('translates a refused call into an EngineError that names the action', async () => {
    const err = await api.inspectImage(conn.docker, 'swarmguard-no-such-image:none').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).message).toMatch(/^inspecting image swarmguard-no-such-image:none: the engine .*answered 404/);
  });

  it("takes a snapshot of typed data with swarmguard's own objects left out", async () => {
    const snap = await takeSnapshot(conn, { withTop: false, include: /^sg-models-none$/ });
    expect(snap.errors).toEqual([]);
    expect(snap.swarm?.inspect.ID).toMatch(/^[a-z0-9]{25}$/);
    for (const s of snap.swarm?.services ?? []) expect(s.Spec.Labels['com.swarmguard.role']).toBeUndefined();
  });
});

describe('typed engine writes (real engine)', () => {
  const P = `sgem-${process.pid}`;
  afterAll(() => {
    for (const [kind, name] of [
      ['service', `${P}-svc`],
      ['secret', `${P}-sec`],
      ['config', `${P}-cfg`],
      ['network', `${P}-net`],
    ] as const) {
      try {
        execFileSync('docker', [kind, 'rm', name], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
  });

  it('creates and updates secrets, configs, networks and services, and returns their ids and warnings', async () => {
    const data = Buffer.from('x').toString('base64');
    const sec = await api.createSecret(conn.docker, { Name: `${P}-sec`, Labels: {}, Data: data });
    expect(docker('secret', 'inspect', '--format', '{{.ID}}', `${P}-sec`)).toBe(sec);
    const cfg = await api.createConfig(conn.docker, { Name: `${P}-cfg`, Labels: {}, Data: data });
    expect(docker('config', 'inspect', '--format', '{{.ID}}', `${P}-cfg`)).toBe(cfg);
    const net = await api.createNetwork(conn.docker, { Name: `${P}-net`, Driver: 'overlay', Options: { encrypted: '' }, Labels: {} });
    await waitForAllocatedNetwork(net);
    expect((await api.inspectNetwork(conn.docker, net)).Options).toMatchObject({ encrypted: '' });
    const spec = {
      Name: `${P}-svc`,
      Labels: {},
      TaskTemplate: { ContainerSpec: { Image: 'swarmguard-test/busybox:latest', Command: ['sleep', '60'] } },
      Mode: { Replicated: { Replicas: 0 } },
    };
    const id = await api.createService(conn.docker, spec);
    const before = await api.inspectService(conn.docker, id);
    const warnings = await api.updateService(conn.docker, id, before.Version.Index, { ...spec, Labels: { a: 'b' } });
    expect(Array.isArray(warnings)).toBe(true);
    expect((await api.inspectService(conn.docker, id)).Spec.Labels).toEqual({ a: 'b' });
    await expect(api.updateService(conn.docker, id, before.Version.Index, spec)).rejects.toThrow(
      /updating service .*: the engine .*answered 500|out of sequence/,
    );
  });
});
