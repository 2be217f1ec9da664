// Benchmark harness (not a test): wall time of `swarmguard stack verify` as a user runs it (the whole command),
// medians of N runs, ports from the images' EXPOSE (no -c, no --port):
//   - one node: the seed stack (nginx + httpd from `compose init`, one replica each) on this engine's swarm;
//   - two nodes: one service on each node of the lab (scripts/lab.sh up 2), dnsrr, on an unencrypted overlay (the
//     lab's kernel has no ESP: an encrypted overlay cannot carry traffic between its nodes).
// Run it under the engine lock; the lab is brought up (idempotent) and never taken down.
//   npm run build && flock /tmp/sg-engine.lock node bench/stack-verify.mjs [runs]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUNS = Number(process.argv[2] ?? 5);
const WEB = 'swarmguard-test/web:latest';
const PROBE = 'swarmguard-test/busybox:latest';
const bin = path.resolve('bin/swarmguard.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-bench-verify-'));
const sg = (env, ...args) => spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
const leftovers = (host) =>
  execFileSync('docker', [...(host ? ['-H', host] : []), 'ps', '-aq', '--filter', 'label=com.swarmguard.role=probe'], { encoding: 'utf8' }).trim();

/** Deploys, times N verify runs, removes the stack; `ok` decides whether a run's result counts as verified. */
function measure(label, env, file, stack, ok) {
  try {
    const d = sg(env, 'stack', 'deploy', '-c', file, '--resolve-image', 'never', '--force', '--wait', stack);
    if (d.status !== 0) throw new Error(`deploy failed: ${d.stdout}${d.stderr}`);
    const times = [];
    let doc;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const r = sg(env, 'stack', 'verify', stack, '--probe-image', PROBE, '--format', 'json');
      times.push(performance.now() - t0);
      doc = JSON.parse(r.stdout);
      if (!ok(r.status, doc)) throw new Error(`verify failed (exit ${r.status}): ${r.stdout.slice(0, 2000)}${r.stderr}`);
    }
    times.sort((a, b) => a - b);
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `stack verify, ${label}, ${RUNS} runs: median ${s(times[Math.floor(times.length / 2)])}, min ${s(times[0])}, max ${s(times.at(-1))}; ${doc.pairs.length} probe pairs (${doc.pairs.map((p) => `${p.from.node}: ${p.method}`).join(', ')}); target <= 3 s`,
    );
  } finally {
    sg(env, 'stack', 'rm', stack);
  }
}

try {
  // One node: the seed stack.
  const seed = path.join(dir, 'seed.yml');
  if (sg({}, 'compose', 'init', seed, '--image-nginx', WEB, '--image-httpd', WEB, '--endpoint-mode', 'dnsrr').status !== 0)
    throw new Error('compose init failed');
  writeFileSync(
    seed,
    readFileSync(seed, 'utf8')
      .replace(/interval: 30s/g, 'interval: 2s')
      .replace(/start_period: 10s/g, 'start_period: 1s'),
  );
  measure('seed stack (2 services, 1 node)', {}, seed, 'sgbenchverify', (status) => status === 0);
  console.log(`probe containers left: ${leftovers() || 'none'}`);

  // Two nodes: the lab.
  execFileSync('bash', ['scripts/lab.sh', 'up', '2'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const manager = /^node1 DOCKER_HOST=(\S+)/m.exec(execFileSync('bash', ['scripts/lab.sh', 'env'], { encoding: 'utf8' }))[1];
  const lab = path.join(dir, 'lab.yml');
  const service = (node) =>
    `    image: ${WEB}\n    networks: [net]\n    deploy:\n      endpoint_mode: dnsrr\n      placement: { constraints: ["node.hostname == ${node}"] }\n`;
  writeFileSync(lab, `version: "3.9"\nservices:\n  a:\n${service('sg-node1')}  b:\n${service('sg-node2')}networks:\n  net:\n    driver: overlay\n`);
  // Verified: every pair answers; the one finding above INFO/LOW is the unencrypted overlay (exit 4 for that alone).
  measure(
    'lab stack (2 services, one on each of 2 nodes)',
    { DOCKER_HOST: manager },
    lab,
    'sgbenchverifylab',
    (status, doc) =>
      doc.pairs.length === 2 &&
      doc.pairs.every((p) => p.status === 'OK') &&
      doc.findings.filter((f) => f.severity !== 'INFO' && f.severity !== 'LOW').every((f) => f.id === 'overlay-not-encrypted') &&
      (status === 0 || status === 4),
  );
  const labLeft = ['node1', 'node2'].map((n) => leftovers(`unix:///run/swarmguard-lab/${n}.sock`)).filter(Boolean);
  console.log(`probe containers left on the lab: ${labLeft.join(' ') || 'none'} (a worker removes its probe container a moment after the command)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
