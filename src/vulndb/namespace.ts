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

/** "9.3" → "9": RHEL-family advisories are per major release. */
const major = (v: string | undefined): string | undefined => (v === undefined ? undefined : /^(\d+)(?:\.\d+)*$/.exec(v.trim())?.[1]);

/** SUSE product names to a SLES release: "Linux Enterprise Server 15 SP5" → "15.5", "… 15" → "15". */
function slesRelease(product: string): string | undefined {
  const m = /^Linux Enterprise (?:Server|Module for [^0-9]+?) (\d+)(?: SP(\d+))?(?:\s|$)/i.exec(product.trim());
  if (!m) return undefined;
  return m[2] !== undefined && m[2] !== '0' ? `${m[1]}.${m[2]}` : m[1];
}

/**
 * OSV ecosystem → namespace and scheme. "Debian:12" → debian:12, "Alpine:v3.19" → alpine:v3.19,
 * "Ubuntu:22.04:LTS" → ubuntu:22.04, "Ubuntu:Pro:16.04:LTS" → ubuntu-pro:16.04 (fixes only Ubuntu Pro
 * subscribers get), "Rocky Linux:9" → rocky:9, "AlmaLinux:8" → almalinux:8,
 * "Red Hat:enterprise_linux:9::appstream" → redhat:9, "SUSE:Linux Enterprise Server 15 SP5" → sles:15.5,
 * "openSUSE:Leap 15.5" → opensuse-leap:15.5, "Wolfi" → wolfi, "PyPI" → pypi. Undefined for ecosystems
 * we cannot order, or distro ecosystems without a release (they would match every release).
 */
export function namespaceForEcosystem(ecosystem: string): EcosystemNamespace | undefined {
  const scheme = schemeIdForEcosystem(ecosystem);
  if (scheme === undefined) return undefined;
  const parts = ecosystem.split(':').map((p) => p.trim());
  const base = (parts[0] ?? '').toLowerCase();
  const ns = (namespace: string | undefined): EcosystemNamespace | undefined => (namespace === undefined ? undefined : { namespace, scheme });
  switch (base) {
    case 'npm':
    case 'pypi':
    case 'go':
    case 'maven':
    case 'rubygems':
    case 'packagist':
    case 'nuget':
    case 'crates.io':
      return ns(base);
    case 'wolfi':
    case 'chainguard':
      return ns(base);
    case 'debian': {
      const rel = parts[1];
      return rel ? ns(`debian:${debianRelease(rel)}`) : undefined;
    }
    case 'alpine': {
      const rel = parts[1];
      if (!rel) return undefined;
      return ns(`alpine:${rel.startsWith('v') || rel === 'edge' ? rel : `v${rel}`}`);
    }
    case 'ubuntu': {
      // "Ubuntu:22.04:LTS", "Ubuntu:Pro:18.04:LTS", "Ubuntu:Pro:FIPS:…": the release is the part that looks like YY.MM.
      const rel = parts.slice(1).find((p) => /^\d{2}\.\d{2}$/.test(p));
      const pro = parts.slice(1).some((p) => p.toLowerCase() === 'pro');
      return rel ? ns(`${pro ? 'ubuntu-pro' : 'ubuntu'}:${rel}`) : undefined;
    }
    case 'rocky linux':
      return major(parts[1]) ? ns(`rocky:${major(parts[1])}`) : undefined;
    case 'almalinux':
      return major(parts[1]) ? ns(`almalinux:${major(parts[1])}`) : undefined;
    case 'red hat': {
      // Only the main stream: EUS/AUS/E4S fixes are for extended-support minor releases.
      if (parts[1] !== 'enterprise_linux') return undefined;
      return major(parts[2]) ? ns(`redhat:${major(parts[2])}`) : undefined;
    }
    case 'suse': {
      const rel = parts[1] !== undefined ? slesRelease(parts[1]) : undefined;
      return rel ? ns(`sles:${rel}`) : undefined;
    }
    case 'opensuse': {
      const m = /^Leap (\d+\.\d+)$/i.exec(parts[1] ?? '');
      if (m) return ns(`opensuse-leap:${m[1]}`);
      return /^Tumbleweed$/i.test(parts[1] ?? '') ? ns('opensuse-tumbleweed') : undefined;
    }
    default:
      return undefined;
  }
}

