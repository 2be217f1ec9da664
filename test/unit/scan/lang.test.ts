// Matching the language ecosystems (Go, Maven, RubyGems, crates.io, Packagist, NuGet) through OSV, each in its own version order.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory, Package } from '../../../src/packages/types.js';
import { matchInventory } from '../../../src/scan/match.js';
import { VulnStore } from '../../../src/vulndb/store.js';
import { importFiles } from '../../../src/vulndb/update.js';
import { english } from '../../../src/core/message.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-lang-'));
let store: VulnStore;
const ghsa = (id: string, ecosystem: string, name: string, events: object[], severity: string) => ({
  schema_version: '1.6.0',
  id,
  aliases: [`CVE-${id.slice(5, 9)}-0001`],
  summary: `${name}: test advisory in the GHSA shape`,
  modified: '2024-01-01T00:00:00Z',
  affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events }] }],
  database_specific: { severity, github_reviewed: true },
});

/** A database made by `db import` of `source`, opened read-only. */
async function importedStore(db: string, source: string): Promise<VulnStore> {
  await importFiles(db, [source], { log: () => undefined, progress: () => ({ tick() {}, total() {}, done() {} }) });
  return VulnStore.open(db, { readonly: true });
}

beforeAll(async () => {
  const docs = [
    ghsa('GHSA-jfh8-c2jp-5v3q', 'Maven', 'org.apache.logging.log4j:log4j-core', [{ introduced: '2.0-beta9' }, { fixed: '2.15.0' }], 'CRITICAL'),
    ghsa('GHSA-2023-golang-net', 'Go', 'golang.org/x/net', [{ introduced: '0' }, { fixed: '0.17.0' }], 'MODERATE'),
    ghsa('GHSA-2022-rails-rack', 'RubyGems', 'rack', [{ introduced: '0' }, { fixed: '2.2.6.2' }], 'HIGH'),
    ghsa('GHSA-2021-rust-smallvec', 'crates.io', 'smallvec', [{ introduced: '1.0.0' }, { fixed: '1.6.1' }], 'HIGH'),
    ghsa('GHSA-2024-nuget-x', 'NuGet', 'Newtonsoft.Json', [{ introduced: '0' }, { fixed: '13.0.1' }], 'HIGH'),
  ];
  docs.forEach((d, i) => writeFileSync(path.join(dir, `${i}.json`), JSON.stringify(d)));
  store = await importedStore(path.join(dir, 'vuln.db'), dir);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const pkg = (type: Package['type'], name: string, version: string, path = 'app'): Package => ({
  type,
  name,
  version,
  path,
  purl: `pkg:${type}/${name}@${version}`,
});
/** The findings of an image holding `packages`, matched against `db`. */
const scanWith =
  (db: () => VulnStore) =>
  (...packages: Package[]) =>
    matchInventory(db(), { ref: 'app:1', packages, warnings: [], layers: [] } satisfies Inventory);
const scan = scanWith(() => store);

describe('language ecosystems', () => {
  it('Maven (ComparableVersion: 2.14.1 inside [2.0-beta9, 2.15.0)), Go (v-prefixed), RubyGems (2.2.6 < 2.2.6.2), crates.io', () => {
    const r = scan(
      pkg('maven', 'org.apache.logging.log4j:log4j-core', '2.14.1'),
      pkg('maven', 'org.apache.logging.log4j:log4j-api', '2.14.1'),
      pkg('golang', 'golang.org/x/net', 'v0.10.0'),
      pkg('gem', 'rack', '2.2.6'),
      pkg('cargo', 'smallvec', '1.6.0'),
    );
    expect(r.findings.map((f) => [f.id, f.vulnerability?.package, f.severity, f.vulnerability?.severitySource, f.evidence?.target]).sort()).toEqual([
      ['CVE-2021-0001', 'smallvec', 'HIGH', 'ghsa', 'Rust (binaries)'],
      ['CVE-2022-0001', 'rack', 'HIGH', 'ghsa', 'Ruby (gems)'],
      ['CVE-2023-0001', 'golang.org/x/net', 'MEDIUM', 'ghsa', 'Go (binaries)'],
      ['CVE-jfh8-0001', 'org.apache.logging.log4j:log4j-core', 'CRITICAL', 'ghsa', 'Java (jar)'],
    ]);
  });

  it('fixed versions are not reported', () => {
    const r = scan(pkg('maven', 'org.apache.logging.log4j:log4j-core', '2.15.0'), pkg('gem', 'rack', '2.2.6.2'), pkg('golang', 'golang.org/x/net', 'v0.17.0'));
    expect(r.findings).toEqual([]);
  });

  it('NuGet matches case-insensitively in NuGet order (12.0.1 < 13.0.1; 13.0.1-beta1 is before the fix)', () => {
    const r = scan(
      pkg('nuget', 'newtonsoft.json', '12.0.1'),
      pkg('nuget', 'Newtonsoft.Json', '13.0.1-beta1', 'other'),
      pkg('nuget', 'Newtonsoft.Json', '13.0.1.0', 'fixed'),
    );
    expect(r.findings.map((f) => [f.id, f.vulnerability?.installedVersion, f.vulnerability?.fixedVersion, f.severity]).sort()).toEqual([
      ['CVE-2024-0001', '12.0.1', '13.0.1', 'HIGH'],
      ['CVE-2024-0001', '13.0.1-beta1', '13.0.1', 'HIGH'],
    ]);
    expect(r.targets).toEqual([expect.objectContaining({ label: '.NET (nuget)', covered: true })]);
  });
});

describe('Packagist and NuGet with real GHSA records', () => {
  const ghsaDir = path.join(import.meta.dirname, '../../fixtures/vulndb/ghsa');
  const realDir = mkdtempSync(path.join(os.tmpdir(), 'sg-ghsa-'));
  let real: VulnStore;
  const scanReal = scanWith(() => real);
  beforeAll(async () => {
    real = await importedStore(path.join(realDir, 'vuln.db'), ghsaDir);
  });
  afterAll(() => {
    real.close();
    rmSync(realDir, { recursive: true, force: true });
  });

  it('guzzle v7.4.3 (installed.json writes the v) is inside 7.0.0–7.4.4 and 7.0.0–7.4.5; 6.5.7 only inside <6.5.8, whose fix is the one shown', () => {
    const r = scanReal(
      pkg('composer', 'guzzlehttp/guzzle', 'v7.4.3', 'a/vendor/composer/installed.json'),
      pkg('composer', 'GuzzleHttp/Guzzle', '6.5.7', 'b/vendor/composer/installed.json'),
      pkg('composer', 'guzzlehttp/guzzle', '7.4.5', 'c/vendor/composer/installed.json'),
      pkg('composer', 'guzzlehttp/guzzle', '3.8.1', 'd/vendor/composer/installed.json'),
    );
    const rows = r.findings
      .map((f) => [f.target.kind === 'image' ? f.target.path : '', f.id, f.vulnerability?.fixedVersion, f.severity, f.vulnerability?.severitySource])
      .sort();
    expect(rows).toEqual([
      ['a/vendor/composer/installed.json', 'CVE-2022-31043', '7.4.4', 'HIGH', 'ghsa'],
      ['a/vendor/composer/installed.json', 'CVE-2022-31090', '7.4.5', 'HIGH', 'ghsa'],
      ['b/vendor/composer/installed.json', 'CVE-2022-31090', '6.5.8', 'HIGH', 'ghsa'],
      ['d/vendor/composer/installed.json', 'CVE-2022-31090', '6.5.8', 'HIGH', 'ghsa'],
    ]);
    expect(r.targets).toEqual([expect.objectContaining({ label: 'PHP (composer)', covered: true, packages: 4 })]);
  });

  it('a development branch cannot be ordered: a warning, no finding, no crash', () => {
    const r = scanReal(pkg('composer', 'guzzlehttp/guzzle', 'dev-master'));
    expect(r.findings).toEqual([]);
    // One warning for the package, naming the advisories it could not be checked against.
    expect(r.warnings.map((w) => english(w))).toEqual([
      expect.stringMatching(/^guzzlehttp\/guzzle dev-master: cannot compare with 2 advisories \(CVE-2022-\d+, CVE-2022-\d+\): .*development branch/),
    ]);
  });

  it('Newtonsoft.Json 12.0.3 is affected (GHSA rating LOW, no CVE alias yet: shown under its GHSA id)', () => {
    const r = scanReal(pkg('nuget', 'Newtonsoft.Json', '12.0.3'));
    expect(r.findings.map((f) => [f.id, f.vulnerability?.fixedVersion, f.severity])).toEqual([['GHSA-5crp-9r3c-p9vr', '13.0.1', 'LOW']]);
  });
});
