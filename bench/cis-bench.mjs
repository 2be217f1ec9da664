// Benchmark harness (not a test): `swarmguard bench`, the whole command as a user runs it, with 10, 50
// and 100 *running* containers (each with a process list to read), median wall time of several runs;
// then where the time goes: start-up (the bench command's modules, timed as `bench --help`), the engine snapshot
// and the host facts each alone, both as the command reads them (at once), the checks, and the engine API calls.
// Calls must grow with containers (one inspect each; processes come from /proc when visible, else one top each), not with checks.
//   npm run build && node bench/cis-bench.mjs [--runs N] [--bin other/bin/swarmguard.js]
// The containers are named sgperf-PID-N, labelled org.swarmguard.perf, and removed at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { connectEngine } from '../dist/engine/connection.js';
import { takeSnapshot, mapBounded } from '../dist/engine/snapshot.js';
import { collectHostFacts } from '../dist/bench/host-facts.js';
import { runBench } from '../dist/bench/runner.js';
import { benchContext } from '../dist/cli/bench.js';
import { median } from './lib.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 5;
// --bin times another checkout's CLI (e.g. before a change); the in-process breakdown is always this checkout's.
const bin = args.includes('--bin') ? path.resolve(args[args.indexOf('--bin') + 1]) : path.join(root, 'bin/swarmguard.js');
const IMAGE = 'swarmguard-test/busybox:latest';
const PREFIX = `sgperf-${process.pid}-`;
const LABEL = 'org.swarmguard.perf';
const SIZES = [10, 50, 100];

const conn = await connectEngine();
const docker = conn.docker;

async function cleanup() {
  const mine = await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${process.pid}`] } });
  await mapBounded(mine, 4, (c) =>
    docker
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => undefined),
  );
}
process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));

async function startContainers(from, to) {
  const names = Array.from({ length: to - from }, (_, i) => `${PREFIX}${from + i}`);
  await mapBounded(names, 4, async (name) => {
    const c = await docker.createContainer({
      name,
      Image: IMAGE,
      Cmd: ['sleep', '3600'],
      Labels: { [LABEL]: String(process.pid) },
      HostConfig: { NetworkMode: 'none' },
    });
    await c.start();
  });
}

const include = `^${PREFIX}`;
const cpuFile = path.join(mkdtempSync(path.join(tmpdir(), 'sg-cis-bench-')), 'cpu');
/** One run of the whole command: wall seconds and the CLI's own CPU seconds (the engine's work is not in it). */
const cli = () => {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, process.execPath, bin, 'bench', '--include-containers', include, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`swarmguard bench exited ${r.status}: ${r.stderr}`);
  const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { s, cpu: user + sys };
};
/** Start-up of the bench command: its modules load, nothing is read. */
const startup = () => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, 'bench', '--help'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`swarmguard bench --help exited ${r.status}: ${r.stderr}`);
  return performance.now() - t0;
};
const startupMs = median(Array.from({ length: runs }, startup));

const rows = [];
try {
  let made = 0;
  for (const n of SIZES) {
    process.stderr.write(`starting containers ${made + 1}..${n}\n`);
    await startContainers(made, n);
    made = n;
    cli(); // warm the file cache
    const samples = Array.from({ length: runs }, cli);
    const wall = median(samples.map((x) => x.s));
    const cpu = median(samples.map((x) => x.cpu));
    // Where the time goes, in process (no start-up).
    const t0 = performance.now();
    const snapshot = await takeSnapshot(conn, { include: new RegExp(include) });
    const t1 = performance.now();
    const host = await collectHostFacts();
    const t2 = performance.now();
    const report = runBench({ snapshot, host, options: { trustedUsers: [], swarmIntended: true, now: new Date() } });
    const t3 = performance.now();
    // Both as the command reads them: the host while the engine answers (connection included).
    await benchContext({ includeContainers: include, trustedUsers: '', swarm: true });
    const t4 = performance.now();
    const running = snapshot.containers.filter((c) => c.running).length;
    rows.push({
      n,
      running,
      wall,
      cpu,
      snapshotMs: t1 - t0,
      hostMs: t2 - t1,
      bothMs: t4 - t3,
      checksMs: t3 - t2,
      apiCalls: snapshot.apiCalls,
      checks: report.checks,
    });
  }
} finally {
  await cleanup();
}

const engineContainers = execFileSync('docker', ['ps', '-aq'], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
// Which engine and image store (DOCKER_HOST picks it: scripts/engines.sh env 28 containerd).
const engine = execFileSync('docker', ['info', '--format', '{{.ServerVersion}} {{.Driver}} {{json .DriverStatus}}'], { encoding: 'utf8' }).trim();
const [engineVersion, driver] = engine.split(' ');
const store = engine.includes('io.containerd.snapshotter') ? 'containerd image store' : `${driver} store`;
console.log(
  `swarmguard bench, the whole command (median of ${runs} runs, ${path.relative(root, bin)}, Node ${process.version}, Engine ${engineVersion}, ${store}, load average ${loadavg()[0].toFixed(1)}); target at 100 running containers: ≤ 1.0 s`,
);
const header = [
  'containers',
  'running',
  'command s',
  'cpu s',
  'start-up ms',
  'snapshot ms',
  'host facts ms',
  'both at once ms',
  'checks ms',
  'engine API calls',
  'checks',
];
console.log(header.join('  '));
for (const r of rows) {
  const cells = [
    r.n,
    r.running,
    r.wall.toFixed(2),
    r.cpu.toFixed(2),
    startupMs.toFixed(0),
    r.snapshotMs.toFixed(0),
    r.hostMs.toFixed(0),
    r.bothMs.toFixed(0),
    r.checksMs.toFixed(0),
    r.apiCalls,
    r.checks,
  ];
  console.log(cells.map((c, i) => String(c).padStart(header[i].length)).join('  '));
}
const [a, , c] = rows;
console.log(
  `engine API calls per added running container: ${((c.apiCalls - a.apiCalls) / (c.n - a.n)).toFixed(2)} (one inspect each; processes come from /proc when visible, else one top each)`,
);
console.log(`(the engine held ${engineContainers} containers in all after cleanup; images and networks are read whole)`);
