// Benchmark harness (not a test): import 300,000 synthetic advisories (Debian, Alpine, npm, PyPI shapes),
// report the time and DB size, then the match time of a 500-package inventory against it (target < 200 ms).
//   npm run build && node bench/vulndb.mjs [advisories]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rebuildDatabase } from '../dist/vulndb/build.js';
import { VulnStore } from '../dist/vulndb/store.js';
import { scanInventory } from '../dist/scan/scan.js';

const N = Number(process.argv[2] ?? 300_000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-vulndb-bench-'));
const db = path.join(dir, 'vuln.db');
const spaces = [
  { ns: 'debian:12', scheme: 'dpkg', fixed: (i) => `1.${i % 50}.${i % 7}-${(i % 5) + 1}+deb12u1` },
  { ns: 'alpine:v3.19', scheme: 'apk', fixed: (i) => `1.${i % 50}.${i % 7}-r${i % 9}` },
  { ns: 'npm', scheme: 'semver', fixed: (i) => `1.${i % 50}.${i % 7}` },
  { ns: 'pypi', scheme: 'pep440', fixed: (i) => `1.${i % 50}.${i % 7}` },
];
const PACKAGES = 20_000; // distinct package names per namespace

const t0 = performance.now();
await rebuildDatabase(db, async ({ store }) => {
  store.resetSource({ id: 'synthetic', type: 'osv' });
  const w = store.writer('synthetic');
  for (let i = 0; i < N; i++) {
    const sp = spaces[i % spaces.length];
    const fixed = sp.fixed(i);
    w.add({
      advisory: { id: `CVE-2090-${String(i).padStart(6, '0')}`, aliases: [], summary: `synthetic advisory ${i}`, cvss: [], references: [], severity: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'][i % 4], severitySource: 'synthetic' },
      affected: [{ namespace: sp.ns, package: `pkg${i % PACKAGES}`, scheme: sp.scheme, status: 'fixed', range: { kind: 'osv', events: [{ introduced: '0' }, { fixed }] }, fixedVersions: [fixed] }],
    });
  }
  w.flush();
  store.finishSource('synthetic', { skipped: 0 });
  return { changed: true, result: undefined };
});
const importMs = performance.now() - t0;
const size = statSync(db).size;

const inventory = {
  ref: 'synthetic:500',
  os: { family: 'debian', version: '12', codename: 'bookworm', source: 'etc/os-release' },
  packages: Array.from({ length: 500 }, (_, i) => {
    const kind = i % 3;
    if (kind === 0) return { type: 'deb', name: `pkg${i * 37 % PACKAGES}`, version: '1.10.3-2', path: 'var/lib/dpkg/status', purl: `pkg:deb/debian/pkg${i}@1.10.3-2` };
    if (kind === 1) return { type: 'npm', name: `pkg${i * 41 % PACKAGES}`, version: '1.20.1', path: 'app/node_modules/x/package.json', purl: `pkg:npm/pkg${i}@1.20.1` };
    return { type: 'pypi', name: `pkg${i * 43 % PACKAGES}`, version: '1.30.2', path: 'site-packages/x.dist-info/METADATA', purl: `pkg:pypi/pkg${i}@1.30.2` };
  }),
  warnings: [],
  layers: [],
};
const store = VulnStore.open(db, { readonly: true });
scanInventory(store, inventory); // warm the page cache and statements
const times = [];
let found = 0;
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  found = scanInventory(store, inventory).all.length;
  times.push(performance.now() - t);
}
store.close();
times.sort((a, b) => a - b);
console.log(`advisories imported   ${N}`);
console.log(`import time           ${(importMs / 1000).toFixed(1)} s (${Math.round(N / (importMs / 1000))} advisories/s)`);
console.log(`database size         ${(size / 1024 / 1024).toFixed(1)} MiB`);
console.log(`match 500 packages    median ${times[2].toFixed(1)} ms, best ${times[0].toFixed(1)} ms (${found} findings) — target < 200 ms`);
rmSync(dir, { recursive: true, force: true });
