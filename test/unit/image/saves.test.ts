// Archives written by `docker save` of real engines (Engine 20.10, 26 and 28; overlay2 and containerd image stores;
// recorded by scripts/engines-record.sh): each reads to the same packages, with its config, manifest and index
// digests kept apart; an OCI layout reads with or without manifest.json; a multi-platform index gives the platform
// asked for and says which it read.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { nothingToClean, openArchiveFile, readLayout, sameImage, type ImageArchive } from '../../../src/image/archive.js';
import { inventoryArchive } from '../../../src/image/inventory.js';
import { toMultiPlatform } from '../../helpers/oci-multiplatform.js';

const ROOT = path.resolve('test/fixtures/engine-api');
const SAVES = ['20.10-overlay2', '26-overlay2', '26-containerd', '28-overlay2', '28-containerd'];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-saves-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const packages = async (a: ImageArchive) => (await inventoryArchive(a, 'sgfix/save:1')).packages.map((p) => `${p.name}@${p.version}`).sort();

/** The save of `dir` extracted into a fresh directory (an OCI layout when the engine wrote one). */
function extract(dir: string): string {
  const out = mkdtempSync(path.join(tmp, `${dir}-`));
  execFileSync('tar', ['-xf', path.join(ROOT, dir, 'save.tar'), '-C', out]);
  return out;
}

describe('docker save archives of every engine and store', () => {
  it.each(SAVES)('%s: two layers, both packages, the digests apart', async (dir) => {
    const a = await openArchiveFile(path.join(ROOT, dir, 'save.tar'));
    expect(a.layers).toHaveLength(2);
    expect(await packages(a)).toEqual(['sgfix-base@1.0-1', 'sgfix-extra@2.0-1']);
    const recording = JSON.parse(readFileSync(path.join(ROOT, dir, 'recording.json'), 'utf8')) as { engine: string };
    if (recording.engine === '20.10') {
      // The legacy format: manifest.json only, no manifest digest to give.
      expect(a.manifestDigest).toBeUndefined();
    } else {
      // Engine 25+: an OCI layout beside manifest.json; the manifest is what index.json points to.
      const index = JSON.parse(execFileSync('tar', ['-xOf', path.join(ROOT, dir, 'save.tar'), 'index.json'], { encoding: 'utf8' })) as {
        manifests: { digest: string }[];
      };
      expect(a.manifestDigest).toBe(index.manifests[0]!.digest);
      expect(a.manifestDigest).not.toBe(a.configDigest);
    }
    expect(a.indexDigest).toBeUndefined();
    expect(sameImage(a, a.configDigest, 'config')).toBe(true);
    expect(sameImage(a, a.configDigest, 'manifest')).toBe(false);
  });

  it.each(SAVES.filter((d) => !d.startsWith('20.10')))('%s: the OCI layout without manifest.json reads the same', async (dir) => {
    const withManifest = await openArchiveFile(path.join(ROOT, dir, 'save.tar'));
    const layout = extract(dir);
    rmSync(path.join(layout, 'manifest.json'));
    const a = await readLayout(layout, layout, nothingToClean);
    expect(await packages(a)).toEqual(await packages(withManifest));
    expect({ config: a.configDigest, manifest: a.manifestDigest }).toEqual({ config: withManifest.configDigest, manifest: withManifest.manifestDigest });
  });
});

const multiPlatform = (dir: string, opts: { dropAmd64?: boolean } = {}) => toMultiPlatform(extract(dir), opts);

describe('a multi-platform image', () => {
  it('reads the platform asked for, says which, and keeps index, manifest and config digests apart', async () => {
    const m = multiPlatform('28-containerd');
    const amd = await readLayout(m.layout, 'multi', nothingToClean, 'linux/amd64');
    expect({ platform: amd.platform, index: amd.indexDigest, manifest: amd.manifestDigest }).toEqual({
      platform: 'linux/amd64',
      index: m.indexDigest,
      manifest: m.amd64,
    });
    expect(amd.config.architecture).toBe('amd64');
    const arm = await readLayout(m.layout, 'multi', nothingToClean, 'linux/arm64');
    expect({ platform: arm.platform, manifest: arm.manifestDigest, arch: arm.config.architecture }).toEqual({
      platform: 'linux/arm64/v8',
      manifest: m.arm64,
      arch: 'arm64',
    });
    expect(await packages(arm)).toEqual(await packages(amd));
    // Like with like: the index ID matches the index, or a platform manifest the engine lists for it.
    expect(sameImage(amd, m.indexDigest, 'index')).toBe(true);
    expect(sameImage({ ...amd, indexDigest: undefined }, m.indexDigest, 'index', [m.amd64])).toBe(true);
    expect(sameImage({ ...amd, indexDigest: undefined }, m.indexDigest, 'index', [m.arm64])).toBe(false);
    expect(sameImage(amd, m.indexDigest, 'manifest')).toBe(false);
    expect(sameImage(amd, m.indexDigest, 'unknown')).toBe(true);
    expect(sameImage(amd, amd.configDigest, 'unknown')).toBe(true);
  });

  it('a platform that is not in the archive is an error that lists what is', async () => {
    const m = multiPlatform('28-containerd', { dropAmd64: true });
    await expect(readLayout(m.layout, 'multi', nothingToClean, 'linux/amd64')).rejects.toThrow(/no linux\/amd64 manifest/);
    const e = await readLayout(m.layout, 'multi', nothingToClean, 'linux/s390x').then(
      () => undefined,
      (x: unknown) => x as { hint?: string },
    );
    expect(e?.hint).toMatch(/it has: linux\/arm64\/v8/);
  });

  it('a blob whose content does not have its digest is refused', async () => {
    const m = multiPlatform('28-containerd');
    const file = path.join(m.layout, 'blobs/sha256', m.indexDigest.slice(7));
    writeFileSync(file, readFileSync(file, 'utf8').replace('arm64', 'arm65'));
    await expect(readLayout(m.layout, 'multi', nothingToClean)).rejects.toThrow(/does not have that digest/);
  });

  it('an index.json of the wrong shape is a clear error', async () => {
    const layout = extract('28-containerd');
    rmSync(path.join(layout, 'manifest.json'));
    for (const bad of ['{"manifests":[{"digest":"md5:abc"}]}', '{"manifests":"x"}', '[]']) {
      writeFileSync(path.join(layout, 'index.json'), bad);
      await expect(readLayout(layout, 'bad', nothingToClean)).rejects.toThrow(/index\.json is not an OCI index or manifest|lists no manifest/);
    }
  });
});
