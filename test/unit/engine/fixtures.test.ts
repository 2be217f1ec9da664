// Every Engine API answer recorded from real engines (scripts/engines-record.sh: Engine 20.10, 26 and 28, with the
// overlay2 and the containerd image store) parses through the engine edge, and means what it should: a change of the
// models is checked against all of them without an engine.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEngineEvent } from '../../../src/autoscan/events.js';
import {
  imageIdentity,
  parseContainerInspect,
  parseContainerList,
  parseImageInspect,
  parseImageList,
  parseInfo,
  parseNetwork,
  parseNetworkList,
  parseNodeList,
  parseServiceList,
  parseSwarm,
  parseSystemDf,
  parseTaskList,
  parseVersion,
  securityOptions,
} from '../../../src/engine/models.js';

const ROOT = path.resolve('test/fixtures/engine-api');
const RECORDED = ['20.10-overlay2', '26-overlay2', '26-containerd', '28-overlay2', '28-containerd'];
const read = (dir: string, name: string): unknown => JSON.parse(readFileSync(path.join(ROOT, dir, name), 'utf8'));

describe('recorded Engine API answers', () => {
  it('cover every engine and image store', () => {
    expect(
      readdirSync(ROOT)
        .filter((d) => existsSync(path.join(ROOT, d, 'recording.json')))
        .sort(),
    ).toEqual([...RECORDED].sort());
  });

  describe.each(RECORDED)('%s', (dir) => {
    const rec = read(dir, 'recording.json') as { engine: string; store: string; api: string; serverVersion: string };
    const containerd = rec.store === 'containerd';

    it('version and info', () => {
      const v = parseVersion(read(dir, 'version.json'));
      expect(v.Version).toBe(rec.serverVersion);
      expect(v.ApiVersion).toMatch(/^1\.\d+$/);
      const info = parseInfo(read(dir, 'info.json'));
      expect(info.ServerVersion).toBe(rec.serverVersion);
      expect(info.Swarm.LocalNodeState).toBe('active');
      expect(info.Swarm.ControlAvailable).toBe(true);
      // Docker's default seccomp profile: "default" up to Engine 22, "builtin" from 23 on.
      expect(securityOptions(info).seccomp).toEqual({ profile: rec.engine === '20.10' ? 'default' : 'builtin', isDefault: true, unconfined: false });
      // The containerd store names its snapshotter as the driver (overlayfs), overlay2 its graph driver.
      expect(info.Driver).toBe(containerd ? 'overlayfs' : 'overlay2');
    });

    it('swarm, nodes, services and tasks', () => {
      expect(parseSwarm(read(dir, 'swarm.json')).ID).not.toBe('');
      const nodes = parseNodeList(read(dir, 'nodes.json'));
      expect(nodes).toHaveLength(1);
      expect(nodes[0]!.ManagerStatus?.Leader).toBe(true);
      expect(nodes[0]!.Description.Engine.EngineVersion).toBe(rec.serverVersion);
      const services = parseServiceList(read(dir, 'services.json'));
      expect(services.map((s) => s.Spec.Name)).toEqual(['sgfix-web']);
      expect(services[0]!.Spec.TaskTemplate.ContainerSpec.Image).toBe('swarmguard-test/busybox:latest');
      expect(services[0]!.ServiceStatus?.DesiredTasks).toBe(1);
      const tasks = parseTaskList(read(dir, 'tasks.json'));
      expect(tasks.some((t) => t.Status.State === 'running' && t.Status.ContainerStatus?.ContainerID)).toBe(true);
    });

    it('networks', () => {
      const nets = parseNetworkList(read(dir, 'networks.json'));
      expect(nets.find((n) => n.Name === 'ingress')?.Ingress).toBe(true);
      const net = parseNetwork(read(dir, 'network.json'));
      expect(net).toMatchObject({ Name: 'sgfix-net', Driver: 'overlay', Scope: 'swarm', Attachable: true });
    });

    it('containers', () => {
      const list = parseContainerList(read(dir, 'containers.json'));
      expect(list.map((c) => c.Names[0])).toEqual(['/sgfix-ctr']);
      const c = parseContainerInspect(read(dir, 'container.json'));
      expect(c.Name).toBe('sgfix-ctr');
      expect(c.HostConfig.CapDrop).toEqual(['ALL']);
      expect(c.HostConfig.ReadonlyRootfs).toBe(true);
      expect(c.State.Running).toBe(true);
    });

    it('images: list and inspect, each ID of the kind the engine says', () => {
      const list = parseImageList(read(dir, 'images.json'));
      const img = parseImageInspect(read(dir, 'image.json'));
      expect(img.RepoTags).toContain('swarmguard-test/busybox:latest');
      expect(img.RootFS.Layers).toHaveLength(1);
      expect(list.some((i) => i.Id === img.Id)).toBe(true);
      const id = imageIdentity(img, rec.api);
      // API 1.48+ says what the ID is; before, the engine does not say (20.10: the config digest; 26: the store's).
      if (Number(rec.api.split('.')[1]) >= 48) expect(id.kind).toBe(containerd ? 'manifest' : 'config');
      else expect(id.kind).toBe('unknown');
      if (existsSync(path.join(ROOT, dir, 'image-manifests.json'))) {
        const withManifests = imageIdentity(parseImageInspect(read(dir, 'image-manifests.json')), rec.api);
        if (containerd) expect(withManifests.platformManifests).toEqual([{ platform: 'linux/amd64', digest: img.Id, available: true }]);
        else expect(withManifests.platformManifests).toEqual([]);
      }
      if (existsSync(path.join(ROOT, dir, 'images-manifests.json'))) {
        const full = parseImageList(read(dir, 'images-manifests.json'));
        expect(full.every((i) => i.Containers >= -1)).toBe(true);
      }
    });

    it('events and disk usage', () => {
      const lines = readFileSync(path.join(ROOT, dir, 'events.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean);
      expect(lines.length).toBeGreaterThan(0);
      const events = lines.map((l) => parseEngineEvent(l));
      expect(events.every((e) => e !== undefined)).toBe(true);
      expect(events.some((e) => e!.Type === 'service' && e!.Action === 'create' && e!.Actor.Attributes.name === 'sgfix-web')).toBe(true);
      expect(events.some((e) => e!.Type === 'container' && e!.Action === 'start')).toBe(true);
      const df = parseSystemDf(read(dir, 'system-df.json'));
      expect(df.Images.length).toBeGreaterThan(0);
      expect(df.Containers.some((c) => c.Names.includes('/sgfix-ctr'))).toBe(true);
    });
  });
});

describe('securityOptions', () => {
  it('reads each option once: seccomp profile, AppArmor, SELinux, user namespaces, rootless, cgroupns', () => {
    const read = (...o: string[]) => securityOptions({ SecurityOptions: o });
    expect(read('name=seccomp,profile=unconfined').seccomp).toEqual({ profile: 'unconfined', isDefault: false, unconfined: true });
    expect(read('name=seccomp,profile=/etc/docker/seccomp.json').seccomp).toEqual({ profile: '/etc/docker/seccomp.json', isDefault: false, unconfined: false });
    expect(read('seccomp').seccomp?.isDefault).toBe(true);
    expect(read('name=apparmor', 'name=userns', 'name=rootless', 'name=cgroupns', 'name=selinux')).toMatchObject({
      apparmor: true,
      userns: true,
      rootless: true,
      cgroupns: true,
      selinux: true,
    });
    expect(read('name=apparmor').seccomp).toBeUndefined();
    expect(read('name=something,x=1').other).toEqual(['name=something,x=1']);
    expect(read()).toEqual({ apparmor: false, selinux: false, userns: false, rootless: false, cgroupns: false, other: [] });
  });
});
