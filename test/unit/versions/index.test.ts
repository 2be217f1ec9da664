import { describe, expect, it } from 'vitest';

import { UserError } from '../../../src/core/errors.js';
import {
  ecosystemSchemes,
  getScheme,
  isSchemeId,
  schemeForEcosystem,
  schemeIdForEcosystem,
  schemeIds,
  schemes,
  VersionError,
} from '../../../src/versions/index.js';

describe('version scheme registry', () => {
  it('has the ten schemes under their ids', () => {
    expect([...schemeIds]).toEqual(['dpkg', 'apk', 'rpm', 'semver', 'pep440', 'go', 'maven', 'gem', 'composer', 'nuget']);
    for (const id of schemeIds) {
      const s = getScheme(id);
      expect(s.id).toBe(id);
      expect(s.description.length).toBeGreaterThan(10);
      expect(schemes[id]).toBe(s);
    }
  });

  it('rejects an unknown id with the known ones in the message', () => {
    expect(() => getScheme('hackage')).toThrow(VersionError);
    expect(() => getScheme('hackage')).toThrow(/dpkg, apk, rpm, semver, pep440, go, maven, gem, composer, nuget/);
    expect(() => getScheme('toString')).toThrow(VersionError);
    expect(isSchemeId('__proto__')).toBe(false);
  });

  it('maps OSV ecosystems, with or without a release suffix', () => {
    const cases: Array<[string, string]> = [
      ['Debian', 'dpkg'],
      ['Debian:12', 'dpkg'],
      ['Ubuntu', 'dpkg'],
      ['Ubuntu:22.04:LTS', 'dpkg'],
      ['Alpine', 'apk'],
      ['Alpine:v3.20', 'apk'],
      ['Wolfi', 'apk'],
      ['npm', 'semver'],
      ['PyPI', 'pep440'],
      ['Red Hat', 'rpm'],
      ['Red Hat:enterprise_linux:9::appstream', 'rpm'],
      ['Rocky Linux', 'rpm'],
      ['Rocky Linux:9', 'rpm'],
      ['AlmaLinux', 'rpm'],
      ['AlmaLinux:8', 'rpm'],
      ['SUSE', 'rpm'],
      ['openSUSE', 'rpm'],
      ['pypi', 'pep440'],
    ];
    for (const [eco, id] of cases) {
      expect(schemeIdForEcosystem(eco), eco).toBe(id);
      expect(schemeForEcosystem(eco)?.id, eco).toBe(id);
    }
    expect(schemeForEcosystem('Maven')?.id).toBe('maven');
    expect(schemeForEcosystem('NuGet')?.id).toBe('nuget');
    expect(schemeForEcosystem('Packagist')?.id).toBe('composer');
    expect(schemeForEcosystem('Hackage')).toBeUndefined();
    expect(schemeForEcosystem('')).toBeUndefined();
    expect(schemeForEcosystem('constructor')).toBeUndefined();
    for (const id of Object.values(ecosystemSchemes)) expect(isSchemeId(id)).toBe(true);
  });

  it('throws VersionError, a UserError with a hint, naming scheme and input', () => {
    try {
      getScheme('dpkg').compare('1.0', 'not a version');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(VersionError);
      expect(e).toBeInstanceOf(UserError);
      const err = e as VersionError;
      expect(err.scheme).toBe('dpkg');
      expect(err.input).toBe('not a version');
      expect(err.message).toMatch(/^invalid dpkg version "not a version": /);
      expect(err.hint).toBeTruthy();
      expect(err.name).toBe('VersionError');
    }
    const long = `v1.0${'!'.repeat(500)}`;
    expect(() => getScheme('apk').compare(long, '1')).toThrow(/\.\.\."/);
  });
});
