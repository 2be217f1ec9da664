// What --input names: docker save tars plain, gzip or zstd (told by content, not name), OCI layouts, root
// filesystems and project checkouts; the image's name from the archive; symlinks never followed out.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { displayName, nameFromFile, pickImage, sameImageName } from '../../../src/image/archive-names.js';
import { directoryKind, inventoryDirectory, walkDirectory } from '../../../src/image/directory.js';
import { compressionOf, expandArchive, openInput } from '../../../src/image/input.js';
import { inventoryImage } from '../../../src/image/inventory.js';
import { english } from '../../../src/core/message.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tarOf(entries: { name: string; body: string | Buffer }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name }, typeof e.body === 'string' ? Buffer.from(e.body) : e.body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A `docker save` of `images` (each one layer holding an apk database of one package). */
async function dockerSave(images: { tags: string[]; pkg: string }[]): Promise<Buffer> {
  const entries: { name: string; body: Buffer }[] = [];
  const manifest: unknown[] = [];
  for (const img of images) {
    const layer = await tarOf([
      { name: 'etc/alpine-release', body: '3.19.1\n' },
      { name: 'lib/apk/db/installed', body: `P:${img.pkg}\nV:1.0-r0\nA:x86_64\n\n` },
    ]);
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [`sha256:${sha(layer)}`] } }));
    entries.push({ name: `${sha(layer)}/layer.tar`, body: layer }, { name: `${sha(config)}.json`, body: config });
    manifest.push({ Config: `${sha(config)}.json`, RepoTags: img.tags, Layers: [`${sha(layer)}/layer.tar`] });
  }
  return tarOf([...entries, { name: 'manifest.json', body: Buffer.from(JSON.stringify(manifest)) }]);
}

describe('names of images in an archive', () => {
  it('compares names as docker does', () => {
    expect(sameImageName('app', 'docker.io/library/app:latest')).toBe(true);
    expect(sameImageName('team/web:1', 'docker.io/team/web:1')).toBe(true);
    expect(sameImageName('app:1', 'app:2')).toBe(false);
    expect(displayName('docker.io/library/nginx:1.27')).toBe('nginx:1.27');
    expect(nameFromFile('/tmp/lab.tar.gz')).toBe('lab');
    expect(nameFromFile('build/app.tar.zst')).toBe('app');
    expect(nameFromFile('rootfs/')).toBe('rootfs');
  });

  it('picks the named image, the only one, or says which names the archive holds', () => {
    const imgs = [{ repoTags: ['a:1'] }, { repoTags: ['b:2', 'b:latest'] }];
    expect(pickImage(imgs, 'b', 'x.tar')).toBe(1);
    expect(pickImage(imgs, 'docker.io/library/a:1', 'x.tar')).toBe(0);
    expect(() => pickImage(imgs, 'c', 'x.tar')).toThrow(/x\.tar does not hold an image named c/);
    expect(() => pickImage(imgs, undefined, 'x.tar')).toThrow(/holds 2 images: name the one to read/);
    try {
      pickImage(imgs, 'c', 'x.tar');
    } catch (e) {
      expect((e as { hint?: string }).hint).toBe('the names it holds: a:1, b:2, b:latest');
    }
    expect(pickImage([{ repoTags: [] }], 'anything', 'x.tar')).toBe(0);
  });
});

