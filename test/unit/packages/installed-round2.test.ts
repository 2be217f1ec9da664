// What installed metadata says, in the forms the first round missed: Wolfi's apk database path, Go experiment
// toolchains and -X stamped versions (binaries built here by make-fixtures.sh, `go version -m` as the oracle),
// .NET runtime packs, eggs, pom.properties anywhere, commented gemspecs, conda-meta, dpkg stanzas dpkg ignores,
// and the OS of each distribution with the advisory namespace it maps to.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { english } from '../../../src/core/message.js';
import { apkAnalyzer } from '../../../src/packages/analyzers/apk.js';
import { condaAnalyzer } from '../../../src/packages/analyzers/conda.js';
import { dotnetAnalyzer } from '../../../src/packages/analyzers/dotnet.js';
import { dpkgAnalyzer } from '../../../src/packages/analyzers/dpkg.js';
import { gemspecAnalyzer } from '../../../src/packages/analyzers/gemspec.js';
import { ldflagsVersion, parseModinfo, splitFlags, stdlibVersion } from '../../../src/packages/analyzers/gobinary.js';
import { detectOs, purlDistro } from '../../../src/packages/analyzers/os-release.js';
import { pythonAnalyzer } from '../../../src/packages/analyzers/python.js';
import { analyzeKept, keepFor } from '../../../src/packages/wanted.js';
import { osNamespace } from '../../../src/vulndb/namespace.js';
import { makeZip } from './zip-writer.js';

const L = 'test/fixtures/inventory/lang-rootfs';
const G = 'test/fixtures/packages/go';
const viaWalker = (path: string, content: Buffer, mode = 0o644) => analyzeKept(path, keepFor(path, mode, content)!, 'sha256:l', undefined);
const rows = (out: { packages: { name: string; version: string }[] }) => out.packages.map((p) => `${p.name} ${p.version}`);

describe('apk on Wolfi and Chainguard', () => {
  const db = readFileSync('test/fixtures/inventory/wolfi-rootfs/usr/lib/apk/db/installed');
  const wolfi = { family: 'wolfi', version: '20230201', source: 'usr/lib/os-release' };

  it('reads usr/lib/apk/db/installed as well as lib/apk/db/installed', () => {
    expect(apkAnalyzer.wants('usr/lib/apk/db/installed', 0o644)).toBe(true);
    expect(apkAnalyzer.wants('lib/apk/db/installed', 0o644)).toBe(true);
    expect(apkAnalyzer.wants('usr/local/lib/apk/db/installed', 0o644)).toBe(false);
    const out = apkAnalyzer.analyze({ path: 'usr/lib/apk/db/installed', content: db, layer: 'l', os: wolfi });
    expect(rows(out)).toEqual(['wolfi-baselayout 20230201-r15', 'ca-certificates-bundle 20240315-r0', 'glibc 2.39-r5', 'libcrypto3 3.3.0-r8']);
    expect(out.packages[3]).toMatchObject({ sourceName: 'openssl', purl: 'pkg:apk/wolfi/libcrypto3@3.3.0-r8?arch=x86_64&distro=20230201' });
  });
});

