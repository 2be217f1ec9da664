// Many images on the real swarm: images built FROM the local Debian test image, deployed as a stack
// (--resolve-image never), scanned with `image scan --stack` and `--services`: one result per image, and
// every layer read once (the shared base included), then none at all once the cache has them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtureDb, waitFor } from '../helpers/fixture-db.js';
import { run, runCli, sh } from '../helpers/run.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-many-'));
const PREFIX = `sgmany${process.pid}`;
const STACK = `${PREFIX}stack`;
const IMAGES = ['a', 'b', 'c'].map((x) => `swarmguard-test/${PREFIX}-${x}:1`);
let db: string;

type Out = {
  images: { ref: string; services: string[]; imageId?: string; packages?: number; counts?: Record<string, number>; error?: string }[];
  summary: { images: number; failed: number; findings: number };
  layers: { read: number; readMoreThanOnce: number; fromCache: number; exports: number };
};

const scan = (cacheDir: string, ...args: string[]) =>
  runCli(['image', 'scan', '--db', db, '--format', 'json', ...args], {
    env: { ...process.env, NO_COLOR: '1', SWARMGUARD_CACHE_DIR: cacheDir, SWARMGUARD_CACHE_KEY: path.join(dir, 'cache.key') },
  });

beforeAll(async () => {
  db = makeFixtureDb(dir);
  for (const [k, ref] of IMAGES.entries()) {
    const ctx = path.join(dir, `ctx${k}`);
    mkdirSync(ctx, { recursive: true });
    writeFileSync(path.join(ctx, 'Dockerfile'), `FROM swarmguard-test/debian:bookworm\nRUN echo ${ref} > /etc/${PREFIX}-${k}\n`);
    await sh('docker', ['build', '-q', '--network', 'none', '-t', ref, ctx], { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  }
  const compose = [
    'version: "3.8"',
    'services:',
    ...IMAGES.flatMap((ref, k) => [`  s${k}:`, `    image: ${ref}`, '    command: ["sleep", "infinity"]', '    deploy: { replicas: 0 }']),
  ].join('\n');
  writeFileSync(path.join(dir, 'stack.yml'), `${compose}\n`);
  await sh('docker', ['stack', 'deploy', '--resolve-image', 'never', '-c', path.join(dir, 'stack.yml'), STACK]);
}, 300_000);

afterAll(async () => {
  await run('docker', ['stack', 'rm', STACK]);
  const gone = async () => (await run('docker', ['service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${STACK}`])).stdout.trim() === '';
  await waitFor(`the services of ${STACK} to be removed`, async () => ((await gone()) ? true : undefined), 60_000).catch(() => undefined);
  await run('docker', ['rmi', ...IMAGES]);
  rmSync(dir, { recursive: true, force: true });
});

const diffIds = (ref: string): string[] =>
  JSON.parse(execFileSync('docker', ['image', 'inspect', '--format', '{{json .RootFS.Layers}}', ref], { encoding: 'utf8' })) as string[];

describe('image scan of many images (real swarm)', () => {
  it('--stack: a result per service image, one export, every layer (the shared base too) read once', async () => {
    const cache = path.join(dir, 'cache-stack');
    const r = await scan(cache, '--stack', STACK);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.images.map((i) => i.ref).sort()).toEqual([...IMAGES].sort());
    expect(out.images.map((i) => i.services[0]).sort()).toEqual([`${STACK}_s0`, `${STACK}_s1`, `${STACK}_s2`]);
    for (const i of out.images) {
      expect(i.error).toBeUndefined();
      expect(i.packages).toBeGreaterThan(50);
      expect(i.counts?.CRITICAL).toBe(1); // bash in Debian 12, from the fixture advisories
    }
    // Distinct layers of the three images: the base's, plus one of each image's own.
    const distinct = new Set(IMAGES.flatMap(diffIds));
    expect(distinct.size).toBe(diffIds('swarmguard-test/debian:bookworm').length + 3);
    expect(out.layers).toMatchObject({ read: distinct.size, readMoreThanOnce: 0, exports: 1 });
    // Scanned again: every layer comes from the cache, nothing is exported.
    const again = JSON.parse((await scan(cache, '--stack', STACK)).stdout) as Out;
    expect(again.layers).toMatchObject({ read: 0, exports: 0 });
    expect(again.images.map((i) => i.counts)).toEqual(out.images.map((i) => i.counts));
  });

  it('--services covers the stack images among every service the swarm runs; a missing image is reported, the rest scanned', async () => {
    const r = await scan(path.join(dir, 'cache-services'), '--services', `swarmguard-test/${PREFIX}-missing:1`);
    const out = JSON.parse(r.stdout) as Out;
    for (const ref of IMAGES) expect(out.images.find((i) => i.ref === ref)?.services).toEqual([`${STACK}_s${IMAGES.indexOf(ref)}`]);
    const missing = out.images.find((i) => i.ref === `swarmguard-test/${PREFIX}-missing:1`);
    expect(missing?.error).toMatch(/not on this engine/);
    expect(r.status).toBe(4);
    // The stack's layers, shared with nothing new, were each read once.
    expect(out.layers.readMoreThanOnce).toBe(0);
  });

  it('the programmatic batch (for audit) reads each layer once across images sharing a base', async () => {
    const { inventoryImages } = await import('../../src/image/batch.js');
    const { LayerCache } = await import('../../src/image/layer-cache.js');
    const { CACHE_SALT } = await import('../../src/image/inventory.js');
    const cache = new LayerCache(path.join(dir, 'cache-api'), CACHE_SALT, { keyFile: path.join(dir, 'cache.key') });
    const r = await inventoryImages([...IMAGES, IMAGES[0]!], { cache, concurrency: 2 });
    expect(r.items.map((i) => i.ref)).toEqual([...IMAGES, IMAGES[0]]);
    expect(r.items.every((i) => i.inventory !== undefined)).toBe(true);
    expect([...r.layerReads.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(r.items.map((i) => i.inventory!.imageId)).size).toBe(3);
    // Same packages as the one-image path.
    const { inventoryImage } = await import('../../src/image/inventory.js');
    const one = await inventoryImage(IMAGES[1]!, { cache: null });
    expect(r.items[1]!.inventory!.packages).toEqual(one.packages);
  });
});
