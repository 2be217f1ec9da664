// Opening images: a `docker save` tar indexed in place, the engine's stream in one pass, OCI layouts without links.
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { SizeCollision, indexTar, openArchiveFile, readImageStream, readImagesStream } from '../../../src/image/archive.js';
import { walkLayers } from '../../../src/image/walker.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tarOf(entries: { name: string; body: Buffer | string; pax?: Record<string, string> }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name, ...(e.pax ? { pax: e.pax } : {}) }, typeof e.body === 'string' ? Buffer.from(e.body) : e.body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const longDir = `usr/lib/${'x'.repeat(120)}`;

/** A legacy `docker save` archive of two layers; `tamper` swaps the second layer's bytes after the config is made. */
async function dockerSave(tamper = false): Promise<{ file: string; diffIds: string[] }> {
  const l1 = await tarOf([
    { name: 'etc/os-release', body: 'ID=debian\nVERSION_ID="12"\n' },
    { name: `${longDir}/package.json`, body: '{"name":"deep","version":"1.0.0"}' },
  ]);
  const l2 = await tarOf([{ name: 'app/package.json', body: '{"name":"app","version":"2.0.0"}' }]);
  const diffIds = [l1, l2].map((l) => `sha256:${sha(l)}`);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: diffIds } }));
  const cfgName = `${sha(config)}.json`;
  const outer = await tarOf([
    { name: `${'b'.repeat(64)}/layer.tar`, body: tamper ? await tarOf([{ name: 'app/package.json', body: '{"name":"evil","version":"6.6.6"}' }]) : l2 },
    { name: `${'a'.repeat(64)}/layer.tar`, body: l1 },
    { name: cfgName, body: config },
    {
      name: 'manifest.json',
      body: JSON.stringify([{ Config: cfgName, RepoTags: ['t:1'], Layers: [`${'a'.repeat(64)}/layer.tar`, `${'b'.repeat(64)}/layer.tar`] }]),
    },
  ]);
  const file = path.join(dir, `save-${tamper ? 'bad' : 'ok'}.tar`);
  writeFileSync(file, outer);
  return { file, diffIds };
}

const wants = (p: string): boolean => p.endsWith('package.json') || p === 'etc/os-release';

