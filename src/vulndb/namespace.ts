// Namespaces (which feed an affected entry belongs to) and package-name normalisation, shared by importers and the matcher.
import type { OsInfo, Package } from '../packages/types.js';
import { schemeIdForEcosystem } from '../versions/index.js';

/** Debian codenames to release numbers: the tracker speaks codenames, os-release gives VERSION_ID. */
export const DEBIAN_CODENAMES: Readonly<Record<string, string>> = Object.freeze({
  buzz: '1.1',
  rex: '1.2',
  bo: '1.3',
  hamm: '2.0',
  slink: '2.1',
  potato: '2.2',
  woody: '3.0',
  sarge: '3.1',
  etch: '4',
  lenny: '5',
  squeeze: '6',
  wheezy: '7',
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
  duke: '15',
});

/** "bookworm" → "12"; unknown codenames ("sid") stay as they are. */
export function debianRelease(codenameOrVersion: string): string {
  const c = codenameOrVersion.trim().toLowerCase();
  return DEBIAN_CODENAMES[c] ?? c;
}

/** PEP 503 normalised name: the index treats "PyYAML", "pyyaml" and "py_yaml" alike. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function normalizePackageName(namespace: string, name: string): string {
  if (namespace === 'pypi') return normalizePypiName(name);
  // Distro package names are lower case by policy; npm names are case-sensitive for old packages.
  return namespace === 'npm' ? name : name.toLowerCase();
}

export interface EcosystemNamespace {
  namespace: string;
  scheme: string;
}

/**
 * OSV ecosystem → namespace and scheme. "Debian:12" → debian:12, "Alpine:v3.19" → alpine:v3.19,
 * "Ubuntu:22.04:LTS" → ubuntu:22.04, "PyPI" → pypi. Undefined for ecosystems we cannot order,
 * or distro ecosystems without a release (they would match every release).
 */
export function namespaceForEcosystem(ecosystem: string): EcosystemNamespace | undefined {
  const scheme = schemeIdForEcosystem(ecosystem);
  if (scheme === undefined) return undefined;
  const parts = ecosystem.split(':').map((p) => p.trim());
  const base = (parts[0] ?? '').toLowerCase();
  switch (base) {
    case 'npm':
      return { namespace: 'npm', scheme };
    case 'pypi':
      return { namespace: 'pypi', scheme };
    case 'debian': {
      const rel = parts[1];
      return rel ? { namespace: `debian:${debianRelease(rel)}`, scheme } : undefined;
    }
    case 'alpine': {
      const rel = parts[1];
      if (!rel) return undefined;
      return { namespace: `alpine:${rel.startsWith('v') || rel === 'edge' ? rel : `v${rel}`}`, scheme };
    }
    case 'ubuntu': {
      // "Ubuntu:22.04:LTS", "Ubuntu:Pro:18.04:LTS": the release is the part that looks like YY.MM.
      const rel = parts.slice(1).find((p) => /^\d{2}\.\d{2}$/.test(p));
      return rel ? { namespace: `ubuntu:${rel}`, scheme } : undefined;
    }
    default:
      return undefined;
  }
}

/** The namespace an image's OS packages are matched in, or undefined when we have no feed for the OS. */
export function osNamespace(os: OsInfo | undefined): string | undefined {
  if (!os) return undefined;
  const family = os.family.toLowerCase();
  switch (family) {
    case 'alpine': {
      if (/edge/i.test(os.version)) return 'alpine:edge';
      const m = /^(\d+)\.(\d+)/.exec(os.version.trim());
      return m ? `alpine:v${m[1]}.${m[2]}` : undefined;
    }
    case 'debian': {
      const m = /^(\d+)/.exec(os.version.trim());
      if (m) return `debian:${m[1]}`;
      // testing/sid carry no VERSION_ID; the codename names the release.
      if (os.codename) return `debian:${debianRelease(os.codename)}`;
      return undefined;
    }
    case 'ubuntu': {
      const m = /^(\d{2}\.\d{2})/.exec(os.version.trim());
      return m ? `ubuntu:${m[1]}` : undefined;
    }
    default:
      return undefined;
  }
}

/** The namespace and lookup name for a package, or undefined when no feed covers it. */
export function packageLookup(pkg: Package, os: OsInfo | undefined): { namespace: string; name: string; scheme: string } | undefined {
  switch (pkg.type) {
    case 'deb':
    case 'apk':
    case 'rpm': {
      // OS packages only ever match their distro's feed: upstream (language) advisories ignore backports.
      const ns = osNamespace(os);
      if (ns === undefined) return undefined;
      const expected = pkg.type === 'deb' ? ['debian', 'ubuntu'] : pkg.type === 'apk' ? ['alpine'] : [];
      if (!expected.some((e) => ns.startsWith(`${e}:`))) return undefined;
      // Debian advisories are filed against source packages, Alpine's against the origin (aport).
      const name = (pkg.sourceName ?? pkg.name).toLowerCase();
      return { namespace: ns, name, scheme: pkg.type === 'deb' ? 'dpkg' : pkg.type === 'apk' ? 'apk' : 'rpm' };
    }
    case 'npm':
      return { namespace: 'npm', name: pkg.name, scheme: 'semver' };
    case 'pypi':
      return { namespace: 'pypi', name: normalizePypiName(pkg.name), scheme: 'pep440' };
  }
}
