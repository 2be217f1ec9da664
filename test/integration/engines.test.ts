// A newer Docker Engine beside the default one (scripts/engines.sh): the practice as a user runs it there.
// Runs only when SWARMGUARD_TEST_ENGINE names an engine other than the default 20.10 (CI: Engine 28 with the
// containerd image store, in parallel with the suite on the default engine); the engine is a swarm of its own, in a
// network namespace of its own, so nothing here touches the default engine.
//   SWARMGUARD_TEST_ENGINE=28 SWARMGUARD_TEST_STORE=containerd npx vitest run --project integration test/integration/engines.test.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtureDb, waitFor } from '../helpers/fixture-db.js';
import { toMultiPlatform } from '../helpers/oci-multiplatform.js';
import { run, runCli, sh } from '../helpers/run.js';

const ENGINE = process.env.SWARMGUARD_TEST_ENGINE ?? '20.10';
const STORE = process.env.SWARMGUARD_TEST_STORE ?? 'overlay2';
const enabled = ENGINE !== '20.10';
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-engines-'));
const PREFIX = 'sgeng';
const MULTI = `swarmguard-test/${PREFIX}-multi:1`;
/** The name toMultiPlatform gives its index. */
const MULTIARCH = 'sgfix/save:1';
const WEB = 'swarmguard-test/web:latest';
const BUSYBOX = 'swarmguard-test/busybox:latest';
let env: NodeJS.ProcessEnv = process.env;
let db = '';

