import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import tar from 'tar-stream';
import { normalizeImagePath, whiteoutOf } from '../../../src/image/paths.js';
import { walkLayers } from '../../../src/image/walker.js';
import { UserError } from '../../../src/core/errors.js';
import { english } from '../../../src/core/message.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-walker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const keyFile = path.join(dir, 'key', 'layer-cache.key');

type Entry = { name: string; body?: string; type?: 'file' | 'directory' | 'symlink' | 'link'; linkname?: string; size?: number };

/** Writes a layer tar (optionally gzipped) and returns its file and diff ID. */
async function layer(entries: Entry[], gzip = false): Promise<{ file: string; diffId: string }> {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.type === 'directory' || e.type === 'symlink' || e.type === 'link')
      pack.entry({ name: e.name, type: e.type, ...(e.linkname ? { linkname: e.linkname } : {}) });
    else pack.entry({ name: e.name }, e.body ?? '');
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const file = path.join(dir, `layer${n++}.tar${gzip ? '.gz' : ''}`);
  writeFileSync(file, gzip ? gzipSync(raw) : raw);
  return { file, diffId: `sha256:${createHash('sha256').update(raw).digest('hex')}` };
}

const wantsAll = { wants: () => true };

/**
 * A lower layer and a gzipped upper one that replaces etc/a, whites out etc/b, makes var/lib/x opaque with a file of
 * its own, and hard-links a lower file.
 */
async function twoLayers(): Promise<[{ file: string; diffId: string }, { file: string; diffId: string }]> {
  const lower = await layer([
    { name: 'etc/a', body: 'a1' },
    { name: 'etc/b', body: 'b1' },
    { name: 'var/lib/x/1', body: 'x' },
    { name: 'var/lib/x/2', body: 'y' },
    { name: 'lnk-src', body: 'L' },
  ]);
  const upper = await layer(
    [
      { name: 'etc/a', body: 'a2' },
      { name: 'etc/.wh.b' },
      { name: 'var/lib/x/.wh..wh..opq' },
      { name: 'var/lib/x/3', body: 'z' },
      { name: 'hard', type: 'link', linkname: 'lnk-src' },
    ],
    true,
  );
  return [lower, upper];
}

describe('image paths', () => {
  it('normalises and refuses to climb out of the root', () => {
    expect(normalizeImagePath('./etc//os-release')).toBe('etc/os-release');
    expect(normalizeImagePath('/usr/../etc/passwd')).toBe('etc/passwd');
    expect(normalizeImagePath('../../etc/shadow')).toBeUndefined();
    expect(normalizeImagePath('a/../../b')).toBeUndefined();
    expect(whiteoutOf('etc/.wh.passwd')).toEqual({ kind: 'file', target: 'etc/passwd' });
    expect(whiteoutOf('var/lib/.wh..wh..opq')).toEqual({ kind: 'opaque', dir: 'var/lib' });
    fc.assert(
      fc.property(fc.string(), (s) => {
        const p = normalizeImagePath(s);
        if (p !== undefined) expect(p.split('/')).not.toContain('..');
      }),
    );
  });
});

