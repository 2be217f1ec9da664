// VEX documents from the three specifications' own examples: each suppresses the finding it names and only that one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { notesSaid } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import type { Inventory } from '../../../src/packages/types.js';
import { imagePurl } from '../../../src/scan/openvex.js';
import { imagePurlName, parsePurl, purlMatches } from '../../../src/scan/purl.js';
import { applyVex, imageMatches, loadVexFile, parseVex, vexFormatOf } from '../../../src/scan/vex.js';
import { vulnFinding } from './vuln-finding.js';

const FIX = path.resolve(import.meta.dirname, '../../fixtures/vex');
const file = (name: string): string => path.join(FIX, name);
const text = (name: string): string => readFileSync(file(name), 'utf8');

const ids = (fs: { id: string; vulnerability?: { purl?: string } }[]): string[] => fs.map((f) => `${f.id} ${f.vulnerability?.purl ?? ''}`);

describe('purl', () => {
  it('parses the parts, decoding each', () => {
    expect(parsePurl('pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12')).toEqual({
      type: 'deb',
      namespace: 'debian',
      name: 'zlib1g',
      version: '1:1.2.13.dfsg-1',
      qualifiers: { arch: 'amd64', distro: 'debian-12' },
    });
    expect(parsePurl('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1')).toMatchObject({ namespace: 'org.apache.logging.log4j', name: 'log4j-core' });
    expect(parsePurl('pkg:npm/%40angular/core@1.0.0')).toMatchObject({ namespace: '@angular', name: 'core' });
    expect(parsePurl('not a purl')).toBeUndefined();
    expect(parsePurl('pkg:npm/')).toBeUndefined();
  });

  it('a statement restricts only what it writes: version and qualifiers', () => {
    const pkg = parsePurl('pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64&distro=wolfi') as NonNullable<ReturnType<typeof parsePurl>>;
    const m = (s: string): boolean => purlMatches(parsePurl(s) as NonNullable<ReturnType<typeof parsePurl>>, pkg);
    const matching = ['pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64', 'pkg:apk/wolfi/git'];
    const others = ['pkg:apk/wolfi/git@2.39.0-r1?arch=armv7', 'pkg:apk/wolfi/git@2.39.0-r2', 'pkg:apk/alpine/git@2.39.0-r1', 'pkg:deb/wolfi/git@2.39.0-r1'];
    expect([...matching, ...others].filter(m)).toEqual(matching);
  });

  it('never throws, and a purl it prints parses back to itself (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void parsePurl(`pkg:${s}`)));
    const seg = fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}$/);
    fc.assert(
      fc.property(seg, seg, seg, (ns, name, version) => {
        const p = parsePurl(`pkg:npm/${ns}/${name}@${version}`);
        expect(p).toEqual({ type: 'npm', namespace: ns, name, version, qualifiers: {} });
        expect(purlMatches(p as NonNullable<typeof p>, p as NonNullable<typeof p>)).toBe(true);
      }),
    );
  });
});

