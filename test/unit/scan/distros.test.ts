// Every distro following the image: Ubuntu OSV quirks, rpm families on the source rpm, notes once per target.
import { describe, expect, it } from 'vitest';
import { fixtureStore, inv, pkg } from './fixture-store.js';
import { diffScans } from '../../../src/scan/diff.js';
import { matchInventory } from '../../../src/scan/match.js';
import { scanInventory } from '../../../src/scan/scan.js';
import { renderScanTable } from '../../../src/scan/table.js';
import { createStyler } from '../../../src/core/style.js';
import { namespaceForEcosystem, osNamespace } from '../../../src/vulndb/namespace.js';

const fx = fixtureStore('sg-distros-', ['test/fixtures/vulndb/ubuntu-osv', 'test/fixtures/vulndb/rpm-osv', 'test/fixtures/vulndb/alpine-secdb/v3.9/main.yaml']);
const NOW = new Date('2026-06-01T00:00:00Z');

describe('OSV ecosystems and image OS releases meet in one namespace', () => {
  it.each([
    ['Ubuntu:22.04:LTS', 'ubuntu:22.04'],
    ['Ubuntu:Pro:16.04:LTS', 'ubuntu-pro:16.04'],
    ['Rocky Linux:9', 'rocky:9'],
    ['AlmaLinux:8', 'almalinux:8'],
    ['Red Hat:enterprise_linux:9::appstream', 'redhat:9'],
    ['SUSE:Linux Enterprise Server 15 SP5', 'sles:15.5'],
    ['SUSE:Linux Enterprise Module for Basesystem 15 SP3', 'sles:15.3'],
    ['openSUSE:Leap 15.5', 'opensuse-leap:15.5'],
    ['Wolfi', 'wolfi'],
    ['Chainguard', 'chainguard'],
  ])('%s → %s', (eco, ns) => expect(namespaceForEcosystem(eco)?.namespace).toBe(ns));

  it('EUS streams, unknown ecosystems and releases-less distro ecosystems are not matched', () => {
    expect(namespaceForEcosystem('Red Hat:rhel_eus:9.2::baseos')).toBeUndefined();
    expect(namespaceForEcosystem('Plan9:4')).toBeUndefined();
    expect(namespaceForEcosystem('AlmaLinux')).toBeUndefined();
  });

  it.each([
    [{ family: 'rocky', version: '9.3' }, 'rocky:9'],
    [{ family: 'almalinux', version: '8.8' }, 'almalinux:8'],
    [{ family: 'rhel', version: '8.8' }, 'redhat:8'],
    [{ family: 'sles', version: '15.3' }, 'sles:15.3'],
    [{ family: 'opensuse-leap', version: '15.5' }, 'opensuse-leap:15.5'],
    [{ family: 'alpine', version: '3.9.6' }, 'alpine:v3.9'],
    [{ family: 'wolfi', version: '20230201' }, 'wolfi'],
  ])('%o → %s', (o, ns) => expect(osNamespace({ ...o, source: 'etc/os-release' })).toBe(ns));
});

describe('Ubuntu through its OSV data', () => {
  const jammy = { family: 'ubuntu', version: '22.04', codename: 'jammy', source: 'etc/os-release' };
  const xenial = { family: 'ubuntu', version: '16.04', codename: 'xenial', source: 'etc/os-release' };

  it('matches libssl3 on its source openssl version, rated by ubuntu_priority', () => {
    const r = matchInventory(fx.store, inv(jammy, [pkg({ type: 'deb', name: 'libssl3', version: '3.0.2-0ubuntu1.7', sourceName: 'openssl' })]), NOW);
    expect(r.findings.map((f) => [f.id, f.severity, f.vulnerability?.severitySource, f.vulnerability?.fixedVersion])).toEqual([
      ['CVE-2023-0286', 'HIGH', 'ubuntu', '3.0.2-0ubuntu1.8'],
    ]);
    expect(
      matchInventory(fx.store, inv(jammy, [pkg({ type: 'deb', name: 'libssl3', version: '3.0.2-0ubuntu1.8', sourceName: 'openssl' })]), NOW).findings,
    ).toEqual([]);
  });

  it('introduced 0 with no fix and a versions list: affected, no fix', () => {
    const [f] = matchInventory(
      fx.store,
      inv(jammy, [pkg({ type: 'deb', name: 'ovmf', version: '2022.02-3ubuntu0.22.04.2', sourceName: 'edk2' })]),
      NOW,
    ).findings;
    expect(f?.vulnerability?.status).toBe('affected');
    expect(f?.vulnerability?.fixedVersion).toBeUndefined();
  });

  it('a Pro-only fix is reported as such', () => {
    const [f] = matchInventory(fx.store, inv(xenial, [pkg({ type: 'deb', name: 'openssl', version: '1.0.2g-1ubuntu4.20' })]), NOW).findings;
    expect(f?.vulnerability?.fixedVersion).toBe('1.0.2g-1ubuntu4.20+esm6 (Ubuntu Pro)');
    expect(f?.message).toMatch(/Ubuntu Pro subscription/);
  });
});

