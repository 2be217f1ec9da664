import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { english } from '../../../src/core/message.js';
import { apkAnalyzer } from '../../../src/packages/analyzers/apk.js';
import { dpkgAnalyzer, parseDebControl } from '../../../src/packages/analyzers/dpkg.js';
import { npmAnalyzer } from '../../../src/packages/analyzers/npm.js';
import { detectOs } from '../../../src/packages/analyzers/os-release.js';
import { pythonAnalyzer } from '../../../src/packages/analyzers/python.js';
import { parseRpmHeader, rpmAnalyzer } from '../../../src/packages/analyzers/rpm.js';
import { readFileSync } from 'node:fs';

const debian = { family: 'debian', version: '12', codename: 'bookworm', source: 'etc/os-release' };

describe('dpkg', () => {
  const status = [
    'Package: libssl3',
    'Status: install ok installed',
    'Architecture: amd64',
    'Source: openssl (3.0.15-1~deb12u1)',
    'Version: 3.0.15-1~deb12u1',
    'Description: Secure Sockets Layer toolkit',
    ' shared libraries',
    '',
    'Package: removed-pkg',
    'Status: deinstall ok config-files',
    'Version: 1.0',
    '',
    'Package: zlib1g',
    'Status: install ok installed',
    'Architecture: amd64',
    'Source: zlib',
    'Version: 1:1.2.13.dfsg-1',
    '',
    'Version: 2.0',
    '',
  ].join('\n');

  it('reads installed packages with source name and version, skips the rest with a warning', () => {
    const out = dpkgAnalyzer.analyze({ path: 'var/lib/dpkg/status', content: Buffer.from(status), layer: 'sha256:l', os: debian });
    expect(out.packages.map((p) => [p.name, p.version, p.sourceName, p.sourceVersion])).toEqual([
      ['libssl3', '3.0.15-1~deb12u1', 'openssl', '3.0.15-1~deb12u1'],
      ['zlib1g', '1:1.2.13.dfsg-1', 'zlib', undefined],
    ]);
    expect(out.packages[1]!.purl).toBe('pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12');
    expect(out.warnings.map(english)).toEqual([
      'var/lib/dpkg/status: 1 entry without Package or Version: not listed (dpkg ignores them too)',
      'var/lib/dpkg/status: 1 entry whose status is not "installed" (removed, config-files, half-installed): not listed',
    ]);
  });

  it('wants status and distroless status.d files only', () => {
    expect(dpkgAnalyzer.wants('var/lib/dpkg/status', 0o644)).toBe(true);
    expect(dpkgAnalyzer.wants('var/lib/dpkg/status.d/base', 0o644)).toBe(true);
    expect(dpkgAnalyzer.wants('var/lib/dpkg/status.d/base.md5sums', 0o644)).toBe(false);
    expect(dpkgAnalyzer.wants('var/lib/dpkg/status-old', 0o644)).toBe(false);
  });

  it('never throws on hostile input', () => {
    fc.assert(fc.property(fc.string(), (s) => void dpkgAnalyzer.analyze({ path: 'var/lib/dpkg/status', content: Buffer.from(s), layer: 'l' })));
    expect(parseDebControl('no colon here\n: empty key\n')).toEqual([]);
  });
});

describe('apk', () => {
  it('reads name, version, origin, arch and license', () => {
    const db = 'C:Q1abc=\nP:libcrypto3\nV:3.1.4-r5\nA:x86_64\nL:Apache-2.0\no:openssl\n\nP:musl\nV:1.2.4_git20230717-r4\no:musl\n\nV:broken\n';
    const out = apkAnalyzer.analyze({
      path: 'lib/apk/db/installed',
      content: Buffer.from(db),
      layer: 'l',
      os: { family: 'alpine', version: '3.19.1', source: 'x' },
    });
    expect(out.packages.map((p) => [p.name, p.version, p.sourceName, p.license])).toEqual([
      ['libcrypto3', '3.1.4-r5', 'openssl', 'Apache-2.0'],
      ['musl', '1.2.4_git20230717-r4', 'musl', undefined],
    ]);
    expect(out.packages[0]!.purl).toBe('pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=3.19.1');
    expect(out.warnings).toHaveLength(1);
  });
});

