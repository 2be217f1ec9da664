// Benchmark harness (not a test): the built-in node:sqlite against better-sqlite3 on the vulnerability
// database's work: a bulk import in one transaction (advisories, affected packages, an index), then
// point look-ups by (namespace, package) joined to the advisory, as a scan does. Each engine runs in
// its own process, on the Node running this script (node:sqlite needs Node 22.13+ or 23.4+; on Node 24
// it needs no flag). better-sqlite3 must be built for that Node: pass its addon with --addon FILE
// (.cache/node-MAJOR/ keeps one per Node major that .ci/node-versions.sh had to build one for).
// A third row runs the same work through swarmguard's own SQLite layer (dist/core/sqlite.js: `npm run build`
// first), on the engine it picks on this Node: node:sqlite on 22.13+ and 24, better-sqlite3 on 20. Its cost over
// the engine underneath is what the stores pay for having one API on both.
//   node bench/sqlite-engines.mjs [--addon path/to/better_sqlite3.node] [--runs N]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const arg = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const ADVISORIES = 100_000;
const AFFECTED_PER = 2;
const PACKAGES = 20_000;
const LOOKUPS = 50_000;

const SCHEMA = `
  CREATE TABLE advisories (source TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE TABLE affected (advisory INTEGER NOT NULL, namespace TEXT NOT NULL, package TEXT NOT NULL, ranges TEXT NOT NULL);`;
const INDEX = 'CREATE INDEX affected_pkg ON affected(namespace, package)';
const LOOKUP = 'SELECT a.id, a.doc, f.ranges FROM affected f JOIN advisories a ON a.rowid = f.advisory WHERE f.namespace = ? AND f.package = ?';

async function work(engine, addon, file) {
  let db;
  if (engine === 'swarmguard') {
    const { openSqlite } = await import(new URL('../dist/core/sqlite.js', import.meta.url).href);
    db = openSqlite(file);
  } else if (engine === 'node:sqlite') {
    const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite');
    db = new DatabaseSync(file);
  } else {
    const Database = createRequire(import.meta.url)('better-sqlite3');
    db = new Database(file, addon ? { nativeBinding: addon } : {});
  }
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  db.exec(SCHEMA);
  const t0 = performance.now();
  const insA = db.prepare('INSERT INTO advisories(source, id, doc) VALUES (?, ?, ?)');
  const insF = db.prepare('INSERT INTO affected(advisory, namespace, package, ranges) VALUES (?, ?, ?, ?)');
  db.exec('BEGIN');
  for (let i = 0; i < ADVISORIES; i++) {
    const doc = JSON.stringify({
      summary: `advisory ${i} in a package`,
      severity: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'][i % 4],
      references: [`https://example.test/${i}`],
    });
    const rowid = Number(insA.run('osv', `CVE-2090-${i}`, doc).lastInsertRowid);
    for (let k = 0; k < AFFECTED_PER; k++) {
      insF.run(
        rowid,
        ['debian:12', 'alpine:3.20', 'npm', 'pypi'][(i + k) % 4],
        `pkg${(i * 7 + k) % PACKAGES}`,
        JSON.stringify([{ introduced: '0' }, { fixed: `1.${i % 50}.${k}` }]),
      );
    }
  }
  db.exec('COMMIT');
  const t1 = performance.now();
  db.exec(INDEX);
  const t2 = performance.now();
  const q = db.prepare(LOOKUP);
  let rows = 0;
  for (let i = 0; i < LOOKUPS; i++) rows += q.all(['debian:12', 'alpine:3.20', 'npm', 'pypi'][i % 4], `pkg${(i * 13) % PACKAGES}`).length;
  const t3 = performance.now();
  db.close();
  return { via: db.engine ?? engine, insertMs: t1 - t0, indexMs: t2 - t1, lookupMs: t3 - t2, rows, rssMiB: process.resourceUsage().maxRSS / 1024 };
}

if (args[0] === '--child') {
  const dir = mkdtempSync(path.join(tmpdir(), 'sg-sqlite-'));
  const file = path.join(dir, 'db.sqlite');
  const r = await work(args[1], args[2] || undefined, file);
  r.fileMiB = statSync(file).size / 1048576;
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(r));
} else {
  const runs = Number(arg('--runs')) || 3;
  const addon = arg('--addon') ? path.resolve(arg('--addon')) : '';
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(
    `SQLite engines on Node ${process.version} (load average ${loadavg()[0].toFixed(1)}): ${ADVISORIES} advisories, ${ADVISORIES * AFFECTED_PER} affected rows, ${LOOKUPS} look-ups; median of ${runs}`,
  );
  console.log('engine                        import ms  index ms  look-ups ms  rows found  file MiB  peak MiB');
  for (const engine of ['better-sqlite3', 'node:sqlite', 'swarmguard']) {
    let samples;
    try {
      samples = Array.from({ length: runs }, () =>
        JSON.parse(
          execFileSync(process.execPath, ['--no-warnings', import.meta.filename, '--child', engine, addon], {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
          }),
        ),
      );
    } catch (e) {
      console.log(
        `${engine.padEnd(28)}  not available here: ${
          String(e.stderr ?? e.message)
            .split('\n')
            .find((l) => /Error/.test(l)) ?? 'failed'
        }`,
      );
      continue;
    }
    const m = (k) => median(samples.map((s) => s[k]));
    console.log(
      `${(engine === 'swarmguard' ? `swarmguard on ${samples[0].via}` : engine).padEnd(28)}  ${m('insertMs').toFixed(0).padStart(9)}  ${m('indexMs').toFixed(0).padStart(8)}  ${m('lookupMs').toFixed(0).padStart(11)}  ${String(samples[0].rows).padStart(10)}  ${m('fileMiB').toFixed(1).padStart(8)}  ${m('rssMiB').toFixed(0).padStart(8)}`,
    );
  }
}
