// Load and fault harness (not a test) for serve replicas over one PostgreSQL history (scripts/postgres.sh):
// queues N scans of N distinct images (each FROM the Debian test image with a small layer of its own) and
// runs them on 1, 2 and 4 `serve` workers (one scan at a time each), printing throughput, p50/p99 latency
// (queued → recorded) and the database's size. Then two fault runs on 2 workers: one worker killed mid-run
// (its scan completes elsewhere, exactly once), and a PostgreSQL restart mid-run (nothing lost).
//   npm run build && node bench/scale-queue.mjs [N=200] [WORKERS=1,2,4]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { testAdvisoryDb } from './lib.mjs';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const N = Number(process.argv[2] ?? 200);
const WORKERS = (process.argv[3] ?? '1,2,4').split(',').map(Number);
const work = mkdtempSync(path.join(os.tmpdir(), 'sg-bench-scale-'));
const tag = `sgbenchscale${process.pid}`;
const images = Array.from({ length: N }, (_, k) => `swarmguard-bench/${tag}:${k}`);
const cli = path.join(root, 'bin/swarmguard.js');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

// PostgreSQL, and a database per run.
execFileSync('bash', [path.join(root, 'scripts/postgres.sh'), 'up'], { stdio: 'inherit' });
const env = Object.fromEntries(
  execFileSync('bash', [path.join(root, 'scripts/postgres.sh'), 'env'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.split('=', 2)),
);
const password = readFileSync(env.SG_TEST_PG_PASSWORD_FILE, 'utf8').trim();
const admin = async (sql) => {
  const c = new pg.Client({ host: env.SG_TEST_PG_HOST, user: env.SG_TEST_PG_USER, database: 'postgres', password });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};

// An advisory DB in the real OSV format, imported through the CLI.
const vulnDb = testAdvisoryDb(cli, work);

// N distinct images: each adds a file of its own to the Debian test image.
const t0build = performance.now();
const ids = [];
for (let k = 0; k < N; k++) {
  const ctx = path.join(work, `ctx${k}`);
  mkdirSync(ctx);
  writeFileSync(path.join(ctx, 'id'), `${tag}-${k}\n`);
  writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM swarmguard-test/debian:bookworm\nCOPY id /etc/sgbench-id\n');
  execFileSync('docker', ['build', '-q', '-t', images[k], ctx], { stdio: 'ignore' });
  ids.push(execFileSync('docker', ['image', 'inspect', '--format', '{{.Id}}', images[k]], { encoding: 'utf8' }).trim());
}
console.log(`built ${N} images in ${((performance.now() - t0build) / 1000).toFixed(1)} s`);
writeFileSync(path.join(work, 'token'), `bench-token-${process.pid}-0123456789abcdef0123`, { mode: 0o600 });

// Each run gets a layer cache of its own, warmed with the shared base only (as a running swarm has it): every
// run then reads each image's own layer once, instead of finding the previous run's copy.
function freshCache(name) {
  const dir = path.join(work, `cache-${name}`);
  execFileSync(process.execPath, [cli, 'image', 'scan', '--db', vulnDb, '--format', 'json', 'swarmguard-test/debian:bookworm'], {
    stdio: 'ignore',
    env: { ...process.env, XDG_CACHE_HOME: dir },
  });
  return dir;
}

function startWorker(url, port, cache) {
  const child = spawn(
    process.execPath,
    [
      cli,
      'serve',
      '--listen',
      `127.0.0.1:${port}`,
      '--token-file',
      path.join(work, 'token'),
      '--db',
      vulnDb,
      '--history',
      url,
      '--concurrency',
      '1',
      '--lease-seconds',
      '5',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SWARMGUARD_DATABASE_PASSWORD_FILE: env.SG_TEST_PG_PASSWORD_FILE, XDG_CACHE_HOME: cache } },
  );
  child.log = '';
  child.stderr.on('data', (b) => (child.log += b.toString()));
  return child;
}
const stop = async (child) => {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
};

