// Benchmark harness (not a test): `image scan` of 20 service images that share one base (each built FROM the
// Debian test image with a small layer of its own) against `image scan` of one of them, both with an empty
// layer cache, the whole command in a fresh process. Target: 20 images ≤ 2× the time of one. Also shows the
// layer counts the batch reports (each layer read once) and a warm re-run (nothing exported).
//   npm run build && node bench/many-images.mjs [RUNS]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, testAdvisoryDb } from './lib.mjs';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const RUNS = Number(process.argv[2] ?? 3);
const N = 20;
const work = mkdtempSync(path.join(os.tmpdir(), 'sg-bench-many-'));
const tag = `sgbenchmany${process.pid}`;
const images = Array.from({ length: N }, (_, k) => `swarmguard-bench/${tag}-${k}:1`);

// An advisory DB in the real OSV format, imported through the CLI.
const db = testAdvisoryDb(path.join(root, 'bin/swarmguard.js'), work);

function scan(refs, cacheDir) {
  const t0 = performance.now();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, path.join(root, 'bin/swarmguard.js'), 'image', 'scan', '--db', db, '--format', 'json', ...refs],
    {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, SWARMGUARD_CACHE_DIR: cacheDir, SWARMGUARD_CACHE_KEY: path.join(work, 'key') },
    },
  );
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
  const out = JSON.parse(r.stdout);
  return { ms, rssMiB: Number(r.stderr.trim().split('\n').pop()) / 1024, layers: out.layers ?? {} };
}

try {
  images.forEach((ref, k) => {
    const ctx = path.join(work, `ctx${k}`);
    mkdirSync(ctx);
    writeFileSync(path.join(ctx, 'Dockerfile'), `FROM swarmguard-test/debian:bookworm\nRUN echo service-${k} > /etc/service-id\n`);
    execFileSync('docker', ['build', '-q', '--network', 'none', '-t', ref, ctx], { stdio: 'ignore', env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  });
  const one = [];
  const many = [];
  let warm;
  for (let k = 0; k < RUNS; k++) {
    // One image (the single-image path), then all twenty.
    one.push(scan([images[0]], path.join(work, `one${k}`)));
    many.push(scan(images, path.join(work, `many${k}`)));
    warm = scan(images, path.join(work, `many${k}`));
  }
  const m1 = median(one.map((r) => r.ms));
  const m20 = median(many.map((r) => r.ms));
  const r20 = many.find((r) => r.ms === m20);
  console.log(`image scan, medians of ${RUNS} runs, cold layer cache, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  console.log(`  1 image:                  ${(m1 / 1000).toFixed(2)} s, ${Math.round(one.find((r) => r.ms === m1).rssMiB)} MiB`);
  console.log(`  ${N} images sharing a base:  ${(m20 / 1000).toFixed(2)} s, ${Math.round(r20.rssMiB)} MiB  (${(m20 / m1).toFixed(2)}× one image; target ≤ 2×)`);
  console.log(`  layers: ${r20.layers.read} read, ${r20.layers.readMoreThanOnce} more than once, ${r20.layers.exports} export(s)`);
  console.log(`  ${N} images again (warm):   ${(warm.ms / 1000).toFixed(2)} s, ${warm.layers.exports} export(s), ${warm.layers.read} layer(s) read`);
} finally {
  spawnSync('docker', ['rmi', ...images], { stdio: 'ignore' });
  rmSync(work, { recursive: true, force: true });
}