describe('npm and python', () => {
  it('reads scoped and plain package.json files under node_modules', () => {
    expect(npmAnalyzer.wants('app/node_modules/@types/node/package.json', 0o644)).toBe(true);
    expect(npmAnalyzer.wants('app/node_modules/left-pad/package.json', 0o644)).toBe(true);
    expect(npmAnalyzer.wants('app/package.json', 0o644)).toBe(false);
    const out = npmAnalyzer.analyze({
      path: 'app/node_modules/@types/node/package.json',
      content: Buffer.from('{"name":"@types/node","version":"20.1.0","license":"MIT"}'),
      layer: 'l',
    });
    expect(out.packages[0]).toMatchObject({ name: '@types/node', version: '20.1.0', purl: 'pkg:npm/%40types/node@20.1.0' });
    expect(npmAnalyzer.analyze({ path: 'x/node_modules/a/package.json', content: Buffer.from('{oops'), layer: 'l' }).warnings).toHaveLength(1);
  });

  it('reads dist-info METADATA headers, not the body', () => {
    const meta = 'Metadata-Version: 2.1\nName: PyYAML\nVersion: 6.0.1\nLicense: MIT\n\nName: not-this\n';
    expect(pythonAnalyzer.wants('usr/lib/python3/dist-packages/PyYAML-6.0.1.dist-info/METADATA', 0o644)).toBe(true);
    const out = pythonAnalyzer.analyze({ path: 'usr/lib/python3/dist-packages/PyYAML-6.0.1.dist-info/METADATA', content: Buffer.from(meta), layer: 'l' });
    expect(out.packages[0]).toMatchObject({ name: 'pyyaml', version: '6.0.1', purl: 'pkg:pypi/pyyaml@6.0.1', license: 'MIT' });
  });
});

describe('OS detection', () => {
  it('prefers os-release, then the version files', () => {
    expect(detectOs(new Map([['usr/lib/os-release', 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n']]), false)).toMatchObject({
      family: 'debian',
      version: '12',
      codename: 'bookworm',
    });
    expect(detectOs(new Map([['etc/alpine-release', '3.19.1\n']]), false)).toMatchObject({ family: 'alpine', version: '3.19.1' });
    expect(detectOs(new Map(), true)).toMatchObject({ family: 'distroless' });
    expect(detectOs(new Map(), false)).toBeUndefined();
  });
});

describe('rpm', () => {
  // A real SQLite rpmdb: `rpmbuild` of a small spec (Epoch 2, 1.2.3-4.el9, MIT), installed with `rpm --dbpath`.
  const db = readFileSync('test/fixtures/packages/rpmdb.sqlite');
  const rocky = { family: 'rocky', version: '9.3', source: 'etc/os-release' };

  it('reads name, epoch:version-release, arch, source rpm and license from the header blobs', () => {
    const out = rpmAnalyzer.analyze({ path: 'var/lib/rpm/rpmdb.sqlite', content: db, layer: 'l', os: rocky });
    expect(out.warnings).toEqual([]);
    expect(out.packages).toEqual([
      expect.objectContaining({
        type: 'rpm',
        name: 'sg-hello',
        version: '2:1.2.3-4.el9',
        epoch: 2,
        release: '4.el9',
        arch: 'noarch',
        sourceName: 'sg-hello',
        sourceVersion: '1.2.3-4.el9',
        license: 'MIT',
        purl: 'pkg:rpm/rocky/sg-hello@1.2.3-4.el9?arch=noarch&epoch=2&distro=rocky-9.3',
      }),
    ]);
  });

  it('says which database formats it cannot read, and survives corrupt blobs', () => {
    const unknown = rpmAnalyzer.analyze({ path: 'var/lib/rpm/Packages', content: Buffer.alloc(10), layer: 'l' }).warnings;
    expect(unknown.map(english)).toEqual([
      'var/lib/rpm/Packages (unknown rpmdb): not an rpm database this tool reads (neither SQLite, Berkeley DB hash nor ndb)',
    ]);
    expect(unknown[0]).toMatchObject({ id: 'analyzers.rpm.dbWarning', data: { warning: { id: 'analyzers.rpm.unknownFormat' } } });
    expect(unknown[0]!.cut).toBeUndefined();
    expect(english(rpmAnalyzer.analyze({ path: 'var/lib/rpm/rpmdb.sqlite', content: Buffer.from('not sqlite'), layer: 'l' }).warnings[0]!)).toMatch(
      /not an rpm database/,
    );
    expect(() => parseRpmHeader(Buffer.from([0, 0, 0, 9, 0, 0, 0, 1]))).toThrow(/do not fit/);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        try {
          parseRpmHeader(Buffer.from(b));
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
        }
      }),
    );
  });
});
