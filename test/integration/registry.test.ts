// Reading an image straight from a real registry (Debian's docker-registry on loopback, htpasswd auth),
// with credentials from a docker config: the same inventory as from the engine; clear errors otherwise.
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackRegistry } from '../helpers/loopback-registry.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-registry-'));
const PORT = 16000 + (process.pid % 500);
const REPO = `127.0.0.1:${PORT}/team/deb`;
const dockerConfig = path.join(dir, 'docker');
let registry: ChildProcess;

type Inv = { packages: { name: string; version: string }[]; repoDigest?: string };
const sbom = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  spawnSync(process.execPath, ['bin/swarmguard.js', 'sbom', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });

beforeAll(async () => {
  execFileSync('htpasswd', ['-Bbc', path.join(dir, 'htpasswd'), 'ci', 'ci-pass'], { stdio: 'ignore' });
  registry = await startLoopbackRegistry(dir, PORT, undefined, [`auth: { htpasswd: { realm: sg, path: ${path.join(dir, 'htpasswd')} } }`]);
  const env = { ...process.env, DOCKER_CONFIG: dockerConfig };
  execFileSync('docker', ['login', '-u', 'ci', '--password-stdin', `127.0.0.1:${PORT}`], { input: 'ci-pass', env, stdio: ['pipe', 'ignore', 'ignore'] });
  execFileSync('docker', ['tag', 'swarmguard-test/debian:bookworm', `${REPO}:1`]);
  execFileSync('docker', ['push', '-q', `${REPO}:1`], { env, stdio: 'ignore' });
});

afterAll(async () => {
  registry.kill('SIGTERM');
  await new Promise((r) => (registry.exitCode !== null ? r(null) : registry.once('exit', r)));
  spawnSync('docker', ['rmi', `${REPO}:1`], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
});

describe('registry source (real registry, basic auth)', () => {
  it('reads the image from the registry with the docker config credentials: same packages as from the engine', () => {
    const r = sbom({ DOCKER_CONFIG: dockerConfig }, `${REPO}:1`, '--source', 'registry', '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const fromRegistry = JSON.parse(r.stdout) as Inv;
    const fromEngine = JSON.parse(sbom({}, 'swarmguard-test/debian:bookworm', '--format', 'json').stdout) as Inv;
    expect(fromRegistry.packages).toEqual(fromEngine.packages);
    expect(fromRegistry.repoDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
    // By digest too.
    const byDigest = sbom({ DOCKER_CONFIG: dockerConfig }, `${REPO}@${fromRegistry.repoDigest}`, '--source', 'registry', '--format', 'json');
    expect(byDigest.status, byDigest.stderr).toBe(0);
  });

  it('says what to do without credentials or for an unknown tag', () => {
    const noCreds = sbom({ DOCKER_CONFIG: path.join(dir, 'nothing') }, `${REPO}:1`, '--source', 'registry');
    expect(noCreds.status).toBe(3);
    expect(noCreds.stderr).toMatch(/needs credentials/);
    const missing = sbom({ DOCKER_CONFIG: dockerConfig }, `${REPO}:nope`, '--source', 'registry');
    expect(missing.status).toBe(3);
    expect(missing.stderr).toMatch(/answered 404/);
  });
});
