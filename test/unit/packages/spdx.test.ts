// `--format spdx-json`: SPDX 2.3, validated against the schema SPDX publishes (test/fixtures/spdx), plus the rules
// the schema does not state (element ids, references, one namespace per document).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { inventoryDirectory } from '../../../src/image/directory.js';
import { inventoryToSpdx, spdxLicense } from '../../../src/packages/spdx.js';
import type { Inventory } from '../../../src/packages/types.js';

const schema = JSON.parse(readFileSync('test/fixtures/spdx/spdx-2.3-schema.json', 'utf8')) as object;
const require = createRequire(import.meta.url);
// The SPDX 2.3 schema is draft-07: Ajv's default class.
const Ajv = require('ajv') as new (o: object) => { compile(s: object): ValidateFunction; errorsText(e: ErrorObject[] | null | undefined): string };
const addFormats = require('ajv-formats') as (a: unknown) => void;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

interface Doc {
  SPDXID: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: {
    SPDXID: string;
    name: string;
    versionInfo?: string;
    sourceInfo?: string;
    licenseDeclared: string;
    externalRefs?: { referenceLocator: string }[];
  }[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
}

const image: Inventory = {
  ref: 'swarmguard-test/inventory:latest',
  imageId: `sha256:${'f'.repeat(64)}`,
  os: { family: 'debian', version: '12', codename: 'bookworm', source: 'etc/os-release' },
  layers: [`sha256:${'a'.repeat(64)}`],
  warnings: [],
  packages: [
    {
      type: 'deb',
      name: 'libssl3',
      version: '3.0.15-1~deb12u1',
      sourceName: 'openssl',
      license: 'Apache-2.0',
      path: 'var/lib/dpkg/status',
      layer: `sha256:${'a'.repeat(64)}`,
      purl: 'pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12',
    },
    {
      type: 'npm',
      name: '@s/a',
      version: '1.0.0',
      license: 'MIT License (see file)',
      path: 'app/node_modules/@s/a/package.json',
      layer: `sha256:${'a'.repeat(64)}`,
      purl: 'pkg:npm/%40s/a@1.0.0',
    },
    // The same package at a second place is a second element.
    {
      type: 'npm',
      name: '@s/a',
      version: '1.0.0',
      path: 'srv/node_modules/@s/a/package.json',
      layer: `sha256:${'a'.repeat(64)}`,
      purl: 'pkg:npm/%40s/a@1.0.0',
    },
  ],
};

function check(text: string): Doc {
  const doc = JSON.parse(text) as Doc;
  expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
  const ids = [doc.SPDXID, ...doc.packages.map((p) => p.SPDXID)];
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
  for (const r of doc.relationships) {
    expect(ids).toContain(r.spdxElementId);
    expect(ids).toContain(r.relatedSpdxElement);
  }
  expect(doc.documentNamespace).toMatch(/^https:\/\/[^#\s]+$/);
  expect(doc.creationInfo.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  return doc;
}

describe('SPDX 2.3 JSON', () => {
  it('validates against the SPDX 2.3 schema, with purls, source files and layers', () => {
    const doc = check(inventoryToSpdx(image, { toolVersion: '1.2.3', created: new Date('2026-01-02T03:04:05.678Z'), uuid: 'u' }));
    expect(doc.creationInfo).toEqual({ created: '2026-01-02T03:04:05Z', creators: ['Tool: swarmguard-1.2.3'] });
    expect(doc.documentNamespace).toBe('https://spdx.org/spdxdocs/swarmguard/swarmguard-test-inventory-latest-u');
    const libssl = doc.packages.find((p) => p.name === 'libssl3')!;
    expect(libssl.externalRefs![0]!.referenceLocator).toBe('pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12');
    expect(libssl.sourceInfo).toBe(`deb package read from var/lib/dpkg/status in layer sha256:${'a'.repeat(64)}`);
    expect(libssl.licenseDeclared).toBe('Apache-2.0');
    expect(doc.packages.filter((p) => p.name === '@s/a')).toHaveLength(2);
    expect(doc.packages.find((p) => p.name === '@s/a')!.licenseDeclared).toBe('NOASSERTION');
    expect(doc.relationships.filter((r) => r.relationshipType === 'CONTAINS')).toHaveLength(4);
    expect(doc.relationships[0]).toEqual({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-Image' });
  });

  it('validates for a project directory read from its lockfiles', async () => {
    const inv = await inventoryDirectory('test/fixtures/inventory/project', 'project');
    const doc = check(inventoryToSpdx(inv, { toolVersion: '0' }));
    expect(doc.packages.length).toBe(inv.packages.length + 1);
    expect(doc.packages.find((p) => p.name === 'express')!.sourceInfo).toBe('npm package read from web/package-lock.json');
  });

  it('writes only SPDX license expressions as declared licenses', () => {
    expect(spdxLicense('MIT')).toBe('MIT');
    expect(spdxLicense('MPL-2.0 AND MIT')).toBe('MPL-2.0 AND MIT');
    expect(spdxLicense('GPL-2.0-only WITH Classpath-exception-2.0')).toBe('GPL-2.0-only WITH Classpath-exception-2.0');
    expect(spdxLicense('MIT License')).toBe('NOASSERTION');
    expect(spdxLicense(undefined)).toBe('NOASSERTION');
  });
});
