// dockerode's BuildKit session and docker-modem's SSH agent load on first use, and then behave as the real modules.
import { Agent } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import DockerClient, { deferModule, deferredModules } from '../../../src/engine/dockerode.js';

const require = createRequire(import.meta.url);

/** A CommonJS module that counts its loads in a global and exports a function of `this` and its arguments. */
function countingModule(): { file: string; loads: () => number | undefined } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sg-defer-')), 'mod.js');
  const key = `sgDefer${path.basename(path.dirname(file)).replace(/\W/g, '')}`;
  writeFileSync(file, `globalThis.${key} = (globalThis.${key} ?? 0) + 1;\nmodule.exports = function (a, b) { return [this && this.tag, a + b]; };\n`);
  return { file, loads: () => (globalThis as Record<string, unknown>)[key] as number | undefined };
}

describe('deferModule', () => {
  it('loads the module on the first call, once, and passes this and the arguments through', () => {
    const m = countingModule();
    expect(deferModule(m.file)).toBe(true);
    const fn = require(m.file) as (this: unknown, a: number, b: number) => [unknown, number];
    expect(m.loads()).toBeUndefined();
    expect(fn.call({ tag: 't' }, 1, 2)).toEqual(['t', 3]);
    expect(fn(2, 3)).toEqual([undefined, 5]);
    expect(m.loads()).toBe(1);
    // The real module is in the cache now: a later require gets it, not the stand-in.
    expect((require(m.file) as { name: string }).name).not.toBe('deferred');
    expect(m.loads()).toBe(1);
  });

  it('leaves a module that is loaded already, or absent, to the ordinary loader', () => {
    const m = countingModule();
    require(m.file);
    expect(deferModule(m.file)).toBe(false);
    expect(deferModule(path.join(tmpdir(), 'sg-no-such-module.js'))).toBe(false);
  });

  it('says what is wrong when the deferred module does not export a function', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sg-defer-')), 'obj.js');
    writeFileSync(file, 'module.exports = { x: 1 };\n');
    deferModule(file);
    expect(() => (require(file) as () => unknown)()).toThrow('does not export a function');
  });
});

describe("dockerode's deferred modules", () => {
  it('are its BuildKit session and docker-modem’s SSH agent, both present in this dockerode', () => {
    const files = deferredModules();
    expect(files.map((f) => path.basename(f))).toEqual(['session.js', 'ssh.js']);
    for (const f of files) expect(require.resolve(f)).toBe(f);
  });

  it('the SSH agent, first called, is the real one: an http.Agent that dials over ssh2', () => {
    const [, ssh] = deferredModules();
    const agentOf = require(ssh!) as (opt: Record<string, unknown>) => Agent;
    const agent = agentOf({ host: '127.0.0.1', port: 1, username: 'nobody' });
    expect(agent).toBeInstanceOf(Agent);
    expect(typeof agent.createConnection).toBe('function');
    agent.destroy();
  });

  it('the BuildKit session, first called, is the real one: it dials the engine and reports a failed dial', async () => {
    const [session] = deferredModules();
    const withSession = require(session!) as (docker: unknown, auth: unknown, handler: (err: Error | null) => void) => void;
    const dialed: unknown[] = [];
    const docker = {
      modem: {
        dial: (opts: unknown, cb: (err: Error) => void) => {
          dialed.push(opts);
          cb(new Error('no engine here'));
        },
      },
    };
    const err = await new Promise<Error | null>((resolve) => withSession(docker, undefined, resolve));
    expect(err?.message).toBe('no engine here');
    expect(dialed).toMatchObject([{ method: 'POST', path: '/session', hijack: true }]);
  });

  it('the client works as dockerode does', () => {
    const docker = new DockerClient({ socketPath: '/nonexistent.sock' });
    expect(typeof docker.listContainers).toBe('function');
    expect(typeof docker.buildImage).toBe('function');
  });
});