describe('OpenVEX (spec examples)', () => {
  it('the minimal example: CVE-2023-12345 fixed in git 2.39.0-r1 (armv7, x86_64) suppresses exactly that', () => {
    const doc = loadVexFile(file('openvex-spec-minimal.json'));
    expect(doc.format).toBe('openvex');
    const target = vulnFinding('CVE-2023-12345', 'pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64&distro=wolfi-20230201');
    const others = [
      vulnFinding('CVE-2023-12345', 'pkg:apk/wolfi/git@2.39.0-r2?arch=x86_64'),
      vulnFinding('CVE-2023-12345', 'pkg:apk/wolfi/git@2.39.0-r1?arch=aarch64'),
      vulnFinding('CVE-2023-99999', 'pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64'),
    ];
    const r = applyVex([target, ...others], [doc]);
    expect(ids(r.suppressed)).toEqual(ids([target]));
    expect(r.suppressed[0]?.vulnerability?.vex).toEqual({ status: 'fixed', source: file('openvex-spec-minimal.json') });
    expect(ids(r.kept)).toEqual(ids(others));
  });

  it('the Spring Boot example is not JSON as published: a clear error; with its commas restored it suppresses log4shell in spring-boot only', () => {
    expect(() => parseVex(text('openvex-spec-spring-boot.txt'), 'spring.json')).toThrow(InputError);
    expect(() => parseVex(text('openvex-spec-spring-boot.txt'), 'spring.json')).toThrow(/spring\.json: not JSON/);
    const fixed = text('openvex-spec-spring-boot.txt')
      .replace('"purl": "pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3",\n', '"purl": "pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3"\n')
      .replace(/}\n(\s*)"hashes"/, '},\n$1"hashes"')
      .replace('"vulnerable_code_not_in_execute_path"\n', '"vulnerable_code_not_in_execute_path",\n')
      .replace(/are vulnerable\.",\n/, 'are vulnerable."\n');
    const doc = parseVex(fixed, 'spring.json');
    const target = vulnFinding('CVE-2021-44228', 'pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3');
    const log4j = vulnFinding('CVE-2021-44228', 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1');
    const r = applyVex([target, log4j], [doc]);
    expect(ids(r.suppressed)).toEqual(ids([target]));
    expect(r.suppressed[0]?.vulnerability?.vex).toMatchObject({ status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' });
    expect(r.suppressed[0]?.vulnerability?.vex?.statement).toMatch(/^Spring Boot users are only affected/);
    // The statement names the GHSA alias too: a finding shown under it is the same vulnerability.
    const byAlias = { ...target, id: 'GHSA-jfh8-c2jp-5v3q', references: [] };
    expect(applyVex([byAlias], [doc]).suppressed).toHaveLength(1);
  });

  it('the later statement about the same package decides (the spec example of an updated document)', () => {
    const doc = parseVex(
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        timestamp: '2023-01-09T09:08:42-06:00',
        statements: [
          {
            timestamp: '2023-01-08T18:02:03-06:00',
            vulnerability: { name: 'CVE-2023-12345' },
            products: [{ '@id': 'pkg:apk/wolfi/git@2.39.0-r1?arch=armv7' }],
            status: 'under_investigation',
          },
          { vulnerability: { name: 'CVE-2023-12345' }, products: [{ '@id': 'pkg:apk/wolfi/git@2.39.0-r1?arch=armv7' }], status: 'fixed' },
        ],
      }),
      'v2.json',
    );
    const r = applyVex([vulnFinding('CVE-2023-12345', 'pkg:apk/wolfi/git@2.39.0-r1?arch=armv7')], [doc]);
    expect(r.suppressed).toHaveLength(1);
  });

  it('under_investigation marks a finding and keeps it; an image product with subcomponents names the packages', () => {
    const doc = parseVex(
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        statements: [
          {
            vulnerability: { name: 'CVE-2024-38476' },
            products: [{ '@id': 'pkg:oci/apache2@sha256%3Aabc', subcomponents: [{ '@id': 'pkg:deb/debian/apache2-bin' }] }],
            status: 'under_investigation',
          },
        ],
      }),
      'img.json',
    );
    const bin = vulnFinding('CVE-2024-38476', 'pkg:deb/debian/apache2-bin@2.4.68-1~deb12u1?arch=amd64');
    const data = vulnFinding('CVE-2024-38476', 'pkg:deb/debian/apache2-data@2.4.68-1~deb12u1?arch=all');
    const r = applyVex([bin, data], [doc]);
    expect(r.suppressed).toEqual([]);
    expect(r.kept.map((f) => f.vulnerability?.vex?.status)).toEqual(['under_investigation', undefined]);
  });

  it('a statement about the image as a whole applies to every package in it, when the name and digest match', () => {
    const p = parsePurl('pkg:oci/apache2@sha256%3Aabc?repository_url=swarmguard-test/apache2') as NonNullable<ReturnType<typeof parsePurl>>;
    expect(imageMatches(p, 'swarmguard-test/apache2:bookworm', ['sha256:abc'])).toBe(true);
    expect(imageMatches(p, 'swarmguard-test/apache2:bookworm', ['sha256:def'])).toBe(false);
    expect(imageMatches(p, 'swarmguard-test/nginx:1', ['sha256:abc'])).toBe(false);
  });

  it('reads image references by the one reference type: Docker Hub spelled three ways, a registry port, digests', () => {
    const purl = (text: string) => parsePurl(text) as NonNullable<ReturnType<typeof parsePurl>>;
    const digest = `sha256:${'ab'.repeat(32)}`;
    const other = `sha256:${'cd'.repeat(32)}`;
    // docker.io/library/x, x and index.docker.io/library/x are one repository.
    const hub = purl(`pkg:oci/debian@${encodeURIComponent(digest)}?repository_url=docker.io/library/debian&tag=12`);
    for (const ref of ['debian:12', 'docker.io/library/debian:12', 'index.docker.io/library/debian:12', 'library/debian']) {
      expect(imageMatches(hub, ref, [digest]), ref).toBe(true);
      expect(imageMatches(hub, ref, [other]), ref).toBe(false);
    }
    expect(imageMatches(purl('pkg:oci/debian?repository_url=index.docker.io/library/debian'), 'debian', [])).toBe(true);
    // The same last name in another repository, or another registry, is another image.
    expect(imageMatches(hub, 'ghcr.io/library/debian:12', [digest])).toBe(false);
    expect(imageMatches(hub, 'team/debian:12', [digest])).toBe(false);
    // A registry with a port is part of the repository's name.
    const local = purl('pkg:oci/web?repository_url=localhost:5000/team/web');
    expect(imageMatches(local, 'localhost:5000/team/web:2', [])).toBe(true);
    expect(imageMatches(local, 'localhost:5001/team/web:2', [])).toBe(false);
    expect(imageMatches(local, 'team/web:2', [])).toBe(false);
    expect(imageMatches(purl('pkg:docker/team/web@2?repository_url=localhost:5000'), 'localhost:5000/team/web:2', [])).toBe(true);
    expect(imageMatches(purl('pkg:docker/team/web@2?repository_url=localhost:5000'), 'localhost:5000/team/web:3', [])).toBe(false);
    expect(imageMatches(purl('pkg:docker/library/nginx@latest'), 'nginx', [])).toBe(true);
    // Scanned by digest only: the reference's own digest counts, and it has no tag to match.
    const pinned = purl(`pkg:oci/web@${encodeURIComponent(digest)}`);
    expect(imageMatches(pinned, `registry.example:443/team/web@${digest}`, [])).toBe(true);
    expect(imageMatches(pinned, `registry.example:443/team/web@${other}`, [])).toBe(false);
    expect(imageMatches(purl('pkg:oci/web@1'), `team/web@${digest}`, [])).toBe(false);
    // What it writes must be a repository; what it leaves out does not restrict.
    expect(imageMatches(purl('pkg:oci/web?repository_url=Not%20A%20Repo'), 'web', [])).toBe(false);
    expect(imageMatches(purl('pkg:oci/web'), 'ghcr.io/any/web:9', [])).toBe(true);
    // An archive has no reference: its file name and path, as imagePurl writes them.
    expect(imageMatches(purl(`pkg:oci/app.tar@${encodeURIComponent(digest)}?repository_url=%2Ftmp%2FApp.tar`), '/tmp/App.tar', [digest])).toBe(true);
    expect(imageMatches(purl('pkg:oci/app.tar@1'), '/tmp/app.tar', [])).toBe(false);
  });

  it('the purl `--format openvex` writes for an image names that image', () => {
    const digest = `sha256:${'ef'.repeat(32)}`;
    for (const ref of [
      'nginx',
      'nginx:1.27',
      'bitnami/redis:7',
      'index.docker.io/library/debian:12',
      'localhost:5000/team/web:2',
      `ghcr.io/org/app@${digest}`,
      '/tmp/App.tar',
    ]) {
      const written = parsePurl(imagePurl({ ref, inventory: { repoDigest: digest } as Inventory }));
      expect(written && imageMatches(written, ref, [digest]), ref).toBe(true);
      expect(written?.name, ref).toBe(imagePurlName(ref));
    }
    expect(['docker.io/library/debian:12', `ghcr.io/org/app@${digest}`, 'localhost:5000/team/web', '/tmp/App.tar'].map((r) => imagePurlName(r))).toEqual([
      'debian',
      'app',
      'web',
      'app.tar',
    ]);
  });
});