describe('compressed archives, told by content', () => {
  it('opens a plain, a gzip and a zstd docker save whatever their names', async () => {
    const plain = await dockerSave([{ tags: ['lab:latest'], pkg: 'musl' }]);
    const files = {
      plain: path.join(dir, 'lab.bin'),
      gzip: path.join(dir, 'lab.tar'), // a gzip file named .tar
      zstd: path.join(dir, 'lab.tar.zst'),
    };
    writeFileSync(files.plain, plain);
    writeFileSync(files.gzip, gzipSync(plain));
    writeFileSync(path.join(dir, 'lab-z.tar'), plain);
    execFileSync('zstd', ['-q', '-f', path.join(dir, 'lab-z.tar'), '-o', files.zstd]);
    expect(compressionOf(gzipSync(plain))).toBe('gzip');
    for (const f of Object.values(files)) {
      const inv = await inventoryImage('', { input: f, cache: null });
      expect(inv.ref).toBe('lab:latest');
      expect(inv.packages.map((p) => `${p.name} ${p.version}`)).toEqual(['musl 1.0-r0']);
      expect(inv.os).toMatchObject({ family: 'alpine', version: '3.19.1' });
    }
  });

  it('removes what it expanded, also when the archive is not an image', async () => {
    const bad = path.join(dir, 'bad.tar.gz');
    writeFileSync(bad, gzipSync(Buffer.from('not a tar at all')));
    await expect(openInput(bad)).rejects.toThrow(/not a readable image archive/);
    const opened = await openInput(path.join(dir, 'lab.tar'));
    expect(opened.kind).toBe('archive');
    if (opened.kind === 'archive') await opened.archive.cleanup();
  });

  it('stops a compression bomb at its cap', async () => {
    const bomb = path.join(dir, 'bomb.gz');
    writeFileSync(bomb, gzipSync(Buffer.alloc(4 * 1024 * 1024)));
    const out = mkdtempSync(path.join(dir, 'x-'));
    await expect(expandArchive(bomb, out, 1024 * 1024)).rejects.toThrow(/expands beyond 1048576 bytes/);
  });

  it('names the image of a several-image archive, and says which names it holds', async () => {
    const f = path.join(dir, 'two.tar');
    writeFileSync(
      f,
      await dockerSave([
        { tags: ['web:1'], pkg: 'nginx' },
        { tags: ['db:2'], pkg: 'postgresql' },
      ]),
    );
    expect((await inventoryImage('db:2', { input: f, cache: null })).packages[0]!.name).toBe('postgresql');
    await expect(inventoryImage('', { input: f, cache: null })).rejects.toThrow(/holds 2 images/);
    await expect(inventoryImage('cache:3', { input: f, cache: null })).rejects.toThrow(/does not hold an image named cache:3/);
  });
});