describe('OS detection and advisory namespaces', () => {
  const rel = (text: string) => detectOs(new Map([['etc/os-release', text]]), false);
  it.each([
    ['ID=wolfi\nVERSION_ID="20230201"', 'wolfi', 'wolfi'],
    ['ID=chainguard\nVERSION_ID="20230214"', 'chainguard', 'chainguard'],
    ['ID="amzn"\nVERSION_ID="2023"', 'amzn', 'amazon:2023'],
    ['ID="amzn"\nVERSION_ID="2"', 'amzn', 'amazon:2'],
    ['ID="rocky"\nVERSION_ID="9.3"', 'rocky', 'rocky:9'],
    ['ID="almalinux"\nVERSION_ID="8.9"', 'almalinux', 'almalinux:8'],
    ['ID=mariner\nVERSION_ID="2.0"', 'mariner', 'mariner:2.0'],
    ['ID=azurelinux\nVERSION_ID="3.0"', 'azurelinux', 'azurelinux:3.0'],
    ['ID=photon\nVERSION_ID=5.0', 'photon', 'photon:5.0'],
    ['ID="sles"\nVERSION_ID="15.5"', 'sles', 'sles:15.5'],
    ['ID="opensuse-leap"\nVERSION_ID="15.5"', 'opensuse-leap', 'opensuse-leap:15.5'],
    ['ID=ubuntu\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy', 'ubuntu', 'ubuntu:22.04'],
  ])('%s → %s, namespace %s', (text, family, ns) => {
    const os = rel(text)!;
    expect(os.family).toBe(family);
    expect(osNamespace(os)).toBe(ns);
  });

  it('falls back to the release files when there is no os-release', () => {
    expect(detectOs(new Map([['etc/system-release', 'Amazon Linux release 2 (Karoo)\n']]), false)).toMatchObject({ family: 'amzn', version: '2' });
    expect(detectOs(new Map([['etc/photon-release', 'VMware Photon OS 4.0\nPHOTON_BUILD_NUMBER=2f5aad892\n']]), false)).toMatchObject({
      family: 'photon',
      version: '4.0',
    });
    expect(detectOs(new Map([['etc/mariner-release', 'CBL-Mariner 2.0.20240123\nMARINER_BUILD_NUMBER=rpm\n']]), false)).toMatchObject({
      family: 'mariner',
      version: '2.0',
    });
    expect(detectOs(new Map([['etc/lsb-release', 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=20.04\nDISTRIB_CODENAME=focal\n']]), false)).toMatchObject({
      family: 'ubuntu',
      version: '20.04',
      codename: 'focal',
    });
    expect(detectOs(new Map([['etc/redhat-release', 'Rocky Linux release 8.9 (Green Obsidian)\n']]), false)).toMatchObject({ family: 'rocky', version: '8.9' });
    expect(detectOs(new Map([['etc/redhat-release', 'Red Hat Enterprise Linux release 9.3 (Plow)\n']]), false)).toMatchObject({
      family: 'rhel',
      version: '9.3',
    });
  });

  it('writes the distro qualifier as trivy does', () => {
    expect(purlDistro({ family: 'amzn', version: '2023', source: '' })).toBe('amazon-2023');
    expect(purlDistro({ family: 'rhel', version: '9.3', source: '' })).toBe('redhat-9.3');
    expect(purlDistro({ family: 'distroless', version: '', source: '' })).toBeUndefined();
  });
});

describe('dpkg stanzas dpkg itself ignores', () => {
  it('drops entries without a Version and those not installed, counting each kind once', () => {
    const status = [
      'Package: a\nStatus: install ok installed\nVersion: 1',
      'Package: b\nStatus: deinstall ok config-files\nVersion: 2',
      'Package: c\nStatus: purge ok not-installed',
      'Package: d\nStatus: install ok half-installed\nVersion: 3',
      'Package: e\nStatus: install ok installed',
    ].join('\n\n');
    const out = dpkgAnalyzer.analyze({ path: 'var/lib/dpkg/status', content: Buffer.from(status), layer: 'l' });
    expect(rows(out)).toEqual(['a 1']);
    expect(out.warnings.map(english)).toEqual([
      'var/lib/dpkg/status: 2 entries without Package or Version: not listed (dpkg ignores them too)',
      'var/lib/dpkg/status: 2 entries whose status is not "installed" (removed, config-files, half-installed): not listed',
    ]);
  });
});

describe('Go binaries', () => {
  it('keeps the stdlib of a toolchain built with a GOEXPERIMENT, without the suffix', () => {
    expect(stdlibVersion('go1.22.1 X:boringcrypto')).toBe('v1.22.1');
    expect(stdlibVersion('go1.21.0 X:nocoverageredesign')).toBe('v1.21.0');
    expect(stdlibVersion('go1.21.5')).toBe('v1.21.5');
    expect(stdlibVersion('devel go1.23-abc123 Tue')).toBeUndefined();
  });

  it('reads a binary built here with GOEXPERIMENT=boringcrypto as `go version -m` does', () => {
    const oracle = readFileSync(`${G}/sg-boring.version-m.txt`, 'utf8');
    expect(oracle.split('\n')[0]).toBe('sg-boring: go1.19.8 X:boringcrypto');
    const out = viaWalker('usr/local/bin/sg-boring', readFileSync(`${G}/sg-boring`), 0o755);
    expect(rows(out)).toEqual(['stdlib v1.19.8']);
  });

  it('takes the version -ldflags -X stamped into a (devel) main module', () => {
    const oracle = readFileSync(`${G}/sg-stamped.version-m.txt`, 'utf8');
    expect(oracle).toMatch(/build\t-ldflags="-s -w -X main\.version=1\.2\.3"/);
    const out = viaWalker('usr/local/bin/sg-stamped', readFileSync(`${G}/sg-stamped`), 0o755);
    expect(rows(out)).toEqual(['example.com/sg-stamped v1.2.3', 'stdlib v1.19.8']);
    expect(out.packages[0]!.purl).toBe('pkg:golang/example.com/sg-stamped@v1.2.3');
  });

  it('reads -X flags in each form the go command accepts', () => {
    expect(ldflagsVersion('-s -w -X main.version=1.2.3', 'example.com/app')).toBe('v1.2.3');
    expect(ldflagsVersion("-X 'example.com/app/internal/version.Version=v2.0.1' -X main.commit=abc", 'example.com/app')).toBe('v2.0.1');
    expect(ldflagsVersion('-X=github.com/x/y/pkg/version.gitVersion=v0.28.3-rc.1', 'github.com/x/y')).toBe('v0.28.3-rc.1');
    expect(ldflagsVersion('-X main.version=dev -X main.commit=1.2.3', 'm')).toBeUndefined();
    expect(ldflagsVersion('-X "main.Version=3.4.5"', 'm')).toBe('v3.4.5');
    expect(splitFlags(`-X 'a=b c' -s "d\\"e"`)).toEqual(['-X', 'a=b c', '-s', 'd"e']);
    expect(parseModinfo('mod\tm\t(devel)\t\nbuild\t-ldflags="-X main.version=1.0.0"\n').build.get('-ldflags')).toBe('-X main.version=1.0.0');
  });

  it('never throws on any flags string (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const v = ldflagsVersion(s, 'm');
        expect(v === undefined || /^v\d/.test(v)).toBe(true);
      }),
    );
  });
});

