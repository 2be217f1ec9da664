import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeNodeInventory, encodeNodeInventory, imageSelected, type NodeInventory } from '../../../src/image/node-images.js';
import { rawMessage } from '../../../src/core/message.js';
import { nodeScanMessages } from '../../../src/image/node-messages.js';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const img = { Id: D('a'), RepoTags: ['web:latest', 'registry:5000/app:1.2'], RepoDigests: [`registry:5000/app@${D('d')}`] };
const doc = (over: Partial<NodeInventory> = {}): NodeInventory => ({
  format: 'swarmguard-node-inventory/2',
  images: [
    {
      id: D('a'),
      repoTags: ['web:latest'],
      repoDigests: [],
      inventory: {
        ref: D('a'),
        imageId: D('a'),
        os: { family: 'debian', version: '12', source: 'etc/os-release' },
        packages: [{ type: 'deb', name: 'libc6', version: '2.36-9', path: 'var/lib/dpkg/status', purl: 'pkg:deb/debian/libc6@2.36-9' }],
        warnings: [],
        layers: [D('b')],
        architecture: 'amd64',
      },
    },
    { id: D('c'), repoTags: [], repoDigests: [], error: nodeScanMessages.say('nodescan.node.task', { state: 'failed' }) },
  ],
  skipped: 0,
  ...over,
});
const wire = (json: string) => `sg-inventory ${gzipSync(Buffer.from(json)).toString('base64')}\n`;

describe('which images of a node are read', () => {
  it('every image when none is named', () => expect(imageSelected(img, [])).toBe(true));
  it('by tag (a bare name is :latest, a registry port is no tag), by ID or ID prefix, by digest', () => {
    expect(imageSelected(img, ['web'])).toBe(true);
    expect(imageSelected(img, ['registry:5000/app:1.2'])).toBe(true);
    expect(imageSelected(img, ['registry:5000/app'])).toBe(false);
    expect(imageSelected(img, [D('a')])).toBe(true);
    expect(imageSelected(img, ['aaaaaaaaaaaa'])).toBe(true);
    expect(imageSelected(img, ['aaaaaa'])).toBe(false);
    expect(imageSelected(img, [`registry:5000/app@${D('d')}`])).toBe(true);
    // The form a service spec pins: the tag is informative, the digest decides.
    expect(imageSelected(img, [`registry:5000/app:9.9@${D('d')}`])).toBe(true);
    expect(imageSelected(img, [`other/app@${D('d')}`])).toBe(false);
    expect(imageSelected(img, ['web:2'])).toBe(false);
  });
  it('names as the reference type reads them: docker.io/library/web is web, an unparsable name selects nothing', () => {
    expect(imageSelected(img, ['docker.io/library/web'])).toBe(true);
    expect(imageSelected(img, ['index.docker.io/library/web:latest'])).toBe(true);
    expect(imageSelected(img, ['library/web:latest'])).toBe(true);
    expect(imageSelected(img, ['registry:5000/web:latest'])).toBe(false);
    expect(imageSelected(img, [`web@${D('d')}`])).toBe(false);
    expect(imageSelected(img, ['Web:latest', 'web:latest:x', ''])).toBe(false);
    expect(imageSelected({ ...img, RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'] }, ['web'])).toBe(false);
  });
});

describe('the node inventory on the wire', () => {
  it('round-trips, in marked lines no longer than 4 KB, other lines ignored', () => {
    const big = doc({ images: Array.from({ length: 40 }, () => doc().images[0]!) });
    const text = encodeNodeInventory(big);
    for (const line of text.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(4000 + 'sg-inventory '.length);
    expect(decodeNodeInventory(`some noise\n${text}more noise\n`)).toEqual(big);
  });

  it('round-trips any strings (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 5 }), fc.string(), (tags, err) => {
        const d = doc({ images: [{ id: D('e'), repoTags: tags, repoDigests: [], error: rawMessage(err) }] });
        expect(decodeNodeInventory(encodeNodeInventory(d))).toEqual(d);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses what is not an inventory, naming sizes and never the bytes', () => {
    expect(() => decodeNodeInventory('')).toThrow(/printed no inventory/);
    expect(() => decodeNodeInventory('sg-inventory !!!\n')).toThrow(/not base64/);
    expect(() => decodeNodeInventory(`sg-inventory ${Buffer.from('plain').toString('base64')}\n`)).toThrow(/does not decompress/);
    expect(() => decodeNodeInventory(wire('{"secret-looking'))).toThrow(/is not JSON \(\d+ bytes\)$/);
    expect(() => decodeNodeInventory(wire('{"format":"other","images":[],"skipped":0}'))).toThrow(/not in the expected form \(at format\)/);
    const badType = JSON.stringify(doc()).replace('"deb"', '"nope"');
    expect(() => decodeNodeInventory(wire(badType))).toThrow(/expected form \(at images\.0\.inventory\.packages\.0\.type\)/);
  });

  it("reads a node's messages within bounds: a nesting past the limit or a flood of them is refused as a form error", () => {
    let deep: unknown = { id: '', en: 'x', data: {} };
    for (let i = 0; i < 50; i++) deep = { id: 'nodescan.node.outputCut', en: 'its output was cut ({error})', data: { error: deep } };
    const nested = JSON.stringify({ format: 'swarmguard-node-inventory/2', images: [{ id: D('e'), repoTags: [], repoDigests: [], error: deep }], skipped: 0 });
    expect(() => decodeNodeInventory(wire(nested))).toThrow(/images\.0\.error/);
    const flood = { id: '', en: 'x'.repeat(100_000), data: {} };
    const big = JSON.stringify({ format: 'swarmguard-node-inventory/2', images: [{ id: D('e'), repoTags: [], repoDigests: [], error: flood }], skipped: 0 });
    expect(() => decodeNodeInventory(wire(big))).toThrow(/images\.0\.error/);
    // A cut warning keeps its flag across the wire; one that is not a message is refused.
    const cut = doc({
      images: [{ id: D('e'), repoTags: [], repoDigests: [], inventory: { ref: 'a', packages: [], layers: [], warnings: [{ ...rawMessage('x'), cut: true }] } }],
    });
    expect(decodeNodeInventory(encodeNodeInventory(cut)).images[0]!.inventory!.warnings[0]!.cut).toBe(true);
    const bad = JSON.stringify({ ...cut, images: [{ ...cut.images[0], inventory: { ...cut.images[0]!.inventory, warnings: [42] } }] });
    expect(() => decodeNodeInventory(wire(bad))).toThrow(/warnings\.0/);
  });

  it('stops a decompression bomb at the size limit', () => {
    const bomb = `sg-inventory ${gzipSync(Buffer.alloc(8 << 20, 0x20)).toString('base64')}\n`;
    expect(() => decodeNodeInventory(bomb, 1 << 20)).toThrow(/larger than 1 MiB/);
  });
});
