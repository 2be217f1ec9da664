// Version schemes by id, and which scheme each advisory ecosystem uses.

import { apk } from './apk.js';
import { composer } from './composer.js';
import { dpkg } from './dpkg.js';
import { gem, go, maven } from './lang.js';
import { nuget } from './nuget.js';
import { pep440 } from './pep440.js';
import { rpm } from './rpm.js';
import { VersionError, type VersionScheme } from './scheme.js';
import { versionMessages as M } from './messages.js';
import { semver } from './semver.js';

export { apk, apkCompare, isValidApkVersion } from './apk.js';
export { composer, composerCompare, normalizeComposer, phpVersionCompare } from './composer.js';
export { dpkg, dpkgCompare, dpkgCompareFragment, parseDpkgVersion, type DpkgVersion } from './dpkg.js';
export { compareNuGetVersions, nuget, nugetCompare, parseNuGet, type NuGetVersion } from './nuget.js';
export { normalizePep440, parsePep440, pep440, pep440Compare, pep440Satisfies, type Pep440Version } from './pep440.js';
export { gem, gemCompare, go, goCompare, maven, mavenCompare } from './lang.js';
export { parseEvr, rpm, rpmCompare, rpmvercmp, type Evr } from './rpm.js';
export {
  anyOf,
  evaluateOsvEvents,
  evaluateRange,
  exactVersions,
  expression,
  fixedIn,
  matchComparators,
  osvRange,
  parseComparators,
  VersionError,
  type Comparator,
  type ComparatorOp,
  type Compare,
  type OsvEvent,
  type VersionRange,
  type VersionScheme,
} from './scheme.js';
export { semver, semverCompare, semverSatisfies } from './semver.js';

export type SchemeId = 'dpkg' | 'apk' | 'rpm' | 'semver' | 'pep440' | 'go' | 'maven' | 'gem' | 'composer' | 'nuget';

export const schemes: Readonly<Record<SchemeId, VersionScheme>> = Object.freeze({ dpkg, apk, rpm, semver, pep440, go, maven, gem, composer, nuget });

export const schemeIds: readonly SchemeId[] = Object.freeze(['dpkg', 'apk', 'rpm', 'semver', 'pep440', 'go', 'maven', 'gem', 'composer', 'nuget']);

export function isSchemeId(id: string): id is SchemeId {
  return Object.hasOwn(schemes, id);
}

/** The scheme registered under `id`; throws `VersionError` for an unknown id. */
export function getScheme(id: string): VersionScheme {
  if (!isSchemeId(id)) {
    throw new VersionError('scheme', id, M.say('versions.unknownScheme', { known: schemeIds.join(', ') }));
  }
  return schemes[id];
}

/**
 * OSV ecosystem names (the part before any `:` — `Debian:12`, `Alpine:v3.20`,
 * `Red Hat:enterprise_linux:9::appstream`) to the scheme that orders their versions.
 */
export const ecosystemSchemes: Readonly<Record<string, SchemeId>> = Object.freeze({
  Debian: 'dpkg',
  Ubuntu: 'dpkg',
  Alpine: 'apk',
  Wolfi: 'apk',
  Chainguard: 'apk',
  'Red Hat': 'rpm',
  'Rocky Linux': 'rpm',
  AlmaLinux: 'rpm',
  openSUSE: 'rpm',
  SUSE: 'rpm',
  Mageia: 'rpm',
  openEuler: 'rpm',
  'Photon OS': 'rpm',
  npm: 'semver',
  'crates.io': 'semver',
  PyPI: 'pep440',
  Go: 'go',
  Maven: 'maven',
  RubyGems: 'gem',
  Packagist: 'composer',
  NuGet: 'nuget',
});

/** The scheme id for an OSV ecosystem (`Debian:12` → `dpkg`), or undefined when none is known. */
export function schemeIdForEcosystem(ecosystem: string): SchemeId | undefined {
  const base = ecosystem.split(':')[0]?.trim() ?? '';
  if (Object.hasOwn(ecosystemSchemes, base)) return ecosystemSchemes[base];
  const lower = base.toLowerCase();
  const key = Object.keys(ecosystemSchemes).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : ecosystemSchemes[key];
}

/** The scheme for an OSV ecosystem, or undefined when none is known. */
export function schemeForEcosystem(ecosystem: string): VersionScheme | undefined {
  const id = schemeIdForEcosystem(ecosystem);
  return id === undefined ? undefined : schemes[id];
}
