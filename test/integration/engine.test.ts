import { execFileSync, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngine } from '../../src/engine/connection.js';
import { EngineError } from '../../src/core/errors.js';

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['bin/swarmguard.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });

describe('engine connection (real engine)', () => {
  beforeAll(() => {});

  it('connects, negotiates the API version and reads the swarm state', async () => {
    const conn = await connectEngine({ env: {} });
    const cliVersion = execFileSync('docker', ['version', '--format', '{{.Server.APIVersion}}'], { encoding: 'utf8' }).trim();
    expect(conn.server.ApiVersion).toBe(cliVersion);
    expect(conn.apiVersion).toBe(cliVersion > '1.47' ? '1.47' : cliVersion);
    const info = (await conn.docker.info()) as { Swarm: { LocalNodeState: string; ControlAvailable: boolean } };
    expect(info.Swarm.LocalNodeState).toBe('active');
    expect(info.Swarm.ControlAvailable).toBe(true);
    // The pinned client really uses the negotiated version in its paths.
    const swarm = (await conn.docker.swarmInspect()) as { ID: string };
    expect(swarm.ID).toMatch(/^[a-z0-9]{25}$/);
  });

  it('`engine info --json` reports the same as the docker CLI', () => {
    const r = cli(['engine', 'info', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { engineVersion: string; swarm: string; manager: boolean };
    expect(out.engineVersion).toBe(execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' }).trim());
    expect(out.swarm).toBe('active');
    expect(out.manager).toBe(true);
  });

  it('says clearly when the engine is not there', async () => {
    await expect(connectEngine({ env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } })).rejects.toThrow(EngineError);
    const r = cli(['engine', 'info'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker.sock/);
    expect(r.stderr).toMatch(/hint: is dockerd running/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace without --debug
  });

  it('says clearly when a TCP endpoint refuses', () => {
    const r = cli(['engine', 'info'], { DOCKER_HOST: 'tcp://127.0.0.1:1' });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/ECONNREFUSED/);
  });

  it('says clearly when permission is denied (an ordinary user on the root socket)', () => {
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, 'bin/swarmguard.js', 'engine', 'info'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', HOME: '/tmp' },
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/permission denied connecting to the Docker engine/);
    expect(r.stderr).toMatch(/docker group is root-equivalent/);
  });
});