async function run(workers, fault) {
  const dbName = `sgbench_${process.pid}_${workers}_${fault ?? 'none'}`.replace(/-/g, '_');
  await admin(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin(`CREATE DATABASE ${dbName}`);
  const url = `postgres://${env.SG_TEST_PG_USER}@/${dbName}?host=${encodeURIComponent(env.SG_TEST_PG_HOST)}`;
  const client = new pg.Client({ host: env.SG_TEST_PG_HOST, user: env.SG_TEST_PG_USER, database: dbName, password });
  // The restart run cuts this connection too: it is replaced below.
  client.on('error', () => undefined);
  // The first worker creates the schema; the others start once it is there.
  const cache = freshCache(dbName);
  const children = [startWorker(url, 21000 + workers * 10, cache)];
  while (!children[0].log.includes('listening on')) await sleep(50);
  for (let w = 1; w < workers; w++) children.push(startWorker(url, 21000 + workers * 10 + w, cache));
  while (!children.every((c) => c.log.includes('listening on'))) await sleep(50);
  await client.connect();
  const t0 = Date.now();
  for (let k = 0; k < N; k++)
    await client.query("INSERT INTO scans (digest, repository, tag, trigger, origin, status) VALUES ($1, $2, $3, 'deploy', $4, 'queued')", [
      ids[k],
      `swarmguard-bench/${tag}`,
      String(k),
      `ref:${images[k]}`,
    ]);
  let faulted = false;
  for (;;) {
    const { rows } = await client.query("SELECT COUNT(*)::int AS n FROM scans WHERE status <> 'queued'").catch(() => ({ rows: [{ n: -1 }] }));
    const done = rows[0].n;
    if (done >= N) break;
    if (!faulted && fault && done >= N / 4) {
      faulted = true;
      if (fault === 'kill') children[0].kill('SIGKILL');
      if (fault === 'restart') {
        await client.end().catch(() => undefined);
        execFileSync('bash', [path.join(root, 'scripts/postgres.sh'), 'restart'], { stdio: 'ignore' });
        const fresh = new pg.Client({ host: env.SG_TEST_PG_HOST, user: env.SG_TEST_PG_USER, database: dbName, password });
        fresh.on('error', () => undefined);
        await fresh.connect();
        Object.assign(client, { query: fresh.query.bind(fresh), end: fresh.end.bind(fresh) });
      }
    }
    await sleep(200);
  }
  const wall = (Date.now() - t0) / 1000;
  const { rows } = await client.query(
    "SELECT status, resumes, EXTRACT(EPOCH FROM finished_at - queued_at) * 1000 AS ms, (SELECT COUNT(*) FROM scans s2 WHERE s2.digest = scans.digest AND s2.status = 'done')::int AS copies FROM scans",
  );
  const size = (await client.query('SELECT pg_database_size(current_database())::bigint AS n')).rows[0].n;
  await client.end();
  for (const c of children) await stop(c);
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  const lat = rows.map((r) => Number(r.ms));
  return {
    workers,
    fault: fault ?? '-',
    scans: rows.filter((r) => r.status === 'done').length,
    failed: rows.filter((r) => r.status === 'failed').length,
    twice: rows.filter((r) => r.copies !== 1).length,
    takenOver: rows.filter((r) => r.resumes > 0).length,
    wall,
    perSec: N / wall,
    p50: pct(lat, 50) / 1000,
    p99: pct(lat, 99) / 1000,
    dbMiB: Number(size) / 2 ** 20,
  };
}

const results = [];
try {
  for (const w of WORKERS) results.push(await run(w));
  results.push(await run(2, 'kill'));
  results.push(await run(2, 'restart'));
} finally {
  spawnSync('docker', ['rmi', ...images], { stdio: 'ignore' });
  rmSync(work, { recursive: true, force: true });
}
console.log(`\n${N} image scans, serve workers at --concurrency 1, PostgreSQL ${env.SG_TEST_PG_HOST} (unix socket), ${os.cpus().length} cores`);
console.log('workers  fault    done  failed  recorded≠1  taken over   wall s  scans/s  p50 s  p99 s  DB MiB');
for (const r of results)
  console.log(
    `${String(r.workers).padStart(7)}  ${r.fault.padEnd(7)} ${String(r.scans).padStart(5)}  ${String(r.failed).padStart(6)}  ${String(r.twice).padStart(10)}  ${String(r.takenOver).padStart(10)}  ${r.wall.toFixed(1).padStart(7)}  ${r.perSec.toFixed(2).padStart(7)}  ${r.p50.toFixed(1).padStart(5)}  ${r.p99.toFixed(1).padStart(5)}  ${r.dbMiB.toFixed(1).padStart(6)}`,
  );
