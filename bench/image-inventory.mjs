// Benchmark harness (not a test): wall time and peak RSS of an image inventory, per test image, plus a
// large image (Debian with 512 MiB of extra layer data) to show that memory does not grow with image size.
// Each measurement runs in a fresh process so its peak RSS is its own.
//   npm run build && node bench/image-inventory.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

if (process.argv[2] === '--one') {
  const { inventoryImage } = await import('../dist/image/inventory.js');
  const t0 = performance.now();
  const inv = await inventoryImage(process.argv[3]); // layer cache in $SWARMGUARD_CACHE_DIR
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms: Math.round(ms), rssMiB: Math.round(process.resourceUsage().maxRSS / 1024), packages: inv.packages.length }));
  process.exit(0);
}

const BIG = 'swarmguard-bench/debian-big:latest';
const ctx = mkdtempSync(path.join(os.tmpdir(), 'sg-bigimg-'));
try {
  execFileSync('dd', ['if=/dev/urandom', `of=${path.join(ctx, 'blob')}`, 'bs=1M', 'count=512'], { stdio: 'ignore' });
  writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM swarmguard-test/debian:bookworm\nCOPY blob /opt/blob\n');
  execFileSync('docker', ['build', '-q', '-t', BIG, ctx], { stdio: 'ignore', env: { ...process.env, DOCKER_BUILDKIT: '0' } });
} finally {
  rmSync(ctx, { recursive: true, force: true });
}
const images = ['swarmguard-test/busybox:latest', 'swarmguard-test/debian:bookworm', BIG];
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'sg-bench-cache-'));
console.log('image                               size MiB  cold ms  warm ms  peak RSS MiB (cold/warm)  packages');
for (const ref of images) {
  const size = Number(execFileSync('docker', ['image', 'inspect', '--format', '{{.Size}}', ref], { encoding: 'utf8' })) / 1024 / 1024;
  const run = () => JSON.parse(execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--one', ref], { encoding: 'utf8', env: { ...process.env, SWARMGUARD_CACHE_DIR: cacheDir } }));
  const cold = run();
  const warm = run();
  console.log(`${ref.padEnd(34)}  ${size.toFixed(0).padStart(8)}  ${String(cold.ms).padStart(7)}  ${String(warm.ms).padStart(7)}  ${`${cold.rssMiB} / ${warm.rssMiB}`.padStart(24)}  ${String(cold.packages).padStart(8)}`);
}
rmSync(cacheDir, { recursive: true, force: true });
execFileSync('docker', ['rmi', BIG], { stdio: 'ignore' });
