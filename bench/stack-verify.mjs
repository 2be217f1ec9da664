// Benchmark harness (not a test): wall time of `swarmguard stack verify` on the seed stack (nginx + httpd
// from `compose init`, one replica each, one node), as a user runs it: the whole command, medians of N runs.
// Ports come from the images' EXPOSE (no -c, no --port).
//   npm run build && node bench/stack-verify.mjs [runs]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUNS = Number(process.argv[2] ?? 5);
const STACK = 'sgbenchverify';
const WEB = 'swarmguard-test/web:latest';
const PROBE = 'swarmguard-test/busybox:latest';
const bin = path.resolve('bin/swarmguard.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-bench-verify-'));
const sg = (...args) => spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
const leftovers = () => execFileSync('docker', ['ps', '-aq', '--filter', 'label=com.swarmguard.role=probe'], { encoding: 'utf8' }).trim();

try {
  const file = path.join(dir, 'stack.yml');
  if (sg('compose', 'init', file, '--image-nginx', WEB, '--image-httpd', WEB, '--endpoint-mode', 'dnsrr').status !== 0) throw new Error('compose init failed');
  writeFileSync(
    file,
    readFileSync(file, 'utf8')
      .replace(/interval: 30s/g, 'interval: 2s')
      .replace(/start_period: 10s/g, 'start_period: 1s'),
  );
  const d = sg('stack', 'deploy', '-c', file, '--resolve-image', 'never', '--wait', STACK);
  if (d.status !== 0) throw new Error(`deploy failed: ${d.stdout}${d.stderr}`);
  const times = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = sg('stack', 'verify', STACK, '--probe-image', PROBE, '--format', 'json');
    times.push(performance.now() - t0);
    if (last.status !== 0) throw new Error(`verify failed (exit ${last.status}): ${last.stdout}${last.stderr}`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const pairs = JSON.parse(last.stdout).pairs ?? [];
  console.log(
    `stack verify, seed stack (2 services, 1 node), ${RUNS} runs: median ${(median / 1000).toFixed(2)} s, min ${(times[0] / 1000).toFixed(2)} s, max ${(times.at(-1) / 1000).toFixed(2)} s; ${pairs.length} probe pairs; target <= 3 s`,
  );
  console.log(`probe containers left: ${leftovers() === '' ? 'none' : leftovers()}`);
} finally {
  sg('stack', 'rm', STACK);
  rmSync(dir, { recursive: true, force: true });
}
