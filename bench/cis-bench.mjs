// Benchmark harness (not a test): CIS bench wall time and engine API calls at 10, 50 and 100 containers.
// Calls must grow with containers (one inspect each, plus top for running ones), not with checks.
//   npm run build && node bench/cis-bench.mjs
import { execFileSync } from 'node:child_process';
import { connectEngine } from '../dist/engine/connection.js';
import { takeSnapshot } from '../dist/engine/snapshot.js';
import { collectHostFacts } from '../dist/bench/host-facts.js';
import { runBench } from '../dist/bench/runner.js';

const IMAGE = 'swarmguard-test/busybox:latest';
const PREFIX = 'sgperf-';
const docker = (...a) => execFileSync('docker', a, { encoding: 'utf8' }).trim();
const cleanup = () => {
  const ids = docker('ps', '-aq', '--filter', `name=^${PREFIX}`);
  if (ids) docker('rm', '-f', ...ids.split('\n'));
};

cleanup();
const conn = await connectEngine();
const rows = [];
let made = 0;
for (const n of [10, 50, 100]) {
  for (; made < n; made++) docker('create', '--network', 'none', '--name', `${PREFIX}${made}`, IMAGE, 'sleep', '1');
  const include = new RegExp(`^${PREFIX}`);
  const t0 = performance.now();
  const snapshot = await takeSnapshot(conn, { include });
  const host = await collectHostFacts();
  const report = runBench({ snapshot, host, options: { trustedUsers: [], swarmIntended: true, now: new Date() } });
  const ms = performance.now() - t0;
  rows.push({ containers: n, ms: Math.round(ms), apiCalls: snapshot.apiCalls, checks: report.checks });
}
cleanup();
console.log('containers  wall ms  engine API calls  checks');
for (const r of rows) console.log(`${String(r.containers).padStart(10)}  ${String(r.ms).padStart(7)}  ${String(r.apiCalls).padStart(16)}  ${String(r.checks).padStart(6)}`);
const [a, , c] = rows;
console.log(`calls per added container: ${((c.apiCalls - a.apiCalls) / (c.containers - a.containers)).toFixed(2)} (linear: one inspect each)`);