describe('directories', () => {
  it('a Wolfi root filesystem: every image analyzer applies, the OS from usr/lib/os-release', async () => {
    const root = 'test/fixtures/inventory/wolfi-rootfs';
    expect(await directoryKind(root)).toBe('rootfs');
    const inv = await inventoryImage('', { input: root, cache: null });
    expect(inv.ref).toBe('wolfi-rootfs');
    expect(inv.kind).toBe('rootfs');
    expect(inv.os).toMatchObject({ family: 'wolfi', version: '20230201' });
    expect(inv.packages.map((p) => `${p.name} ${p.version}`)).toEqual([
      'wolfi-baselayout 20230201-r15',
      'ca-certificates-bundle 20240315-r0',
      'glibc 2.39-r5',
      'libcrypto3 3.3.0-r8',
    ]);
    expect(inv.packages.every((p) => p.path === 'usr/lib/apk/db/installed' && p.layer === undefined)).toBe(true);
    expect(inv.layers).toEqual([]);
  });

  it('a project checkout: lockfiles, development-only dependencies left out unless asked for', async () => {
    const root = 'test/fixtures/inventory/project';
    expect(await directoryKind(root)).toBe('project');
    const inv = await inventoryDirectory(root, 'project');
    expect(inv.packages.some((p) => p.dev)).toBe(false);
    expect(inv.warnings.map((w) => english(w))).toContain('8 development-only package(s) left out (--include-dev-deps lists them)');
    // Left out on purpose: the scan is still complete.
    expect(inv.warnings.some((w) => w.cut)).toBe(false);
    const all = await inventoryDirectory(root, 'project', { includeDev: true });
    expect(all.packages.length - inv.packages.length).toBe(8);
    expect(new Set(all.packages.map((p) => p.path.split('/').pop()))).toEqual(
      new Set([
        'package-lock.json',
        'yarn.lock',
        'pnpm-lock.yaml',
        'poetry.lock',
        'Pipfile.lock',
        'requirements.txt',
        'go.mod',
        'Cargo.lock',
        'Gemfile.lock',
        'composer.lock',
        'packages.lock.json',
        'packages.config',
        'pom.xml',
      ]),
    );
  });

  it('never follows a symlink out of the directory', async () => {
    // Outside: a package database and a lockfile the walk must not reach.
    const outside = path.join(dir, 'outside');
    mkdirSync(path.join(outside, 'lib/apk/db'), { recursive: true });
    writeFileSync(path.join(outside, 'lib/apk/db/installed'), 'P:secret\nV:6.6.6-r0\n\n');
    writeFileSync(path.join(outside, 'requirements.txt'), 'evil==6.6.6\n');
    const root = path.join(dir, 'rootfs');
    cpSync('test/fixtures/inventory/wolfi-rootfs', root, { recursive: true, verbatimSymlinks: true });
    symlinkSync(path.join(outside, 'lib'), path.join(root, 'lib')); // a directory link out (absolute)
    symlinkSync('../outside/requirements.txt', path.join(root, 'requirements.txt')); // a file link out (relative)
    mkdirSync(path.join(root, 'srv'));
    symlinkSync(outside, path.join(root, 'srv/app'));
    const inv = await inventoryImage('', { input: root, cache: null });
    expect(inv.packages.map((p) => p.name)).not.toContain('secret');
    expect(inv.packages.map((p) => p.name)).toEqual(['wolfi-baselayout', 'ca-certificates-bundle', 'glibc', 'libcrypto3']);
    // The same for a project, and for the directory given itself being reached through links inside.
    const proj = path.join(dir, 'proj');
    mkdirSync(proj);
    symlinkSync(path.join(outside, 'requirements.txt'), path.join(proj, 'requirements.txt'));
    symlinkSync(outside, path.join(proj, 'vendor'));
    expect((await inventoryDirectory(proj, 'proj')).packages).toEqual([]);
  });

  it('stops at its entry cap and depth cap with a warning', async () => {
    const deep = path.join(dir, 'deep');
    let p = deep;
    for (let i = 0; i < 10; i++) p = path.join(p, 'd');
    mkdirSync(p, { recursive: true });
    writeFileSync(path.join(p, 'requirements.txt'), 'a==1\n');
    const walk = (maxEntries: number, maxDepth: number) =>
      walkDirectory(
        deep,
        () => true,
        (_p, _m, c) => c,
        new Set(),
        { maxEntries, maxFileBytes: 1024, maxDepth },
      );
    const shallow = await walk(1000, 5);
    expect(shallow.files).toEqual([]);
    expect(shallow.warnings.map((w) => english(w)).join()).toMatch(/deeper than 5 directories/);
    const few = await walk(3, 64);
    expect(few.warnings.map((w) => english(w)).join()).toMatch(/more than 3 entries/);
    // Part of the directory was not read: the scan is not complete.
    expect(shallow.warnings.every((w) => w.cut)).toBe(true);
    expect(few.warnings.every((w) => w.cut)).toBe(true);
  });

  it('an OCI layout directory is read as an image, named by its annotation', async () => {
    const layer = await tarOf([{ name: 'lib/apk/db/installed', body: 'P:zlib\nV:1.3-r0\n\n' }]);
    const config = Buffer.from(JSON.stringify({ rootfs: { type: 'layers', diff_ids: [`sha256:${sha(layer)}`] } }));
    const manifest = Buffer.from(
      JSON.stringify({ schemaVersion: 2, config: { digest: `sha256:${sha(config)}` }, layers: [{ digest: `sha256:${sha(layer)}` }] }),
    );
    const oci = path.join(dir, 'oci');
    mkdirSync(path.join(oci, 'blobs/sha256'), { recursive: true });
    for (const b of [layer, config, manifest]) writeFileSync(path.join(oci, 'blobs/sha256', sha(b)), b);
    writeFileSync(path.join(oci, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    writeFileSync(
      path.join(oci, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: `sha256:${sha(manifest)}`,
            annotations: { 'io.containerd.image.name': 'docker.io/library/zl:1', 'org.opencontainers.image.ref.name': '1' },
          },
        ],
      }),
    );
    const inv = await inventoryImage('', { input: oci, cache: null });
    expect(inv.ref).toBe('zl:1');
    expect(inv.packages.map((p) => p.name)).toEqual(['zlib']);
  });
});