describe('walkLayers', () => {
  it('merges layers: upper files replace lower ones, whiteouts and opaque dirs delete', async () => {
    const [l1, l2] = await twoLayers();
    const r = await walkLayers([l1, l2], wantsAll);
    expect([...r.files.keys()].sort()).toEqual(['etc/a', 'hard', 'lnk-src', 'var/lib/x/3']);
    expect(r.files.get('etc/a')!.content.toString()).toBe('a2');
    expect(r.files.get('etc/a')!.layer).toBe(l2.diffId);
  });

  it('a whiteout of a directory removes everything under it; a file replaced by a directory is gone', async () => {
    const l1 = await layer([
      { name: 'opt/app/a', body: '1' },
      { name: 'opt/app/b/c', body: '2' },
      { name: 'srv/f', body: '3' },
    ]);
    const l2 = await layer([{ name: 'opt/.wh.app' }, { name: 'srv/f', type: 'directory' }]);
    const r = await walkLayers([l1, l2], wantsAll);
    expect([...r.files.keys()]).toEqual([]);
  });

  it('reads only what is wanted', async () => {
    const l1 = await layer([
      { name: 'var/lib/dpkg/status', body: 'Package: x' },
      { name: 'usr/bin/big', body: 'x'.repeat(10000) },
    ]);
    const r = await walkLayers([l1], { wants: (p) => p === 'var/lib/dpkg/status' });
    expect([...r.files.keys()]).toEqual(['var/lib/dpkg/status']);
  });

  it('ignores entries and hard links that point outside the root, and says so', async () => {
    const l1 = await layer([
      { name: '../../etc/evil', body: 'x' },
      { name: 'ok', body: 'y' },
      { name: 'lnk', type: 'link', linkname: '../../../etc/shadow' },
    ]);
    const r = await walkLayers([l1], wantsAll);
    expect([...r.files.keys()]).toEqual(['ok']);
    expect(r.warnings.map((w) => english(w)).join('\n')).toMatch(/outside the image root/);
    // Nothing was written next to the layers.
    expect(readdirSync(dir).every((f) => f.startsWith('layer'))).toBe(true);
  });

  it('follows hard links inside the image', async () => {
    const l1 = await layer([
      { name: 'a/real', body: 'content' },
      { name: 'b/alias', type: 'link', linkname: 'a/real' },
    ]);
    const r = await walkLayers([l1], wantsAll);
    expect(r.files.get('b/alias')!.content.toString()).toBe('content');
  });

  it('reads zstd-compressed layers (as the zstd tool writes them)', async () => {
    const l1 = await layer([{ name: 'etc/os-release', body: 'ID=alpine\n' }]);
    const zst = `${l1.file}.zst`;
    execFileSync('zstd', ['-q', '-19', l1.file, '-o', zst]);
    const r = await walkLayers([{ file: zst, diffId: l1.diffId }], wantsAll);
    expect(r.files.get('etc/os-release')!.content.toString()).toBe('ID=alpine\n');
    const bad = path.join(dir, 'bad.zst');
    writeFileSync(bad, Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(40, 0xff)]));
    await expect(walkLayers([{ file: bad, diffId: l1.diffId }], wantsAll)).rejects.toThrow(UserError);
  });

  it('refuses a layer whose content does not match its diff ID', async () => {
    const l1 = await layer([{ name: 'a', body: '1' }]);
    await expect(walkLayers([{ file: l1.file, diffId: `sha256:${'0'.repeat(64)}` }], wantsAll)).rejects.toThrow(/does not match the config's diff ID/);
  });

  it('refuses a truncated layer and a compression bomb with a clear error', async () => {
    const l1 = await layer([
      { name: 'a', body: 'x'.repeat(5000) },
      { name: 'b', body: 'y'.repeat(5000) },
    ]);
    const truncated = path.join(dir, 'truncated.tar');
    writeFileSync(truncated, (await import('node:fs')).readFileSync(l1.file).subarray(0, 3000));
    await expect(walkLayers([{ file: truncated, diffId: l1.diffId }], wantsAll)).rejects.toThrow(UserError);
    const bomb = path.join(dir, 'bomb.tar.gz');
    writeFileSync(bomb, gzipSync(Buffer.alloc(20 * 1024 * 1024)));
    await expect(walkLayers([{ file: bomb, diffId: l1.diffId }], { ...wantsAll, maxLayerBytes: 1024 * 1024 })).rejects.toThrow(/compression bomb/);
  });

  it('does not read a wanted file over the size cap into memory', async () => {
    const l1 = await layer([{ name: 'var/lib/dpkg/status', body: 'x'.repeat(4096) }]);
    const r = await walkLayers([l1], { ...wantsAll, maxFileBytes: 1024 });
    expect(r.files.size).toBe(0);
    expect(r.warnings.map((w) => english(w)).join()).toMatch(/over the 1024-byte limit/);
  });
});

describe('layer cache', () => {
  it('replaying cached layers gives the same merged view, without reading them again', async () => {
    const { LayerCache } = await import('../../../src/image/layer-cache.js');
    const [l1, l2] = await twoLayers();
    const cache = new LayerCache(path.join(dir, 'cache'), 'test-salt', { keyFile });
    const cold = await walkLayers([l1, l2], { ...wantsAll, cache });
    expect(cache.misses).toBe(2);
    // The cached records stand in for the layers: a missing layer file proves they are not read.
    const gone = [
      { file: path.join(dir, 'no-such-layer'), diffId: l1.diffId },
      { file: path.join(dir, 'no-such-layer-2'), diffId: l2.diffId },
    ];
    const warm = await walkLayers(gone, { ...wantsAll, cache });
    expect(cache.hits).toBe(2);
    const view = (r: typeof cold) => [...r.files].map(([p, f]) => [p, f.content.toString(), f.layer]).sort();
    expect(view(warm)).toEqual(view(cold));
    expect(view(cold).map((x) => x[0])).toEqual(['etc/a', 'hard', 'lnk-src', 'var/lib/x/3']);
    // Another salt (other analyzers) is another entry.
    const other = new LayerCache(path.join(dir, 'cache'), 'other-salt', { keyFile });
    await expect(walkLayers(gone, { ...wantsAll, cache: other })).rejects.toThrow();
  });

  it('keeps under its size by dropping the least recently used records', async () => {
    const { LayerCache } = await import('../../../src/image/layer-cache.js');
    const small = new LayerCache(path.join(dir, 'small-cache'), 's', { maxBytes: 1500, keyFile });
    for (let k = 0; k < 5; k++) await small.put(`sha256:${String(k).repeat(64)}`, [{ t: 'put', path: 'f', content: Buffer.alloc(500) }], []);
    const left = readdirSync(path.join(dir, 'small-cache'));
    expect(left.length).toBeLessThanOrEqual(2);
    expect(left.every((f) => f.endsWith('.json'))).toBe(true);
  });
});