describe('CycloneDX VEX (specification test resources 1.4 and 1.6)', () => {
  for (const name of ['cyclonedx-1.4-valid-vulnerability.json', 'cyclonedx-1.6-valid-vulnerability.json']) {
    it(`${name}: not_affected for jackson-databind 2.9.4, by the Snyk id or its CVE reference`, () => {
      const doc = loadVexFile(file(name));
      expect(doc.format).toBe('cyclonedx');
      const target = vulnFinding('CVE-2018-7489', 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4');
      const others = [
        vulnFinding('CVE-2018-7489', 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.5'),
        vulnFinding('CVE-2017-7525', 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4'),
      ];
      const r = applyVex([...others, target], [doc]);
      expect(ids(r.suppressed)).toEqual(ids([target]));
      expect(r.suppressed[0]?.vulnerability?.vex).toMatchObject({ status: 'not_affected', justification: 'code_not_reachable' });
      expect(ids(r.kept)).toEqual(ids(others));
    });
  }

  it('maps the six analysis states; refs through components and BOM-links', () => {
    const states = { resolved: 1, resolved_with_pedigree: 1, exploitable: 0, in_triage: 0, false_positive: 1, not_affected: 1 };
    for (const [state, suppressed] of Object.entries(states)) {
      const doc = parseVex(
        JSON.stringify({
          bomFormat: 'CycloneDX',
          specVersion: '1.6',
          components: [{ 'bom-ref': 'c1', purl: 'pkg:npm/lodash@4.17.20' }],
          vulnerabilities: [
            { id: 'CVE-2021-23337', analysis: { state }, affects: [{ ref: 'c1' }] },
            { id: 'CVE-2020-8203', analysis: { state }, affects: [{ ref: 'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:npm/lodash@4.17.20' }] },
          ],
        }),
        'cdx.json',
      );
      const r = applyVex([vulnFinding('CVE-2021-23337', 'pkg:npm/lodash@4.17.20'), vulnFinding('CVE-2020-8203', 'pkg:npm/lodash@4.17.20')], [doc]);
      expect(r.suppressed.length, state).toBe(suppressed * 2);
    }
  });
});

describe('CSAF 2.0 VEX (the csaf_vex examples)', () => {
  const withPurl = (name: string): string => {
    const doc = JSON.parse(text(name)) as { product_tree: { branches: { branches: { branches: { product: Record<string, unknown> }[] }[] }[] } };
    const product = doc.product_tree.branches[0]?.branches[0]?.branches[0]?.product;
    if (product) product.product_identification_helper = { purl: 'pkg:maven/com.example/abc@4.2' };
    return JSON.stringify(doc);
  };
  const target = vulnFinding('CVE-2021-44228', 'pkg:maven/com.example/abc@4.2');
  const others = [
    vulnFinding('CVE-2021-44228', 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'),
    vulnFinding('CVE-2021-45046', 'pkg:maven/com.example/abc@4.2'),
  ];

  it('as published the products carry no purl: nothing is suppressed, and a note says why', () => {
    const doc = loadVexFile(file('csaf-2022-evd-uc-01-na-001.json'));
    expect(doc.format).toBe('csaf');
    const r = applyVex([target, ...others], [doc]);
    expect(r.suppressed).toEqual([]);
    expect(r.notes[0]).toMatch(/product CSAFPID-0001 \(Example Company ABC 4\.2\) has no purl/);
    // The note is said by id: its English as it always was, and Japanese for a Japanese reader.
    const said = notesSaid(r.notes)[0];
    expect(said?.id).toBe('vex.note.csafNoPurl');
    expect(r.notes[0]).toBe(
      `${doc.file}: product CSAFPID-0001 (Example Company ABC 4.2) has no purl in product_identification_helper: statements about it cannot match a package`,
    );
    expect(said && localizeMessage(said, 'ja')).toBe(
      `${doc.file}: 製品 CSAFPID-0001（Example Company ABC 4.2）の product_identification_helper に purl がないため、この製品についてのステートメントはどのパッケージにも当てはまりません`,
    );
  });

  it('known_not_affected (with a purl helper) suppresses CVE-2021-44228 in that product only, with the impact statement', () => {
    const r = applyVex([target, ...others], [parseVex(withPurl('csaf-2022-evd-uc-01-na-001.json'), 'na.json')]);
    expect(ids(r.suppressed)).toEqual(ids([target]));
    expect(r.suppressed[0]?.vulnerability?.vex).toMatchObject({ status: 'not_affected', statement: 'Class with vulnerable code was removed before shipping.' });
    expect(ids(r.kept)).toEqual(ids(others));
  });

  it('fixed suppresses; under_investigation marks', () => {
    expect(applyVex([target, ...others], [parseVex(withPurl('csaf-2022-evd-uc-01-f-001.json'), 'f.json')]).suppressed).toHaveLength(1);
    const ui = applyVex([target, ...others], [parseVex(withPurl('csaf-2022-evd-uc-01-ui-001.json'), 'ui.json')]);
    expect(ui.suppressed).toEqual([]);
    expect(ui.kept[0]?.vulnerability?.vex?.status).toBe('under_investigation');
  });

  it('relationships: a component in a product is matched by the component purl', () => {
    const doc = parseVex(
      JSON.stringify({
        document: { csaf_version: '2.0', category: 'csaf_vex' },
        product_tree: {
          full_product_names: [
            { product_id: 'app', name: 'App 1' },
            { product_id: 'lib', name: 'log4j-core 2.14.1', product_identification_helper: { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' } },
          ],
          relationships: [
            {
              category: 'default_component_of',
              product_reference: 'lib',
              relates_to_product_reference: 'app',
              full_product_name: { product_id: 'app:lib', name: 'log4j in App 1' },
            },
          ],
        },
        vulnerabilities: [
          {
            cve: 'CVE-2021-44228',
            product_status: { known_not_affected: ['app:lib'] },
            flags: [{ label: 'vulnerable_code_not_in_execute_path', product_ids: ['app:lib'] }],
          },
        ],
      }),
      'rel.json',
    );
    const r = applyVex([target, ...others], [doc]);
    expect(ids(r.suppressed)).toEqual(ids([others[0] as typeof target]));
    expect(r.suppressed[0]?.vulnerability?.vex?.justification).toBe('vulnerable_code_not_in_execute_path');
  });
});

describe('hostile and wrong input', () => {
  it('names the file and the field; never a half-read document', () => {
    expect(() => parseVex('{}', 'x.json')).toThrow(/x\.json: not a VEX document/);
    expect(() => parseVex('{"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"vulnerability":{"name":"CVE-1"},"status":"maybe"}]}', 'x.json')).toThrow(
      /x\.json: not a valid openvex document: statements\.0\.status/,
    );
    expect(() => loadVexFile('/nonexistent/vex.json')).toThrow(/no such VEX file/);
    expect(vexFormatOf([])).toBeUndefined();
  });

  it('a flood of statements stays linear', () => {
    const statements = Array.from({ length: 20_000 }, (_, i) => ({
      vulnerability: { name: `CVE-2024-${10000 + i}` },
      products: [{ '@id': `pkg:npm/p${i}@1` }],
      status: 'not_affected',
    }));
    const doc = parseVex(JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', statements }), 'flood.json');
    const findings = Array.from({ length: 5000 }, (_, i) => vulnFinding(`CVE-2024-${10000 + i}`, `pkg:npm/p${i}@1`));
    const r = applyVex(findings, [doc]);
    expect(r.suppressed).toHaveLength(5000);
  });
});