/** The namespace an image's OS packages are matched in, or undefined when we have no feed for the OS. */
export function osNamespace(os: OsInfo | undefined): string | undefined {
  if (!os) return undefined;
  const family = os.family.toLowerCase();
  const version = os.version.trim();
  switch (family) {
    case 'alpine': {
      if (/edge/i.test(version)) return 'alpine:edge';
      const m = /^(\d+)\.(\d+)/.exec(version);
      return m ? `alpine:v${m[1]}.${m[2]}` : undefined;
    }
    case 'debian': {
      const m = /^(\d+)/.exec(version);
      if (m) return `debian:${m[1]}`;
      // testing/sid carry no VERSION_ID; the codename names the release.
      if (os.codename) return `debian:${debianRelease(os.codename)}`;
      return undefined;
    }
    case 'ubuntu': {
      const m = /^(\d{2}\.\d{2})/.exec(version);
      return m ? `ubuntu:${m[1]}` : undefined;
    }
    case 'rocky':
      return major(version.split('.')[0]) ? `rocky:${major(version.split('.')[0])}` : undefined;
    case 'almalinux':
      return major(version.split('.')[0]) ? `almalinux:${major(version.split('.')[0])}` : undefined;
    case 'rhel':
    case 'redhat':
    case 'centos':
      // CentOS is rebuilt from RHEL sources and, as trivy does, matched with Red Hat's data.
      return major(version.split('.')[0]) ? `redhat:${major(version.split('.')[0])}` : undefined;
    case 'sles':
    case 'sled':
    case 'sle-micro': {
      const m = /^(\d+)(?:\.(\d+))?/.exec(version);
      if (!m) return undefined;
      return m[2] !== undefined && m[2] !== '0' ? `sles:${m[1]}.${m[2]}` : `sles:${m[1]}`;
    }
    case 'opensuse-leap': {
      const m = /^(\d+\.\d+)/.exec(version);
      return m ? `opensuse-leap:${m[1]}` : undefined;
    }
    case 'opensuse-tumbleweed':
      return 'opensuse-tumbleweed';
    case 'wolfi':
      return 'wolfi';
    case 'chainguard':
      return 'chainguard';
    // Amazon Linux ("2", "2023"), CBL-Mariner ("2.0") and Azure Linux ("3.0"), Photon ("5.0"): per release.
    case 'amzn':
      return /^(\d+)/.test(version) ? `amazon:${/^(\d+)/.exec(version)![1]}` : undefined;
    case 'mariner':
    case 'azurelinux':
    case 'photon': {
      const m = /^(\d+)\.(\d+)/.exec(version);
      return m ? `${family}:${m[1]}.${m[2]}` : undefined;
    }
    default:
      return undefined;
  }
}

export interface PackageLookup {
  namespace: string;
  name: string;
  scheme: string;
}

const OS_PACKAGE_FAMILIES: Record<string, readonly string[]> = {
  deb: ['debian', 'ubuntu'],
  apk: ['alpine', 'wolfi', 'chainguard'],
  rpm: ['redhat', 'rocky', 'almalinux', 'sles', 'opensuse-leap', 'opensuse-tumbleweed', 'amazon', 'mariner', 'azurelinux', 'photon'],
};

/** Where a package's advisories are, in order; empty when no feed covers it. */
export function packageLookups(pkg: Package, os: OsInfo | undefined): PackageLookup[] {
  switch (pkg.type) {
    case 'deb':
    case 'apk':
    case 'rpm': {
      // OS packages only ever match their distro's feed: upstream (language) advisories ignore backports.
      const ns = osNamespace(os);
      if (ns === undefined) return [];
      const family = ns.split(':')[0] ?? '';
      if (!(OS_PACKAGE_FAMILIES[pkg.type] ?? []).includes(family)) return [];
      const scheme = pkg.type === 'deb' ? 'dpkg' : pkg.type === 'apk' ? 'apk' : 'rpm';
      // Debian and Ubuntu file advisories against source packages, Alpine against the origin (aport),
      // AlmaLinux and Rocky against the source rpm; Red Hat and SUSE name binary packages.
      const names = [...new Set([(pkg.sourceName ?? pkg.name).toLowerCase(), ...(pkg.type === 'rpm' ? [pkg.name.toLowerCase()] : [])])];
      const spaces = family === 'ubuntu' ? [ns, ns.replace(/^ubuntu:/, 'ubuntu-pro:')] : [ns];
      return spaces.flatMap((namespace) => names.map((name) => ({ namespace, name, scheme })));
    }
    case 'npm':
      return [{ namespace: 'npm', name: pkg.name, scheme: 'semver' }];
    case 'pypi':
      return [{ namespace: 'pypi', name: normalizePypiName(pkg.name), scheme: 'pep440' }];
    // OSV ecosystems Go, Maven ("groupId:artifactId"), RubyGems, crates.io, Packagist and NuGet, in their own version orders.
    case 'golang':
      return pkg.version === '(devel)' ? [] : [{ namespace: 'go', name: pkg.name, scheme: 'go' }];
    case 'maven':
      return [{ namespace: 'maven', name: pkg.name, scheme: 'maven' }];
    case 'gem':
      return [{ namespace: 'rubygems', name: pkg.name, scheme: 'gem' }];
    case 'cargo':
      return [{ namespace: 'crates.io', name: pkg.name, scheme: 'semver' }];
    // Packagist names ("vendor/package") and NuGet ids are case-insensitive: stored lower-cased.
    case 'composer':
      return [{ namespace: 'packagist', name: normalizePackageName('packagist', pkg.name), scheme: 'composer' }];
    case 'nuget':
      return [{ namespace: 'nuget', name: normalizePackageName('nuget', pkg.name), scheme: 'nuget' }];
    default:
      return [];
  }
}