describe('layer cache safety', () => {
  it('is private to the user: directory 0700, records 0600', async () => {
    const { LayerCache } = await import('../../../src/image/layer-cache.js');
    const l1 = await layer([{ name: 'etc/a', body: 'a' }]);
    const cdir = path.join(dir, 'private-cache');
    await walkLayers([l1], { ...wantsAll, cache: new LayerCache(cdir, 's', { keyFile }) });
    expect(statSync(cdir).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(cdir)) expect(statSync(path.join(cdir, f)).mode & 0o777).toBe(0o600);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('ignores a record written with another key (a poisoned shared cache) and reads the layer instead', async () => {
    const { LayerCache } = await import('../../../src/image/layer-cache.js');
    const l1 = await layer([{ name: 'var/lib/dpkg/status', body: 'Package: real\n' }]);
    const cdir = path.join(dir, 'shared-cache');
    // Another user's key writes a record claiming the layer holds something else.
    const attacker = new LayerCache(cdir, 's', { keyFile: path.join(dir, 'other-user.key') });
    await attacker.put(l1.diffId, [{ t: 'put', path: 'var/lib/dpkg/status', content: Buffer.from('Package: fake\n') }], []);
    const mine = new LayerCache(cdir, 's', { keyFile });
    const r = await walkLayers([l1], { ...wantsAll, cache: mine });
    expect(r.files.get('var/lib/dpkg/status')!.content.toString()).toBe('Package: real\n');
    expect(mine.rejected).toBe(1);
    // An edited record (same key, altered body) is rejected too.
    const f = path.join(cdir, readdirSync(cdir)[0]!);
    writeFileSync(f, readFileSync(f, 'utf8').replace('"v":3', '"v":3 '));
    await walkLayers([l1], { ...wantsAll, cache: mine });
    expect(mine.rejected).toBe(2);
  });

  it('refuses a key file others can read', async () => {
    const { LayerCache } = await import('../../../src/image/layer-cache.js');
    const loose = path.join(dir, 'loose.key');
    writeFileSync(loose, 'ab'.repeat(32), { mode: 0o644 });
    chmodSync(loose, 0o644);
    const c = new LayerCache(path.join(dir, 'loose-cache'), 's', { keyFile: loose });
    const l1 = await layer([{ name: 'etc/a', body: 'a' }]);
    await walkLayers([l1], { ...wantsAll, cache: c });
    expect(c.disabled).toMatch(/readable or writable by others/);
    expect(existsSync(path.join(dir, 'loose-cache'))).toBe(false);
  });

  it('does not cache a layer whose kept files exceed the record limit (no base64 copy of huge files)', async () => {
    const { LayerCache } = await import('../../../src/image/layer-cache.js');
    const l1 = await layer([{ name: 'app/package.json', body: 'x'.repeat(200_000) }]);
    const cdir = path.join(dir, 'small-records');
    const c = new LayerCache(cdir, 's', { keyFile, maxRecordBytes: 100_000 });
    const r = await walkLayers([l1], { ...wantsAll, cache: c });
    expect(r.files.get('app/package.json')!.content.length).toBe(200_000);
    expect(existsSync(cdir) ? readdirSync(cdir) : []).toEqual([]);
  });
});

describe('hard links', () => {
  it('a wanted hard link to an unwanted file is read by a second, targeted pass, not dropped', async () => {
    const l1 = await layer([
      { name: 'opt/real-status', body: 'Package: linked\n' },
      { name: 'var/lib/dpkg/status', type: 'link', linkname: 'opt/real-status' },
    ]);
    const r = await walkLayers([l1], { wants: (p) => p === 'var/lib/dpkg/status' });
    expect(r.files.get('var/lib/dpkg/status')?.content.toString()).toBe('Package: linked\n');
    expect(r.warnings).toEqual([]);
  });

  it('when the layer cannot be read again, the left-out file is named in a warning', async () => {
    const { readLayer, completeLinks, ByteBudget } = await import('../../../src/image/walker.js');
    const l1 = await layer([
      { name: 'opt/real-status', body: 'x' },
      { name: 'var/lib/dpkg/status', type: 'link', linkname: 'opt/real-status' },
    ]);
    const budget = new ByteBudget(1 << 20);
    const first = await readLayer(createReadStream(l1.file), 0, l1.diffId, { wants: (p) => p === 'var/lib/dpkg/status' }, budget);
    const r = await completeLinks(first, 0, {}, budget, undefined);
    expect(r.warnings.map((w) => english(w)).join()).toMatch(/var\/lib\/dpkg\/status is a hard link to opt\/real-status.*not inventoried/);
  });
});

describe('one cap on the bytes all layers expand to', () => {
  it('refuses an image whose layers together pass it, though each layer is under its own cap', async () => {
    const big = 'x'.repeat(600 * 1024);
    const layers = [await layer([{ name: 'a', body: big }], true), await layer([{ name: 'b', body: big }], true)];
    const limits = { wants: () => false, maxLayerBytes: 1024 * 1024, maxImageBytes: 1024 * 1024 };
    await expect(walkLayers([layers[0]!], limits)).resolves.toBeDefined();
    await expect(walkLayers(layers, limits)).rejects.toThrow(/the image's layers expand beyond 1048576 bytes in all: refusing it, not scanned/);
  });
});
