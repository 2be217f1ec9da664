// The lockfiles and manifests of a project checkout, one analyzer per format, on realistic files
// (test/fixtures/inventory/project). Expected lists are what the package manager installs from each file;
// trivy v0.44.1 `fs` on the same directory agrees except where the README of the fixtures says why.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { english } from '../../../src/core/message.js';
import type { Analyzer } from '../../../src/packages/analyzer.js';
import { projectAnalyzers } from '../../../src/packages/analyzers/index.js';
import { gemVersion } from '../../../src/packages/analyzers/gemfile-lock.js';
import { parseGoMod } from '../../../src/packages/analyzers/gomod.js';
import { langPurl } from '../../../src/packages/analyzers/lockfile.js';
import { pnpmKey } from '../../../src/packages/analyzers/pnpm-lock.js';
import { resolveProperties } from '../../../src/packages/analyzers/pom.js';
import { yarnName } from '../../../src/packages/analyzers/yarn-lock.js';

const P = 'test/fixtures/inventory/project';

function read(file: string, content = readFileSync(`${P}/${file}`)) {
  const wanting = projectAnalyzers.all().filter((a) => a.wants(file, 0o644));
  expect(wanting.map((a) => a.id)).toHaveLength(1);
  return wanting[0]!.analyze({ path: file, content, layer: '' });
}
const rows = (out: Pick<ReturnType<typeof read>, 'packages'>) => out.packages.map((p) => `${p.name} ${p.version}${p.dev ? ' dev' : ''}`);

describe('lockfiles', () => {
  it.each([
    [
      'web/package-lock.json',
      ['accepts 1.3.8', 'express 4.18.2', 'debug 2.6.9', 'mime-types 2.1.35', 'ms 2.0.0', 'negotiator 0.6.3', 'typescript 5.4.5 dev'],
      [],
    ],
    ['web/yarn.lock', ['@babel/helper-string-parser 7.24.1', 'lodash 4.17.21', 'semver 6.3.1'], []],
    ['yarn-berry/yarn.lock', ['js-tokens 4.0.0', 'loose-envify 1.4.0', 'react 18.3.1'], []],
    ['pnpm/pnpm-lock.yaml', ['@types/node 20.12.7 dev', 'ms 2.1.3', 'undici-types 5.26.5 dev'], []],
    ['api/poetry.lock', ['certifi 2024.2.2', 'pytest 7.4.4 dev', 'requests 2.31.0'], []],
    ['api/Pipfile.lock', ['flask 3.0.3', 'black 24.4.2 dev'], ['api/Pipfile.lock: 1 entry without a pinned version (VCS or path installs): not listed']],
    [
      'api/requirements.txt',
      ['django 4.2.11', 'pyyaml 6.0.1', 'urllib3 2.2.1'],
      ['api/requirements.txt: 1 entry not pinned with == (ranges, URLs, paths): not listed'],
    ],
    [
      'svc/go.mod',
      ['github.com/gorilla/mux v1.8.1', 'golang.org/x/net v0.23.0', 'gopkg.in/yaml.v3 v3.0.1'],
      ["svc/go.mod: 1 module(s) replaced by a local directory (the project's own code): not listed"],
    ],
    ['rs/Cargo.lock', ['itoa 1.0.11', 'rs 0.1.0', 'serde_json 1.0.117'], []],
    ['rb/Gemfile.lock', ['nio4r 2.7.1', 'nokogiri 1.16.4', 'puma 6.4.2', 'racc 1.7.3'], []],
    ['php/composer.lock', ['monolog/monolog 3.6.0', 'psr/log 3.0.0', 'phpunit/phpunit 10.5.20 dev'], []],
    ['dotnet/packages.lock.json', ['Newtonsoft.Json 13.0.3', 'System.Text.Encodings.Web 4.7.1'], []],
    ['legacy/packages.config', ['log4net 2.0.15', 'Microsoft.CodeDom.Providers.DotNetCompilerPlatform 2.0.1 dev'], []],
    [
      'java/pom.xml',
      [
        'com.fasterxml.jackson.core:jackson-databind 2.15.2',
        'org.apache.logging.log4j:log4j-core 2.14.1',
        'org.slf4j:slf4j-api 2.0.13',
        'junit:junit 4.13.2 dev',
      ],
      [],
    ],
  ])('%s', (file, expected, warnings) => {
    const out = read(file);
    expect(rows(out)).toEqual(expected);
    expect(out.warnings.map(english)).toEqual(warnings);
    expect(out.packages.every((p) => p.path === file && p.layer === undefined)).toBe(true);
  });

  it('names the purl of each ecosystem', () => {
    expect(read('web/package-lock.json').packages[0]!.purl).toBe('pkg:npm/accepts@1.3.8');
    expect(read('web/yarn.lock').packages[0]!.purl).toBe('pkg:npm/%40babel/helper-string-parser@7.24.1');
    expect(read('php/composer.lock').packages[0]!.purl).toBe('pkg:composer/monolog/monolog@3.6.0');
    expect(read('java/pom.xml').packages[0]!.purl).toBe('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2');
    expect(read('svc/go.mod').packages[0]!.purl).toBe('pkg:golang/github.com/gorilla/mux@v1.8.1');
    expect(langPurl('pypi', 'Zope.Interface', '6.1')).toBe('pkg:pypi/zope-interface@6.1');
  });

  it('reads package-lock.json v1 trees', () => {
    const v1 = JSON.stringify({
      lockfileVersion: 1,
      dependencies: {
        a: { version: '1.0.0', requires: { b: '^2' }, dependencies: { b: { version: '2.0.1' } } },
        c: { version: '3.1.0', dev: true },
        local: { version: 'file:../local' },
      },
    });
    const out = read('v1/package-lock.json', Buffer.from(v1));
    expect(rows(out)).toEqual(['a 1.0.0', 'b 2.0.1', 'c 3.1.0 dev']);
    expect(out.warnings.map(english)).toEqual(['v1/package-lock.json: 1 entry without a registry version (file: or link:): not listed']);
  });

  it('reads pnpm v5 and v9 keys', () => {
    expect(pnpmKey('/lodash/4.17.21')).toEqual({ name: 'lodash', version: '4.17.21' });
    expect(pnpmKey('/@babel/core/7.24.0_supports-color@8.1.1')).toEqual({ name: '@babel/core', version: '7.24.0' });
    expect(pnpmKey('/@types/node@20.12.7')).toEqual({ name: '@types/node', version: '20.12.7' });
    expect(pnpmKey('react-dom@18.3.1(react@18.3.1)')).toEqual({ name: 'react-dom', version: '18.3.1' });
  });

  it('parses the small grammars', () => {
    expect(yarnName('"@s/a@npm:^1.0.0"')).toBe('@s/a');
    expect(gemVersion('1.16.4-x86_64-linux')).toBe('1.16.4');
    expect(gemVersion('2.0.0.rc1')).toBe('2.0.0.rc1');
    expect(
      resolveProperties(
        '${a}',
        new Map([
          ['a', '${b}'],
          ['b', '1.0'],
        ]),
      ),
    ).toBe('1.0');
    expect(resolveProperties('${loop}', new Map([['loop', '${loop}']]))).toBeUndefined();
    expect(parseGoMod('require "example.com/q" v1.0.0 // comment\n').requires).toEqual([{ path: 'example.com/q', version: 'v1.0.0' }]);
  });
});