describe('.NET runtime packs', () => {
  it('lists the runtime a self-contained app ships, under its NuGet package name', () => {
    const out = dotnetAnalyzer.analyze({ path: 'app/Shop.deps.json', content: readFileSync(`${L}/app/Shop.deps.json`), layer: 'l' });
    expect(rows(out)).toEqual(['Microsoft.NETCore.App.Runtime.linux-x64 8.0.1', 'Microsoft.AspNetCore.App.Runtime.linux-x64 8.0.1', 'Newtonsoft.Json 13.0.1']);
    expect(out.packages[0]!.purl).toBe('pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@8.0.1');
  });
});

describe('Python eggs and metadata', () => {
  const SP = 'usr/lib/python3.11/site-packages';
  it('reads egg zips, unzipped eggs, .egg-info files and trims values', () => {
    const files = [
      `${SP}/six-1.16.0-py3.11.egg`,
      `${SP}/simplejson-3.19.2-py3.11-linux-x86_64.egg/EGG-INFO/PKG-INFO`,
      `${SP}/setuptools-65.5.0-py3.11.egg-info`,
      `${SP}/attrs-23.2.0.dist-info/METADATA`,
    ];
    const got = files.flatMap((f) => {
      expect(pythonAnalyzer.wants(f, 0o644)).toBe(true);
      return rows(viaWalker(f, readFileSync(`${L}/${f}`)));
    });
    expect(got).toEqual(['six 1.16.0', 'simplejson 3.19.2', 'setuptools 65.5.0', 'attrs 23.2.0']);
  });

  it('keeps only PKG-INFO of an egg zip, and nothing of a zip without one', () => {
    const egg = readFileSync(`${L}/${SP}/six-1.16.0-py3.11.egg`);
    expect(pythonAnalyzer.reduce!(`${SP}/six-1.16.0-py3.11.egg`, egg)!.toString()).toMatch(/^Metadata-Version: 2\.1\nName: six\n/);
    expect(pythonAnalyzer.reduce!(`${SP}/x.egg`, makeZip([{ name: 'x.py', data: Buffer.from('') }]))).toBeUndefined();
    expect(pythonAnalyzer.reduce!(`${SP}/y.egg`, Buffer.from('not a zip'))).toBeUndefined();
  });

  it('normalises names as PEP 503 says', () => {
    const out = pythonAnalyzer.analyze({
      path: `${SP}/a.dist-info/METADATA`,
      content: Buffer.from('Name:  Zope.Interface_X \nVersion:\t6.1 \n\n'),
      layer: 'l',
    });
    expect(out.packages[0]).toMatchObject({ name: 'zope-interface-x', version: '6.1', purl: 'pkg:pypi/zope-interface-x@6.1' });
  });
});