describe('rpm families through OSV, on the source rpm name with the rpm comparator', () => {
  const alma = { family: 'almalinux', version: '8.8', source: 'etc/os-release' };

  it('libuuid (source util-linux) matches the AlmaLinux errata, rated by its summary', () => {
    const r = matchInventory(fx.store, inv(alma, [pkg({ type: 'rpm', name: 'libuuid', version: '2.32.1-42.el8_8', sourceName: 'util-linux' })]), NOW);
    expect(r.findings.map((f) => [f.id, f.severity, f.vulnerability?.fixedVersion, f.vulnerability?.installedVersion])).toEqual([
      ['ALSA-2023:7190', 'MEDIUM', '2.32.1-43.el8', '2.32.1-42.el8_8'],
    ]);
  });

  it('an installed epoch does not hide a fix published without one', () => {
    const r = matchInventory(
      fx.store,
      inv(alma, [pkg({ type: 'rpm', name: 'openssl-libs', version: '1:1.1.1k-9.el8_7', epoch: 1, sourceName: 'openssl' })]),
      NOW,
    );
    expect(r.findings.map((f) => f.id)).toEqual(['ALSA-2024:3061']);
    expect(
      matchInventory(fx.store, inv(alma, [pkg({ type: 'rpm', name: 'openssl-libs', version: '1:1.1.1k-12.el8_9', epoch: 1, sourceName: 'openssl' })]), NOW)
        .findings,
    ).toEqual([]);
  });

  it('SUSE names binary packages: libz1 from source zlib', () => {
    const sles = { family: 'sles', version: '15.3', source: 'etc/os-release' };
    const r = matchInventory(fx.store, inv(sles, [pkg({ type: 'rpm', name: 'libz1', version: '1.2.11-3.21.1', sourceName: 'zlib' })]), NOW);
    expect(r.findings.map((f) => [f.id, f.vulnerability?.fixedVersion])).toEqual([['CVE-2018-25032', '1.2.11-3.24.1']]);
  });
});

describe('release, end-of-life and coverage notes, once per target', () => {
  it('an EOL release says so once, however many packages', () => {
    const alpine = inv({ family: 'alpine', version: '3.9.6', source: 'etc/os-release' }, [
      pkg({ type: 'apk', name: 'libcrypto1.1', version: '1.1.1a-r0', sourceName: 'openssl' }),
      pkg({ type: 'apk', name: 'libssl1.1', version: '1.1.1a-r0', sourceName: 'openssl' }),
      pkg({ type: 'apk', name: 'musl', version: '1.1.20-r4' }),
    ]);
    const r = scanInventory(fx.store, alpine, { now: NOW });
    expect(r.targets).toHaveLength(1);
    expect(r.targets[0]?.eol).toBe('2020-11-01');
    expect(r.targets[0]?.notes).toEqual([expect.stringMatching(/^alpine 3\.9\.6 is end of life since 2020-11-01/)]);
    expect(r.findings.length).toBeGreaterThan(0);
  });

  it('a release with no advisories is "not covered", not a clean 0, and a diff of two such images says so', () => {
    const a = inv({ family: 'alpine', version: '3.22.0', source: 'etc/os-release' }, [
      pkg({ type: 'apk', name: 'musl', version: '1.2.5-r0' }),
      pkg({ type: 'apk', name: 'zlib', version: '1.3.1-r0' }),
    ]);
    const b = inv({ family: 'fedora', version: '40', source: 'etc/os-release' }, [pkg({ type: 'rpm', name: 'bash', version: '5.2-1.fc40' })]);
    const ra = scanInventory(fx.store, a, { now: NOW });
    const rb = scanInventory(fx.store, b, { now: NOW });
    expect(ra.targets[0]?.covered).toBe(false);
    expect(ra.targets[0]?.notes).toEqual([expect.stringMatching(/no advisories for this release in the database \(alpine:v3\.22\): not covered/)]);
    expect(rb.targets[0]?.notes).toEqual(['no advisory feed for fedora 40: its OS packages were not checked (not covered)']);
    const text = renderScanTable(ra, createStyler(false));
    expect(text).toMatch(/Total: not covered/);
    expect(text).not.toMatch(/Total: 0/);
    expect(text.match(/no advisories for this release/g)).toHaveLength(1);
    const d = diffScans(ra, rb);
    expect(d.nothingCompared).toBe(true);
    expect(d.caveats.join('\n')).toMatch(/says nothing about their vulnerabilities/);
  });
});
