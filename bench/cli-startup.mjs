// Benchmark harness (not a test): what a user waits for before swarmguard does anything.
// Median wall time, CPU time (user + system) and peak memory (max RSS) of `--version`, `--help` and
// `compose lint` over several runs of the built CLI, as a pre-commit hook or a CI step runs it. On a
// shared machine the wall time follows the load (the table starts with an empty Node script, the
// floor); the CPU time much less so.
//   npm run build && node bench/cli-startup.mjs [--runs N] [--bin path/to/bin/swarmguard.js ...]
// Several --bin give a side-by-side table (e.g. before and after a change).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { median } from './lib.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 15;
const bins = args.flatMap((a, i) => (args[i - 1] === '--bin' ? [path.resolve(a)] : []));
if (bins.length === 0) bins.push(path.join(root, 'bin/swarmguard.js'));
const GNU_TIME = '/usr/bin/time';
if (!existsSync(GNU_TIME)) {
  console.error('error: /usr/bin/time (GNU time) is needed for the peak memory: apt-get install time');
  process.exit(1);
}

const CASES = [
  { name: '--version', args: ['--version'], target: { s: 0.15, mib: 50 } },
  { name: '--help', args: ['--help'], target: { s: 0.15, mib: 50 } },
  { name: 'compose lint examples/insecure-stack.yaml', args: ['compose', 'lint', path.join(root, 'examples/insecure-stack.yaml')], target: { s: 0.3 } },
];

const dir = mkdtempSync(path.join(tmpdir(), 'sg-cli-startup-'));
const rssFile = path.join(dir, 'rss');
/** One run: wall seconds and peak RSS in MiB. */
function once(bin, cmdArgs) {
  const t0 = performance.now();
  const r = spawnSync(GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, process.execPath, bin, ...cmdArgs], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: 'ignore',
  });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${bin} ${cmdArgs.join(' ')} exited ${r.status}`);
  const [rssKiB, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { s, cpu: user + sys, mib: rssKiB / 1024 };
}

console.log(`swarmguard start-up, median of ${runs} runs (Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at the start)`);
const rows = [];
// The floor: Node starting an empty script on this machine right now.
const empty = path.join(dir, 'empty.mjs');
writeFileSync(empty, '');
once(empty, []);
const floor = Array.from({ length: runs }, () => once(empty, []));
rows.push({
  what: 'node, empty script (the floor)',
  bin: '',
  s: median(floor.map((x) => x.s)),
  cpu: median(floor.map((x) => x.cpu)),
  mib: median(floor.map((x) => x.mib)),
  target: {},
});
for (const c of CASES) {
  for (const bin of bins) {
    once(bin, c.args); // warm the file cache
    const samples = Array.from({ length: runs }, () => once(bin, c.args));
    rows.push({
      what: c.name,
      bin,
      s: median(samples.map((x) => x.s)),
      cpu: median(samples.map((x) => x.cpu)),
      mib: median(samples.map((x) => x.mib)),
      target: c.target,
    });
  }
}
rmSync(dir, { recursive: true, force: true });

const label = (bin) => (bins.length > 1 && bin ? path.relative(process.cwd(), bin) || bin : '');
const width = Math.max(...rows.map((r) => r.what.length));
const binWidth = Math.max(0, ...rows.map((r) => label(r.bin).length));
console.log(`${'what'.padEnd(width)}  ${binWidth ? `${'bin'.padEnd(binWidth)}  ` : ''}median s  cpu s  peak MiB  target`);
for (const r of rows) {
  const target = [r.target.s !== undefined ? `≤ ${r.target.s} s` : '', r.target.mib !== undefined ? `≤ ${r.target.mib} MiB` : ''].filter(Boolean).join(', ');
  const met = (r.target.s === undefined || r.s <= r.target.s) && (r.target.mib === undefined || r.mib <= r.target.mib);
  console.log(
    `${r.what.padEnd(width)}  ${binWidth ? `${label(r.bin).padEnd(binWidth)}  ` : ''}${r.s.toFixed(3).padStart(8)}  ${r.cpu.toFixed(2).padStart(5)}  ${r.mib.toFixed(1).padStart(8)}  ${target}${met ? '' : '  (not met)'}`,
  );
}
