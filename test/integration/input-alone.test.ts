// --input alone: `docker save` archives of the test images (plain and gzip), a root filesystem and a project
// checkout, read by sbom, image scan, image lint and image diff without an image name; the name comes from
// the archive (its RepoTags) or the directory.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sh } from '../helpers/run.js';
import { writeOsvAdvisory } from '../helpers/osv-advisory.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-input-alone-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = path.join(dir, 'vuln.db');
const sg = (...args: string[]) => runCli(args, { env: { SWARMGUARD_DB: db, SWARMGUARD_CACHE_DIR: path.join(dir, 'cache') } });
const lab = path.join(dir, 'lab.tar');

function osv(id: string, ecosystem: string, name: string, fixed: string): string {
  return writeOsvAdvisory(dir, id, { ecosystem, name, events: [{ introduced: '0' }, { fixed }] });
}

beforeAll(async () => {
  await sh('docker', ['save', '-o', lab, 'swarmguard-test/inventory:latest']);
  await sh('bash', ['-c', `gzip -c "${lab}" > "${lab}.gz"`]);
  // libssl3 3.0.19-1~deb12u2 (source openssl) is in the inventory image; express 4.18.2 in the project fixture.
  const files = [osv('CVE-2099-0101', 'Debian:12', 'openssl', '3.0.99-1'), osv('CVE-2099-0102', 'npm', 'express', '4.19.2')];
  expect((await sg('db', 'import', ...files)).status).toBe(0);
}, 120_000);

describe('--input without an image name', () => {
  it('sbom --input lab.tar and lab.tar.gz name the image from the archive', async () => {
    for (const f of [lab, `${lab}.gz`]) {
      const r = await sg('sbom', '--input', f, '--format', 'json', '--no-cache');
      expect(r.status, r.stderr).toBe(0);
      const inv = JSON.parse(r.stdout) as { ref: string; packages: { name: string }[] };
      expect(inv.ref).toBe('swarmguard-test/inventory:latest');
      expect(inv.packages.map((p) => p.name)).toContain('libssl3');
    }
  });

  it('image scan --input lab.tar finds what the advisory says, under the archive name', async () => {
    const r = await sg('image', 'scan', '--input', lab, '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.stringify(JSON.parse(r.stdout));
    expect(out).toContain('CVE-2099-0101');
    expect(out).toContain('swarmguard-test/inventory:latest');
  });

  it('a name the archive does not hold is an error listing those it holds', async () => {
    const r = await sg('sbom', 'other:1', '--input', lab);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/does not hold an image named other:1/);
    expect(r.stderr).toMatch(/the names it holds: swarmguard-test\/inventory:latest/);
  });

  it('image lint --input lab.tar and image diff --input twice need no name', async () => {
    const lint = await sg('image', 'lint', '--input', lab, '--format', 'json');
    expect([0, 1]).toContain(lint.status);
    expect(lint.stdout).toContain('swarmguard-test/inventory:latest');
    const diff = await sg('image', 'diff', '--input', lab, '--input', `${lab}.gz`, '--format', 'json');
    expect(diff.status, diff.stderr).toBe(0);
    expect(JSON.parse(diff.stdout)).toMatchObject({ rows: expect.any(Array) as unknown });
  });

  it('sbom --input rootfs/ and image scan --input project/', async () => {
    const rootfs = await sg('sbom', '--input', 'test/fixtures/inventory/wolfi-rootfs');
    expect(rootfs.status, rootfs.stderr).toBe(0);
    expect(rootfs.stdout).toMatch(/4 package\(s\) \(apk: 4\) — wolfi 20230201/);
    const project = await sg('image', 'scan', '--input', 'test/fixtures/inventory/project', '--format', 'json');
    expect(project.status, project.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(project.stdout))).toContain('CVE-2099-0102');
  });
});