const sg = (...args: string[]) => runCli(args, { cwd: dir, env: { ...env, NO_COLOR: '1', SWARMGUARD_CACHE_DIR: path.join(dir, 'cache') } });
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', env }).trim();
const stackGone = async (stack: string) => {
  await run('docker', ['stack', 'rm', stack], { env });
  await waitFor(
    `stack ${stack} to be removed`,
    () => (docker('service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`) === '' ? true : undefined),
    90_000,
  );
};

type Sbom = { imageId?: string; manifestDigest?: string; packages: { name: string; version: string; layer?: string }[]; layers: string[] };
const packagesOf = (s: Sbom) => s.packages.map((p) => `${p.name}@${p.version}@${p.layer ?? ''}`).sort();

describe.skipIf(!enabled)(`Engine ${ENGINE} with the ${STORE} image store`, () => {
  beforeAll(async () => {
    const up = await sh('bash', ['scripts/engines.sh', 'up', ENGINE, STORE]);
    const host = /^DOCKER_HOST=(\S+)$/m.exec(up)?.[1];
    if (!host) throw new Error(`scripts/engines.sh up printed no DOCKER_HOST: ${up}`);
    env = { ...process.env, DOCKER_HOST: host };
    db = makeFixtureDb(dir);
    // Three layers: the Debian base, a package added to the dpkg database, a file copied in.
    const ctx = path.join(dir, 'ctx');
    mkdirSync(ctx);
    writeFileSync(
      path.join(ctx, 'Dockerfile'),
      [
        'FROM swarmguard-test/debian:bookworm',
        `RUN printf 'Package: ${PREFIX}-tool\\nStatus: install ok installed\\nPriority: optional\\nSection: misc\\nMaintainer: none\\nArchitecture: all\\nVersion: 1.2-3\\nDescription: layer two\\n\\n' >> /var/lib/dpkg/status`,
        'COPY note.txt /opt/note.txt',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(ctx, 'note.txt'), 'layer three\n');
    await sh('docker', ['build', '-q', '--network', 'none', '-t', MULTI, ctx], { env: { ...env, DOCKER_BUILDKIT: '0' } });
    await sh('docker', ['save', '-o', path.join(dir, 'multi.tar'), MULTI], { env });
  }, 600_000);

  afterAll(async () => {
    if (!enabled) return;
    for (const s of [`${PREFIX}seed`, `${PREFIX}crash`]) await stackGone(s).catch(() => undefined);
    await run('docker', ['rmi', MULTI], { env });
    rmSync(dir, { recursive: true, force: true });
  });

  it(`reports its version and store as expected`, () => {
    expect(docker('version', '--format', '{{.Server.Version}}')).toMatch(new RegExp(`^${ENGINE}\\.`));
    const driverType = docker('info', '--format', '{{json .DriverStatus}}');
    if (STORE === 'containerd') expect(driverType).toContain('io.containerd.snapshotter.v1');
    else expect(docker('info', '--format', '{{.Driver}}')).toBe('overlay2');
  });

  it('sbom of a multi-layer image from the engine lists what sbom --input of its docker save tar lists', async () => {
    const tar = path.join(dir, 'multi.tar');
    const fromEngine = await sg('sbom', MULTI, '--format', 'json');
    expect(fromEngine.status, fromEngine.stderr).toBe(0);
    const fromTar = await sg('sbom', '--input', tar, MULTI, '--format', 'json');
    expect(fromTar.status, fromTar.stderr).toBe(0);
    const a = JSON.parse(fromEngine.stdout) as Sbom;
    const b = JSON.parse(fromTar.stdout) as Sbom;
    expect(a.layers).toHaveLength(3);
    expect(a.layers).toEqual(b.layers);
    expect(packagesOf(a)).toEqual(packagesOf(b));
    expect(a.packages.find((p) => p.name === `${PREFIX}-tool`)).toMatchObject({ version: '1.2-3', layer: a.layers[1] });
    expect(a.packages.find((p) => p.name === 'bash')).toBeDefined();
    // Each digest where it belongs: the engine's ID is the manifest digest on the containerd store, the config digest on overlay2.
    const id = docker('image', 'inspect', '--format', '{{.Id}}', MULTI);
    if (STORE === 'containerd') expect(a.manifestDigest).toBe(id);
    else expect(a.imageId).toBe(id);
    expect(a.imageId).toBe(b.imageId);
    // Again, every layer from the cache: nothing exported, the same packages.
    const cached = JSON.parse((await sg('sbom', MULTI, '--format', 'json')).stdout) as Sbom;
    expect(packagesOf(cached)).toEqual(packagesOf(a));
  });

  it.skipIf(STORE !== 'containerd')('a multi-platform image: the engine platform is read, and said', async () => {
    // An index of amd64 and arm64 (same layers), loaded as an OCI layout: the containerd store keeps the index.
    const layout = path.join(dir, 'multiarch');
    mkdirSync(layout);
    execFileSync('tar', ['-xf', path.resolve('test/fixtures/engine-api/28-containerd/save.tar'), '-C', layout]);
    const m = toMultiPlatform(layout);
    execFileSync('tar', ['-cf', path.join(dir, 'multiarch.tar'), '-C', layout, '.']);
    docker('load', '-i', path.join(dir, 'multiarch.tar'));
    try {
      const id = docker('image', 'inspect', '--format', '{{.Id}}', MULTIARCH);
      // The engine's ID is the index's digest (Engine 26 does not say so; 28 does, in Descriptor).
      expect(id).toBe(m.indexDigest);
      const r = await sg('sbom', MULTIARCH, '--format', 'json');
      expect(r.status, r.stderr).toBe(0);
      const sbom = JSON.parse(r.stdout) as Sbom & { platform?: string; architecture?: string };
      expect({ platform: sbom.platform, manifest: sbom.manifestDigest, arch: sbom.architecture }).toEqual({
        platform: 'linux/amd64',
        manifest: m.amd64,
        arch: 'amd64',
      });
      expect(sbom.packages.map((p) => p.name).sort()).toEqual(['sgfix-base', 'sgfix-extra']);
    } finally {
      await run('docker', ['rmi', MULTIARCH], { env });
    }
  });

  it('image scan of it from the engine gives the findings of the tar', async () => {
    const tar = path.join(dir, 'multi.tar');
    const ids = (stdout: string) =>
      (
        JSON.parse(stdout) as { findings: { id: string; severity: string; vulnerability: { package: string; installedVersion: string; status: string } }[] }
      ).findings
        .map((f) => `${f.id} ${f.vulnerability.package} ${f.vulnerability.installedVersion} ${f.vulnerability.status} ${f.severity}`)
        .sort();
    const fromEngine = await sg('image', 'scan', MULTI, '--db', db, '--format', 'json');
    expect(fromEngine.status, fromEngine.stderr).toBe(0);
    const fromTar = await sg('image', 'scan', '--input', tar, MULTI, '--db', db, '--format', 'json');
    expect(fromTar.status, fromTar.stderr).toBe(0);
    expect(ids(fromEngine.stdout)).toEqual(ids(fromTar.stdout));
    expect(ids(fromEngine.stdout).some((f) => f.startsWith('CVE-2099-0101 bash'))).toBe(true);
  });

  it('the seed flow: compose init, stack deploy --wait, ps, network check, stack verify, stack rm', async () => {
    const stack = `${PREFIX}seed`;
    expect((await sg('compose', 'init', 'seed.yaml', '--image-nginx', WEB, '--image-httpd', WEB, '--endpoint-mode', 'dnsrr')).status).toBe(0);
    const file = path.join(dir, 'seed.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/interval: 30s/g, 'interval: 2s')
        .replace(/start_period: 10s/g, 'start_period: 1s'),
    );
    const deploy = await sg('stack', 'deploy', '-c', file, '--resolve-image', 'never', '--wait', stack);
    expect(deploy.status, deploy.stdout + deploy.stderr).toBe(0);
    const ps = JSON.parse((await sg('stack', 'ps', stack, '--format', 'json')).stdout) as { state: string }[];
    expect(ps.filter((t) => t.state === 'running')).toHaveLength(2);
    const check = await sg('network', 'check');
    expect(check.stdout).toMatch(new RegExp(`^${stack}_encrypted\\s+swarm\\s+\\S+\\s+\\S+\\s+yes\\s+Options\\.encrypted`, 'm'));
    const verify = await sg('stack', 'verify', stack, '--probe-image', BUSYBOX);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(new RegExp(`${stack}_nginx\\.1\\s+\\S+\\s+${stack}_httpd:80\\s+OK`));
    const rm = await sg('stack', 'rm', stack);
    expect(rm.status, rm.stderr).toBe(0);
  });

  it('a crash-looping deploy exits 4', async () => {
    const stack = `${PREFIX}crash`;
    const file = path.join(dir, 'crash.yaml');
    writeFileSync(
      file,
      `version: "3.9"\nservices:\n  boom:\n    image: ${BUSYBOX}\n    command: ["sh", "-c", "sleep 1; echo 'fatal: no config' >&2; exit 3"]\n    deploy:\n      endpoint_mode: dnsrr\n      restart_policy: { condition: any, delay: 1s }\n`,
    );
    const r = await sg('stack', 'deploy', '-c', file, '--resolve-image', 'never', '--force', '--wait', stack);
    expect(r.status, r.stdout + r.stderr).toBe(4);
    expect(r.stdout).toMatch(new RegExp(`${stack}_boom: crash-loop`));
    await stackGone(stack);
  });

  it('bench, audit and image lint run', async () => {
    const bench = await sg('bench', '--format', 'json');
    expect(bench.status, bench.stderr).toBe(0);
    const log = JSON.parse(bench.stdout) as { checks: number; tests: { results: { id: string; result: string }[] }[] };
    const results = new Map(log.tests.flatMap((t) => t.results).map((x) => [x.id, x.result]));
    expect(log.checks).toBeGreaterThan(50);
    // The containerd and runc files are found where these engines keep them.
    expect(results.get('2.1')).toBeDefined();
    const audit = await sg('audit', '--db', db, '--format', 'json');
    expect([0, 1], audit.stderr).toContain(audit.status);
    const rep = JSON.parse(audit.stdout) as { notes: string[] };
    expect(rep.notes.join('\n')).not.toMatch(/changed while it was read/);
    const lint = await sg('image', 'lint', MULTI, '--format', 'json');
    expect([0, 1], lint.stderr).toContain(lint.status);
    expect(JSON.parse(lint.stdout)).toHaveProperty('findings');
  });
});

afterAll(() => {
  if (!enabled) rmSync(dir, { recursive: true, force: true });
});
