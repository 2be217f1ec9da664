import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/core/errors.js';
import {
  EngineDataError,
  engineMessage,
  engineStatus,
  hasHealthcheck,
  parseContainerInspect,
  parseContainerList,
  parseInfo,
  parseNetworkList,
  parseNodeList,
  parseService,
  parseTaskList,
  translateEngineError,
} from '../../../src/engine/models.js';

describe('engine models', () => {
  it('fills the lists and maps the engine sends as null with empty ones', () => {
    const c = parseContainerInspect({
      Id: 'abc',
      Name: '/web',
      HostConfig: { CapAdd: null, Binds: null, PortBindings: null, PidsLimit: null },
      Mounts: null,
      Config: { Env: null, Labels: null },
    });
    expect(c.Name).toBe('web');
    expect(c.HostConfig.CapAdd).toEqual([]);
    expect(c.HostConfig.PortBindings).toEqual({});
    expect(c.HostConfig.PidsLimit).toBe(0);
    expect(c.Mounts).toEqual([]);
    expect(c.Config.Labels).toEqual({});
    expect(c.State.Running).toBe(false);
  });

  it('rejects a field of the wrong type, naming the object and the field', () => {
    expect(() => parseContainerInspect({ Id: 'abc', HostConfig: { Privileged: 'yes' } })).toThrow(EngineDataError);
    expect(() => parseContainerInspect({ Id: 'abc', HostConfig: { Privileged: 'yes' } })).toThrow(/a container.*HostConfig\.Privileged/);
    expect(() => parseContainerInspect({ HostConfig: {} })).toThrow(/Id/);
    expect(() => parseNodeList({ message: 'not a list' })).toThrow(/the node list.*expected a list/);
    expect(() => parseTaskList([{ ID: 't1' }, { ID: 7 }])).toThrow(/task list \[1\]/);
  });

  it('is an EngineError, so the CLI exits 3 with a hint', () => {
    try {
      parseInfo({ Swarm: { LocalNodeState: 3 } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).exitCode).toBe(3);
      expect((e as EngineError).hint).toMatch(/docker version/);
    }
  });

  it('keeps unknown keys of a service spec, so sending it back drops no setting', () => {
    const s = parseService({
      ID: 's1',
      Version: { Index: 4 },
      Spec: { Name: 'web', TaskTemplate: { ContainerSpec: { Image: 'x', StopSignal: 'SIGINT' }, LogDriver: { Name: 'gelf' } }, Mode: { Global: {} } },
    });
    expect(s.Spec.TaskTemplate.ContainerSpec.StopSignal).toBe('SIGINT');
    expect(s.Spec.TaskTemplate.LogDriver).toEqual({ Name: 'gelf' });
    expect(s.Spec.Mode).toEqual({ Global: {} });
    expect(s.Spec.EndpointSpec.Mode).toBe('vip');
    expect(s.Spec.TaskTemplate.Resources.Limits.MemoryBytes).toBe(0);
  });

  it('reads swarm info, networks and the container list with the engine defaults', () => {
    const info = parseInfo({ Swarm: { LocalNodeState: 'active', NodeID: 'n1', ControlAvailable: true, RemoteManagers: null } });
    expect(info.Swarm).toMatchObject({ LocalNodeState: 'active', NodeID: 'n1', ControlAvailable: true, RemoteManagers: [] });
    expect(parseInfo({}).Swarm.LocalNodeState).toBe('inactive');
    const [n] = parseNetworkList([{ Id: 'x', Name: 'app', Driver: 'overlay', Options: { encrypted: '' }, IPAM: null, Labels: null }]);
    expect(n).toMatchObject({ Name: 'app', Options: { encrypted: '' }, Labels: {}, Ingress: false });
    expect(parseContainerList([{ Id: 'a', Names: ['/x'], Labels: { 'com.swarmguard.role': 'probe' } }])[0]!.Labels).toEqual({ 'com.swarmguard.role': 'probe' });
  });

  it('treats a NONE health check as none', () => {
    expect(hasHealthcheck(undefined)).toBe(false);
    expect(hasHealthcheck({ Test: ['NONE'] })).toBe(false);
    expect(hasHealthcheck({ Test: ['CMD', 'true'] })).toBe(true);
  });

  it('never throws anything but EngineDataError on hostile documents', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        for (const parse of [parseContainerInspect, parseInfo, parseService]) {
          try {
            parse(v);
          } catch (e) {
            expect(e).toBeInstanceOf(EngineDataError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('translateEngineError', () => {
  it('says what to do when the socket is refused or not ours', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(translateEngineError(refused, 'listing services', 'unix:///x.sock').message).toBe(
      'listing services: cannot reach the Docker engine at unix:///x.sock (ECONNREFUSED)',
    );
    expect(translateEngineError(Object.assign(new Error('x'), { code: 'EACCES' }), 'info').hint).toMatch(/root-equivalent/);
  });

  it("uses the engine's own message and points a non-manager at a manager", () => {
    const e = Object.assign(new Error('(HTTP code 503) unexpected'), { statusCode: 503, json: { message: 'This node is not a swarm manager.' } });
    expect(engineStatus(e)).toBe(503);
    expect(engineMessage(e)).toBe('This node is not a swarm manager.');
    const t = translateEngineError(e, 'listing services');
    expect(t.message).toBe('listing services: This node is not a swarm manager.');
    expect(t.hint).toMatch(/swarm init/);
    const nf = translateEngineError(Object.assign(new Error('no'), { statusCode: 404, json: { message: 'No such image: x' } }), 'inspecting image x');
    expect(nf.message).toBe('inspecting image x: the engine answered 404: No such image: x');
  });

  it('passes an EngineError through unchanged', () => {
    const e = new EngineError('already clear');
    expect(translateEngineError(e, 'x')).toBe(e);
    expect(engineStatus('a string')).toBeUndefined();
  });
});