describe('Java: pom.properties anywhere, then MANIFEST.MF, then the file name', () => {
  it('uses a pom.properties outside META-INF/maven', () => {
    const out = viaWalker('srv/lib/tool-2.1.jar', readFileSync(`${L}/srv/lib/tool-2.1.jar`));
    expect(out.packages.map((p) => [p.name, p.version, p.purl])).toEqual([['com.example:tool', '2.1.0', 'pkg:maven/com.example/tool@2.1.0']]);
    expect(out.warnings).toEqual([]);
  });
});

describe('Ruby gemspecs with comments', () => {
  it('reads spec.version with a trailing comment and s.version after a commented-out one', () => {
    const dir = `${L}/usr/lib/ruby/gems/3.2.0/specifications`;
    const rack = gemspecAnalyzer.analyze({ path: 'specifications/rack-3.0.8.gemspec', content: readFileSync(`${dir}/rack-3.0.8.gemspec`), layer: 'l' });
    expect(rack.packages[0]).toMatchObject({ name: 'rack', version: '3.0.8', license: 'MIT' });
    const json = gemspecAnalyzer.analyze({ path: 'specifications/json-2.7.2.gemspec', content: readFileSync(`${dir}/json-2.7.2.gemspec`), layer: 'l' });
    expect(json.packages[0]).toMatchObject({ name: 'json', version: '2.7.2', license: 'Ruby' });
  });
});

describe('conda', () => {
  it('reads conda-meta records, not the history file', () => {
    const f = 'opt/conda/conda-meta/requests-2.31.0-pyhd8ed1ab_0.json';
    expect(condaAnalyzer.wants(f, 0o644)).toBe(true);
    expect(condaAnalyzer.wants('opt/conda/conda-meta/history', 0o644)).toBe(false);
    const out = condaAnalyzer.analyze({ path: f, content: readFileSync(`${L}/${f}`), layer: 'l' });
    expect(out.packages).toEqual([
      { type: 'conda', name: 'requests', version: '2.31.0', license: 'Apache-2.0', path: f, layer: 'l', purl: 'pkg:conda/requests@2.31.0' },
    ]);
    expect(condaAnalyzer.analyze({ path: f, content: Buffer.from('{"name":"x"}'), layer: 'l' }).warnings.map(english)).toEqual([
      `${f}: 1 entry without name or version: not listed`,
    ]);
  });
});
