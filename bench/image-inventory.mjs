// Benchmark harness (not a test): `sbom` as a user runs it — the whole command in a fresh process — on the
// `docker save` tars of the Debian bookworm and the Python+npm test images, cold (empty layer cache) and warm,
// plus the same images from the engine, and a large image (Debian + 512 MiB) to show that peak memory stays
// flat as images grow. Medians of RUNS runs (default 5); peak RSS is the median run's maxRSS. The image work
// alone (in-process, without start-up) is printed too, with its CPU time, which load on the machine does not
// inflate.
//   npm run build && node bench/image-inventory.mjs [RUNS]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from './lib.mjs';

const root = path.resolve(new URL('..', import.meta.url).pathname);

if (process.argv[2] === '--in-process') {
  const { inventoryImage, CACHE_SALT } = await import('../dist/image/inventory.js');
  const { LayerCache } = await import('../dist/image/layer-cache.js');
  const [, , , target, cacheDir] = process.argv;
  const cache = new LayerCache(cacheDir, CACHE_SALT, { keyFile: `${cacheDir}.key` });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const inv = await inventoryImage(target.endsWith('.tar') ? 'x' : target, target.endsWith('.tar') ? { input: target, cache } : { cache });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMiB: process.resourceUsage().maxRSS / 1024, packages: inv.packages.length }));
  process.exit(0);
}

const RUNS = Number(process.argv[2] ?? 5);
const work = mkdtempSync(path.join(os.tmpdir(), 'sg-bench-img-'));

/** The whole command, in a fresh process: wall time and peak RSS (GNU time). */
function cli(args, env) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, path.join(root, 'bin/swarmguard.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  const [s, kib, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { ms: s * 1000, rssMiB: kib / 1024, cpuMs: (user + sys) * 1000 };
}

function inProcess(target, cacheDir) {
  return JSON.parse(execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--in-process', target, cacheDir], { encoding: 'utf8' }));
}

/** Runs cold (a fresh cache each time) and warm (the cache of a cold run) RUNS times each. */
function measure(target) {
  const args = target.endsWith('.tar') ? ['sbom', '--input', target, '--format', 'json'] : ['sbom', target, '--format', 'json'];
  const cold = [];
  const warm = [];
  const coldIn = [];
  const warmIn = [];
  for (let k = 0; k < RUNS; k++) {
    const c = path.join(work, `c${k}-${Math.random().toString(16).slice(2)}`);
    const env = { SWARMGUARD_CACHE_DIR: c, SWARMGUARD_CACHE_KEY: path.join(work, 'key') };
    cold.push(cli(args, env));
    warm.push(cli(args, env));
    const ci = path.join(work, `i${k}-${Math.random().toString(16).slice(2)}`);
    coldIn.push(inProcess(target, ci));
    warmIn.push(inProcess(target, ci));
  }
  const pick = (runs) => {
    const m = median(runs.map((r) => r.ms));
    return runs.find((r) => r.ms === m);
  };
  return { cold: pick(cold), warm: pick(warm), coldIn: pick(coldIn), warmIn: pick(warmIn) };
}

const BIG = `swarmguard-bench/debian-big-${process.pid}:latest`;
execFileSync('bash', [path.join(root, 'scripts/images/langs-image.sh')], { stdio: 'ignore' });
const ctx = mkdtempSync(path.join(os.tmpdir(), 'sg-bigimg-'));
try {
  execFileSync('dd', ['if=/dev/urandom', `of=${path.join(ctx, 'blob')}`, 'bs=1M', 'count=512'], { stdio: 'ignore' });
  writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM swarmguard-test/debian:bookworm\nCOPY blob /opt/blob\n');
  execFileSync('docker', ['build', '-q', '-t', BIG, ctx], { stdio: 'ignore', env: { ...process.env, DOCKER_BUILDKIT: '0' } });
} finally {
  rmSync(ctx, { recursive: true, force: true });
}
const debianTar = path.join(work, 'debian.tar');
const langsTar = path.join(work, 'langs.tar');
execFileSync('docker', ['save', '-o', debianTar, 'swarmguard-test/debian:bookworm']);
execFileSync('docker', ['save', '-o', langsTar, 'swarmguard-test/langs:latest']);

const rows = [
  ['Debian bookworm docker save tar', debianTar, 'cold ≤ 1.0 s, ≤ 100 MiB; warm ≤ 0.4 s'],
  ['Python+npm test image tar', langsTar, 'cold ≤ 1.2 s, ≤ 110 MiB'],
  ['Debian bookworm, from the engine', 'swarmguard-test/debian:bookworm', ''],
  ['Debian + 512 MiB, from the engine', BIG, 'memory flat'],
];
const f = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (x) => `${Math.round(x)} MiB`;
console.log(`sbom, medians of ${RUNS} runs, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
console.log('(wall time; CPU time in brackets: on a loaded machine it is the steadier figure)');
console.log(
  `${'what'.padEnd(36)} ${'cold'.padStart(17)} ${'peak'.padStart(8)} ${'warm'.padStart(17)} ${'peak'.padStart(8)}   ${'image work alone, cold / warm'.padEnd(30)} target`,
);
try {
  for (const [name, target, goal] of rows) {
    const m = measure(target);
    const inproc = `${f(m.coldIn.ms)} (${f(m.coldIn.cpuMs)}) / ${f(m.warmIn.ms)} (${f(m.warmIn.cpuMs)})`;
    const both = (r) => `${f(r.ms)} (${f(r.cpuMs)})`;
    console.log(
      `${name.padEnd(36)} ${both(m.cold).padStart(17)} ${mib(m.cold.rssMiB).padStart(8)} ${both(m.warm).padStart(17)} ${mib(m.warm.rssMiB).padStart(8)}   ${inproc.padEnd(30)} ${goal}`,
    );
  }
  const v = [];
  for (let k = 0; k < RUNS; k++) v.push(cli(['--version'], {}));
  const mv = median(v.map((r) => r.ms));
  console.log(
    `${'(start-up: swarmguard --version)'.padEnd(36)} ${`${f(mv)} (${f(v.find((r) => r.ms === mv).cpuMs)})`.padStart(17)} ${mib(median(v.map((r) => r.rssMiB))).padStart(8)}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
  spawnSync('docker', ['rmi', BIG], { stdio: 'ignore' });
}