describe('hostile lockfiles', () => {
  const lockNames = [
    'a/package-lock.json',
    'a/yarn.lock',
    'a/pnpm-lock.yaml',
    'a/poetry.lock',
    'a/Pipfile.lock',
    'a/requirements.txt',
    'a/go.mod',
    'a/Cargo.lock',
    'a/Gemfile.lock',
    'a/composer.lock',
    'a/packages.lock.json',
    'a/packages.config',
    'a/pom.xml',
  ];
  const analyzerOf = (f: string): Analyzer => projectAnalyzers.all().find((a) => a.wants(f, 0o644))!;

  it('never throws on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...lockNames), fc.string({ maxLength: 400 }), (f, text) => {
        const out = analyzerOf(f).analyze({ path: f, content: Buffer.from(text), layer: '' });
        expect(Array.isArray(out.packages)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a YAML alias bomb and an XML entity bomb without expanding them', () => {
    const bomb = [
      '__metadata:\n  version: 8',
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 12 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    const y = analyzerOf('a/yarn.lock').analyze({ path: 'a/yarn.lock', content: Buffer.from(bomb), layer: '' });
    expect(y.packages).toEqual([]);
    expect(y.warnings.map(english).join()).toMatch(/not valid YAML|not a yarn lockfile/);
    const xml = `<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><packages><package id="&c;" version="1.0"/></packages>`;
    const x = analyzerOf('a/packages.config').analyze({ path: 'a/packages.config', content: Buffer.from(xml), layer: '' });
    expect(x.packages.every((p) => p.name.length < 100)).toBe(true);
  });

  it('skips a file that does not parse or lacks its list, and counts the entries that are not objects', () => {
    const said = (f: string, text: string) => {
      const out = analyzerOf(f).analyze({ path: f, content: Buffer.from(text), layer: '' });
      return { packages: out.packages, warnings: out.warnings.map(english) };
    };
    expect(said('a/Cargo.lock', '[[package]\n').warnings[0]).toMatch(/^a\/Cargo\.lock: not valid TOML \(.+\): skipped$/);
    expect(said('a/composer.lock', '{').warnings).toEqual(['a/composer.lock: not valid JSON, skipped']);
    expect(said('a/packages.config', '<x/>').warnings).toEqual(['a/packages.config: no <packages> element: skipped']);
    expect(said('a/packages.lock.json', '[]').warnings).toEqual(['a/packages.lock.json: no "dependencies" object: skipped']);
    expect(said('a/pnpm-lock.yaml', 'lockfileVersion: 9\n').warnings).toEqual(['a/pnpm-lock.yaml: no "packages": skipped']);
    expect(said('a/yarn.lock', '[\n__metadata: 1\n]\n').warnings).toEqual(['a/yarn.lock: not a yarn lockfile: skipped']);
    const mixed = said('a/Cargo.lock', '[[package]]\nname = "a"\nversion = "1.0.0"\n\n[[package]]\nname = ""\nversion = "2"\n');
    expect(rows(mixed)).toEqual(['a 1.0.0']);
    expect(mixed.warnings).toEqual(['a/Cargo.lock: 1 entry without a usable name and version: not listed']);
    const composer = said(
      'a/composer.lock',
      JSON.stringify({ packages: [1, 'x', { name: 'v/a', version: '1.0.0' }], 'packages-dev': [{ name: 'v/b', version: '2.0.0' }] }),
    );
    expect(rows(composer)).toEqual(['v/a 1.0.0', 'v/b 2.0.0 dev']);
    expect(composer.warnings).toEqual(['a/composer.lock: 2 entries without a usable name and version: not listed']);
  });

  it('reads a flood of entries in bounded time', () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `pkg${i}==1.0.${i}`).join('\n');
    const out = analyzerOf('a/requirements.txt').analyze({ path: 'a/requirements.txt', content: Buffer.from(lines), layer: '' });
    expect(out.packages).toHaveLength(50_000);
  });
});
