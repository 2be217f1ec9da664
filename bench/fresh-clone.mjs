// Benchmark harness (not a test): `npm ci` on a fresh clone, as a newcomer or a CI job meets it, and
// what the native build costs in it. Clones the committed HEAD into a temporary directory, then times
//   1. `npm ci` (download, better-sqlite3 compiled from source, `prepare` = the TypeScript build),
//   2. `npm ci --ignore-scripts` (download and unpack only),
//   3. `npm rebuild better-sqlite3` (the native build alone).
// The npm cache (~/.npm) is warm after the first run, as on a CI runner that keeps it.
//   node bench/fresh-clone.mjs [--runs N]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { median } from './lib.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 1;
const timed = (cmd, cmdArgs, cwd) => {
  const t0 = performance.now();
  execFileSync(cmd, cmdArgs, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  return (performance.now() - t0) / 1000;
};

const rows = { full: [], noScripts: [], native: [] };
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sg-fresh-clone-'));
  try {
    execFileSync('git', ['clone', '--quiet', root, dir]);
    process.stderr.write(`run ${i + 1}/${runs}: npm ci\n`);
    rows.full.push(timed('npm', ['ci', '--no-audit', '--no-fund'], dir));
    rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
    rows.noScripts.push(timed('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], dir));
    rows.native.push(timed('npm', ['rebuild', 'better-sqlite3'], dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(
  `npm ci on a fresh clone (median of ${runs}, Node ${process.version}, npm ${execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim()}, load average ${loadavg()[0].toFixed(1)})`,
);
console.log(`npm ci, complete (native build and TypeScript build included)  ${median(rows.full).toFixed(1).padStart(6)} s`);
console.log(`npm ci --ignore-scripts (download and unpack only)              ${median(rows.noScripts).toFixed(1).padStart(6)} s`);
console.log(`npm rebuild better-sqlite3 (the native build alone)             ${median(rows.native).toFixed(1).padStart(6)} s`);