describe('docker save tar, indexed in place', () => {
  it('finds the layers by offset, long (pax) names included, and verifies each diff ID', async () => {
    const { file, diffIds } = await dockerSave();
    const index = await indexTar(file, file);
    expect(index.has('manifest.json')).toBe(true);
    const archive = await openArchiveFile(file);
    expect(archive.layers.map((l) => l.diffId)).toEqual(diffIds);
    expect(archive.repoTags).toEqual(['t:1']);
    const walk = await walkLayers(archive.layers, { wants });
    expect([...walk.files.keys()].sort()).toEqual(['app/package.json', 'etc/os-release', `${longDir}/package.json`]);
  });

  it('the one-pass stream read gives the same files, and refuses a layer swapped after the config was made', async () => {
    const { file } = await dockerSave();
    const streamed = await readImageStream(createReadStream(file), 'ok', { wants });
    const fromStream = await walkLayers(streamed.archive.layers, { wants });
    const fromFile = await walkLayers((await openArchiveFile(file)).layers, { wants });
    const view = (w: typeof fromFile) => [...w.files].map(([p, f]) => [p, f.content.toString(), f.layer]).sort();
    expect(view(fromStream)).toEqual(view(fromFile));
    const bad = await dockerSave(true);
    await expect(readImageStream(createReadStream(bad.file), 'bad', { wants })).rejects.toThrow(/does not match the config's diff ID/);
    const archive = await openArchiveFile(bad.file);
    await expect(walkLayers(archive.layers, { wants })).rejects.toThrow(/does not match the config's diff ID/);
  });

  it('a layer the cache has (by size, then digest) is only hashed; another layer of that size stops the read', async () => {
    const { file, diffIds } = await dockerSave();
    const index = await indexTar(file, file);
    const size = index.get(`${'a'.repeat(64)}/layer.tar`)!.size;
    const r = await readImagesStream(createReadStream(file), 'ok', { wants }, undefined, new Map([[size, new Set([diffIds[0]!])]]));
    expect(r.layersRead).toEqual([diffIds[1]]);
    expect([...r.images.values()][0]!.layers[0]!.read?.hashedOnly).toBe(true);
    await expect(
      readImagesStream(createReadStream(file), 'ok', { wants }, undefined, new Map([[size, new Set([`sha256:${'9'.repeat(64)}`])]])),
    ).rejects.toThrow(SizeCollision);
  });

  it('refuses what is not a tar, and a truncated one, with a clear error', async () => {
    const junk = path.join(dir, 'junk.tar');
    writeFileSync(junk, Buffer.alloc(4096, 0x41));
    await expect(openArchiveFile(junk)).rejects.toThrow(/not a readable image archive/);
    const { file } = await dockerSave();
    const cut = path.join(dir, 'cut.tar');
    writeFileSync(cut, (await import('node:fs')).readFileSync(file).subarray(0, 3000));
    await expect(openArchiveFile(cut)).rejects.toThrow(/truncated/);
  });

  it('a layer whose pax header claims 100 MB is refused at once (tar-stream caps long headers)', async () => {
    const h = Buffer.alloc(512);
    h.write('PaxHeader/x', 0);
    h.write('0000644\0', 100);
    h.write(`${(100 * 1024 * 1024).toString(8).padStart(11, '0')}\0`, 124);
    h.write('        ', 148);
    h.write('x', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    const file = path.join(dir, 'longheader.tar');
    writeFileSync(file, Buffer.concat([h, Buffer.alloc(8192)]));
    await expect(walkLayers([{ file, diffId: `sha256:${'0'.repeat(64)}` }], { wants })).rejects.toThrow(/Header exceeds max size/);
  });
});

describe('OCI layout directories', () => {
  async function layout(name: string): Promise<{ root: string; layerHex: string }> {
    const root = path.join(dir, name);
    mkdirSync(path.join(root, 'blobs', 'sha256'), { recursive: true });
    const layer = await tarOf([{ name: 'etc/os-release', body: 'ID=alpine\n' }]);
    const config = Buffer.from(JSON.stringify({ rootfs: { type: 'layers', diff_ids: [`sha256:${sha(layer)}`] } }));
    const manifest = Buffer.from(JSON.stringify({ config: { digest: `sha256:${sha(config)}` }, layers: [{ digest: `sha256:${sha(layer)}` }] }));
    for (const b of [layer, config, manifest]) writeFileSync(path.join(root, 'blobs', 'sha256', sha(b)), b);
    writeFileSync(
      path.join(root, 'index.json'),
      JSON.stringify({ manifests: [{ digest: `sha256:${sha(manifest)}`, mediaType: 'application/vnd.oci.image.manifest.v1+json' }] }),
    );
    return { root, layerHex: sha(layer) };
  }

  it('reads a well-formed layout', async () => {
    const { root } = await layout('oci-ok');
    const walk = await walkLayers((await openArchiveFile(root)).layers, { wants });
    expect(walk.files.get('etc/os-release')?.content.toString()).toBe('ID=alpine\n');
  });

  it('follows no symlink: a layer blob linked to a file outside is refused', async () => {
    const { root, layerHex } = await layout('oci-link');
    const outside = path.join(dir, 'outside-secret');
    writeFileSync(outside, 'secret');
    const blob = path.join(root, 'blobs', 'sha256', layerHex);
    rmSync(blob);
    symlinkSync(outside, blob);
    await expect(openArchiveFile(root)).rejects.toThrow(/is a symlink/);
  });

  it('a linked blobs directory is refused too', async () => {
    const { root } = await layout('oci-dirlink');
    const elsewhere = path.join(dir, 'elsewhere');
    (await import('node:fs')).renameSync(path.join(root, 'blobs'), elsewhere);
    symlinkSync(elsewhere, path.join(root, 'blobs'));
    await expect(openArchiveFile(root)).rejects.toThrow(/blobs is a symlink/);
  });
});
