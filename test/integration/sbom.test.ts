// The inventory read from image layers equals what the package manager itself reports.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as CDX from '@cyclonedx/cyclonedx-library';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-sbom-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sg = (...args: string[]) => spawnSync(process.execPath, ['bin/swarmguard.js', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
type Inv = { packages: { type: string; name: string; version: string; layer?: string }[]; os?: { family: string; version: string }; layers: string[]; warnings: string[] };

describe('sbom (real engine)', () => {
  it('Debian bookworm: the same names and versions as dpkg-query in the image', () => {
    const r = sg('sbom', 'swarmguard-test/debian:bookworm', '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const inv = JSON.parse(r.stdout) as Inv;
    expect(inv.os).toMatchObject({ family: 'debian', version: '12' });
    const ours = inv.packages.map((p) => `${p.name} ${p.version}`).sort();
    const dpkg = execFileSync('docker', ['run', '--rm', '--network', 'none', 'swarmguard-test/debian:bookworm', 'dpkg-query', '-W', '-f', '${Package} ${Version}\\n'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .sort();
    expect(ours).toEqual(dpkg);
    expect(inv.packages.every((p) => p.layer !== undefined && inv.layers.includes(p.layer))).toBe(true);
  });

  it('a second inventory replays the cached layers, and another image sharing the base layer does too', async () => {
    const { inventoryImage, CACHE_SALT } = await import('../../src/image/inventory.js');
    const { LayerCache } = await import('../../src/image/layer-cache.js');
    const cache = new LayerCache(path.join(dir, 'layer-cache'), CACHE_SALT);
    const cold = await inventoryImage('swarmguard-test/debian:bookworm', { cache });
    expect(cache.hits).toBe(0);
    const warm = await inventoryImage('swarmguard-test/debian:bookworm', { cache });
    expect(cache.hits).toBe(cold.layers.length);
    expect(warm.packages).toEqual(cold.packages);
    // The insecure image is built FROM the Debian image: its base layer comes from the cache.
    execFileSync('bash', ['scripts/images/hardening-images.sh'], { stdio: 'ignore' });
    const before = cache.hits;
    await inventoryImage('swarmguard-test/insecure:latest', { cache });
    expect(cache.hits - before).toBeGreaterThanOrEqual(1);
  });

  it('busybox: no package database, no OS, no error', () => {
    const r = sg('sbom', 'swarmguard-test/busybox:latest');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/0 package\(s\) — OS unknown/);
  });

  it('reads a `docker save` tar with --input, the same as from the engine', () => {
    const tarFile = path.join(dir, 'debian.tar');
    execFileSync('docker', ['save', '-o', tarFile, 'swarmguard-test/debian:bookworm']);
    const fromTar = JSON.parse(sg('sbom', 'debian', '--input', tarFile, '--format', 'json').stdout) as Inv;
    const fromEngine = JSON.parse(sg('sbom', 'swarmguard-test/debian:bookworm', '--format', 'json').stdout) as Inv;
    expect(fromTar.packages).toEqual(fromEngine.packages);
  });

  it('writes CycloneDX 1.5 JSON that validates against its schema', async () => {
    const r = sg('sbom', 'swarmguard-test/debian:bookworm', '--format', 'cyclonedx');
    expect(r.status).toBe(0);
    const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot5);
    expect(await validator.validate(r.stdout)).toBeNull();
    const bom = JSON.parse(r.stdout) as { components: { type: string; purl?: string }[] };
    expect(bom.components.filter((c) => c.type === 'operating-system')).toHaveLength(1);
    expect(bom.components.some((c) => c.purl?.startsWith('pkg:deb/debian/libc6@'))).toBe(true);
  });

  it('npm and Python: the same packages as `npm ls --all` and importlib.metadata report for the same trees', () => {
    execFileSync('bash', ['scripts/images/langs-image.sh'], { stdio: 'ignore' });
    const inv = JSON.parse(sg('sbom', 'swarmguard-test/langs:latest', '--format', 'json').stdout) as { packages: { type: string; name: string; version: string }[] };
    const ours = (type: string) => [...new Set(inv.packages.filter((p) => p.type === type).map((p) => `${p.name}@${p.version}`))].sort();
    // npm's own view of the tree that was copied into /app.
    const tree = JSON.parse(execFileSync('npm', ['ls', '--all', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as { dependencies?: Record<string, unknown> };
    const npmSet = new Set<string>();
    const walk = (deps: Record<string, unknown> | undefined): void => {
      for (const [name, v] of Object.entries(deps ?? {})) {
        const node = v as { version?: string; dependencies?: Record<string, unknown> };
        if (node.version) npmSet.add(`${name}@${node.version}`);
        walk(node.dependencies);
      }
    };
    walk(tree.dependencies);
    expect(ours('npm')).toEqual([...npmSet].sort());
    // Python's own view of the dist-packages that were copied.
    const py = execFileSync('/usr/bin/python3', ['-c', "import importlib.metadata as m\nfor d in m.distributions(path=['/usr/lib/python3/dist-packages']): print(d.metadata['Name'] + '@' + d.version)"], { encoding: 'utf8' });
    expect(ours('pypi')).toEqual([...new Set(py.trim().split('\n').filter(Boolean))].sort());
  });

  it('an RHEL-family image: rpm packages from its SQLite rpmdb', () => {
    const ctx = path.join(dir, 'rpm-image');
    execFileSync('mkdir', ['-p', path.join(ctx, 'var/lib/rpm'), path.join(ctx, 'etc')]);
    execFileSync('cp', ['test/fixtures/packages/rpmdb.sqlite', path.join(ctx, 'var/lib/rpm/rpmdb.sqlite')]);
    writeFileSync(path.join(ctx, 'etc/os-release'), 'ID="rocky"\nVERSION_ID="9.3"\nPRETTY_NAME="Rocky Linux 9.3"\n');
    writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY etc /etc\nCOPY var /var\n');
    execFileSync('docker', ['build', '-q', '--network', 'none', '-t', 'swarmguard-test/rpmdb:latest', ctx], { stdio: 'ignore', env: { ...process.env, DOCKER_BUILDKIT: '0' } });
    const inv = JSON.parse(sg('sbom', 'swarmguard-test/rpmdb:latest', '--format', 'json').stdout) as Inv & { packages: { type: string; name: string; version: string }[] };
    expect(inv.os).toMatchObject({ family: 'rocky', version: '9.3' });
    expect(inv.packages.map((p) => `${p.type} ${p.name} ${p.version}`)).toEqual(['rpm sg-hello 2:1.2.3-4.el9']);
    spawnSync('docker', ['rmi', 'swarmguard-test/rpmdb:latest'], { stdio: 'ignore' });
  });

  it('says clearly when the image is not there or the file is not an image', () => {
    const missing = sg('sbom', 'no-such-image:never');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/not on this engine/);
    const notTar = sg('sbom', 'x', '--input', 'package.json');
    expect(notTar.status).toBe(2);
    expect(notTar.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
