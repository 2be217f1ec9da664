// Benchmark harness (not a test). Prints:
//  1. the import of an NVD CVE JSON 2.0 feed the size of all yearly feeds (~300,000 CVEs, gzip, streamed)
//     — time, records/s, peak RSS (memory stays bounded whatever the feed size);
//  2. 300,000 synthetic distro/language advisories (Debian, Alpine, npm, PyPI, Packagist, NuGet shapes) on top;
//  3. the database size with both;
//  4. the match time of a 500-package inventory against it, NVD severities included (target < 200 ms).
//   npm run build && node bench/vulndb.mjs [cves] [advisories]
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { rebuildDatabase } from '../dist/vulndb/build.js';
import { importFiles } from '../dist/vulndb/update.js';
import { VulnStore } from '../dist/vulndb/store.js';
import { scanInventory } from '../dist/scan/scan.js';

const CVES = Number(process.argv[2] ?? 300_000);
const KEEP = process.env.KEEP_BENCH_DB; // keep the database at this path, to profile the match
const N = Number(process.argv[3] ?? 300_000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-vulndb-bench-'));
const db = path.join(dir, 'vuln.db');
const quiet = { log: () => undefined, progress: () => ({ tick() {}, total() {}, done() {} }) };
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

// 1. An NVD feed in the published shape: several metrics per CVE, descriptions, weaknesses, CPEs;
//    a quarter of the records awaiting analysis (no metrics), as in recent years.
const feed = path.join(dir, 'nvdcve-2.0-all.json.gz');
{
  const gz = createGzip({ level: 1 });
  const out = gz.pipe(createWriteStream(feed));
  const write = async (s) => {
    if (!gz.write(s)) await once(gz, 'drain');
  };
  await write(
    `{"resultsPerPage":${CVES},"startIndex":0,"totalResults":${CVES},"format":"NVD_CVE","version":"2.0","timestamp":"2026-06-17T01:00:00.000","vulnerabilities":[`,
  );
  for (let i = 0; i < CVES; i++) {
    const id = `CVE-2090-${String(i).padStart(6, '0')}`;
    const score = ((i * 37) % 100) / 10;
    const sev = score >= 9 ? 'CRITICAL' : score >= 7 ? 'HIGH' : score >= 4 ? 'MEDIUM' : score > 0 ? 'LOW' : 'NONE';
    const metrics =
      i % 4 === 3
        ? {}
        : {
            cvssMetricV31: [
              {
                source: 'nvd@nist.gov',
                type: 'Primary',
                cvssData: {
                  version: '3.1',
                  vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
                  baseScore: score,
                  baseSeverity: sev,
                  attackVector: 'NETWORK',
                },
                exploitabilityScore: 3.9,
                impactScore: 5.9,
              },
              {
                source: 'cna@example.org',
                type: 'Secondary',
                cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 8.1, baseSeverity: 'HIGH' },
                exploitabilityScore: 2.2,
                impactScore: 5.9,
              },
            ],
            cvssMetricV2: [
              {
                source: 'nvd@nist.gov',
                type: 'Primary',
                cvssData: { version: '2.0', vectorString: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', baseScore: 7.5 },
                baseSeverity: 'HIGH',
                exploitabilityScore: 10,
                impactScore: 6.4,
              },
            ],
          };
    const cve = {
      cve: {
        id,
        sourceIdentifier: 'cve@mitre.org',
        published: '2090-01-01T00:00:00.000',
        lastModified: '2090-02-01T00:00:00.000',
        vulnStatus: i % 4 === 3 ? 'Awaiting Analysis' : 'Analyzed',
        descriptions: [
          {
            lang: 'en',
            value: `A synthetic vulnerability number ${i} in a component that parses untrusted input, allowing a remote attacker to cause a denial of service or possibly execute code via a crafted request.`,
          },
        ],
        metrics,
        weaknesses: [{ source: 'nvd@nist.gov', type: 'Primary', description: [{ lang: 'en', value: 'CWE-787' }] }],
        configurations: [
          {
            nodes: [
              {
                operator: 'OR',
                negate: false,
                cpeMatch: [
                  {
                    vulnerable: true,
                    criteria: `cpe:2.3:a:vendor:pkg${i % 20000}:*:*:*:*:*:*:*:*`,
                    versionEndExcluding: '1.2.3',
                    matchCriteriaId: '00000000-0000-0000-0000-000000000000',
                  },
                ],
              },
            ],
          },
        ],
        references: [{ url: `https://example.org/advisories/${id}`, source: 'cve@mitre.org' }],
      },
    };
    await write(`${i > 0 ? ',' : ''}${JSON.stringify(cve)}`);
  }
  await write(']}');
  gz.end();
  await once(out, 'finish');
}
const feedBytes = statSync(feed).size;
peakRss = process.memoryUsage().rss;
const t0 = performance.now();
const [nvd] = await importFiles(db, [feed], quiet);
const nvdMs = performance.now() - t0;
const nvdPeak = peakRss;

// 2. Synthetic advisories for the distro and language namespaces, on the same CVE ids.
const spaces = [
  { ns: 'debian:12', scheme: 'dpkg', fixed: (i) => `1.${i % 50}.${i % 7}-${(i % 5) + 1}+deb12u1` },
  { ns: 'alpine:v3.19', scheme: 'apk', fixed: (i) => `1.${i % 50}.${i % 7}-r${i % 9}` },
  { ns: 'npm', scheme: 'semver', fixed: (i) => `1.${i % 50}.${i % 7}` },
  { ns: 'pypi', scheme: 'pep440', fixed: (i) => `1.${i % 50}.${i % 7}` },
  { ns: 'packagist', scheme: 'composer', fixed: (i) => `v1.${i % 50}.${i % 7}` },
  { ns: 'nuget', scheme: 'nuget', fixed: (i) => `1.${i % 50}.${i % 7}.0` },
];
const PACKAGES = 20_000; // distinct package names per namespace
const t1 = performance.now();
await rebuildDatabase(db, async ({ store }) => {
  store.resetSource({ id: 'synthetic', type: 'osv' });
  const w = store.writer('synthetic');
  for (let i = 0; i < N; i++) {
    const sp = spaces[i % spaces.length];
    const fixed = sp.fixed(i);
    // Half carry a vendor rating; the others take NVD's (or UNKNOWN).
    const vendor = (i >> 2) % 2 === 0 ? { severity: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'][(i >> 3) % 4], severitySource: 'synthetic' } : {};
    w.add({
      advisory: {
        id: `CVE-2090-${String((i * 7) % CVES).padStart(6, '0')}`,
        aliases: [],
        summary: `synthetic advisory ${i}`,
        cvss: [],
        references: [],
        ...vendor,
      },
      affected: [
        {
          namespace: sp.ns,
          package: `pkg${i % PACKAGES}`,
          scheme: sp.scheme,
          status: 'fixed',
          range: { kind: 'osv', events: [{ introduced: '0' }, { fixed }] },
          fixedVersions: [fixed],
        },
      ],
    });
  }
  w.flush();
  store.finishSource('synthetic', { skipped: 0 });
  return { changed: true, result: undefined };
});
const advMs = performance.now() - t1;
const size = statSync(db).size;

const inventory = {
  ref: 'synthetic:500',
  os: { family: 'debian', version: '12', codename: 'bookworm', source: 'etc/os-release' },
  packages: Array.from({ length: 500 }, (_, i) => {
    const kind = i % 5;
    if (kind === 3)
      return {
        type: 'composer',
        name: `pkg${(i * 47) % PACKAGES}`,
        version: '1.40.1',
        path: 'app/vendor/composer/installed.json',
        purl: `pkg:composer/pkg${i}@1.40.1`,
      };
    if (kind === 4) return { type: 'nuget', name: `Pkg${(i * 53) % PACKAGES}`, version: '1.45.2', path: 'app/App.deps.json', purl: `pkg:nuget/Pkg${i}@1.45.2` };
    if (kind === 0)
      return { type: 'deb', name: `pkg${(i * 37) % PACKAGES}`, version: '1.10.3-2', path: 'var/lib/dpkg/status', purl: `pkg:deb/debian/pkg${i}@1.10.3-2` };
    if (kind === 1)
      return { type: 'npm', name: `pkg${(i * 41) % PACKAGES}`, version: '1.20.1', path: 'app/node_modules/x/package.json', purl: `pkg:npm/pkg${i}@1.20.1` };
    return { type: 'pypi', name: `pkg${(i * 43) % PACKAGES}`, version: '1.30.2', path: 'site-packages/x.dist-info/METADATA', purl: `pkg:pypi/pkg${i}@1.30.2` };
  }),
  warnings: [],
  layers: [],
};
const store = VulnStore.open(db, { readonly: true });
scanInventory(store, inventory); // warm the page cache and statements
const times = [];
const cpu = [];
let found = [];
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  const c = process.cpuUsage();
  found = scanInventory(store, inventory).all;
  const used = process.cpuUsage(c);
  times.push(performance.now() - t);
  cpu.push((used.user + used.system) / 1000);
}
cpu.sort((a, b) => a - b);
store.close();
clearInterval(sampler);
times.sort((a, b) => a - b);
const bySource = {};
for (const f of found) bySource[f.vulnerability.severitySource.replace(/ .*/, '')] = (bySource[f.vulnerability.severitySource.replace(/ .*/, '')] ?? 0) + 1;
const mib = (b) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
console.log(`NVD feed                ${CVES} CVEs, ${mib(feedBytes)} gzip`);
console.log(
  `NVD import              ${(nvdMs / 1000).toFixed(1)} s (${Math.round(CVES / (nvdMs / 1000))} CVEs/s), ${nvd.records} stored, ${nvd.skipped} skipped (${nvd.skipSummary}); peak RSS ${mib(nvdPeak)}`,
);
console.log(`advisories imported     ${N} in ${(advMs / 1000).toFixed(1)} s (${Math.round(N / (advMs / 1000))} advisories/s)`);
console.log(`database size           ${mib(size)} (NVD + advisories)`);
console.log(
  `match 500 packages      median ${times[2].toFixed(1)} ms, best ${times[0].toFixed(1)} ms wall; CPU median ${cpu[2].toFixed(1)} ms (${found.length} findings; severity from ${JSON.stringify(bySource)}) — target < 200 ms`,
);
console.log(`machine load            ${os.loadavg()[0].toFixed(1)} (1-min load average, ${os.cpus().length} CPUs): wall times grow with it, CPU time does not`);
if (KEEP) (await import('node:fs')).copyFileSync(db, KEEP);
rmSync(dir, { recursive: true, force: true });
