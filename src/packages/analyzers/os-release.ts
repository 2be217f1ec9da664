// OS detection: os-release, then the distribution version files.
import type { OsInfo } from '../types.js';

export const OS_FILES = [
  'etc/os-release',
  'usr/lib/os-release',
  'etc/alpine-release',
  'etc/debian_version',
  'etc/redhat-release',
  'etc/system-release',
  'etc/lsb-release',
  'etc/photon-release',
  'etc/mariner-release',
];

/** os-release IDs to the names purls give the distribution (pkg:rpm/amazon/…, pkg:rpm/redhat/…). */
const PURL_NAMESPACES: Readonly<Record<string, string>> = {
  amzn: 'amazon',
  rhel: 'redhat',
  'opensuse-leap': 'opensuse',
  'opensuse-tumbleweed': 'opensuse',
  sles: 'suse',
};

/** The purl namespace of an OS's packages: "alpine", "wolfi", "debian", "amazon", "redhat"… */
export function purlNamespace(os: OsInfo | undefined, fallback: string): string {
  if (!os || os.family === 'distroless') return fallback;
  return PURL_NAMESPACES[os.family] ?? os.family;
}

/** The purl `distro` qualifier: "alpine-3.19.1", "amazon-2023", "wolfi" (a rolling release has no version). */
export function purlDistro(os: OsInfo | undefined): string | undefined {
  if (!os || os.family === 'distroless') return undefined;
  const ns = purlNamespace(os, os.family);
  return os.version ? `${ns}-${os.version}` : ns;
}

export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return out;
}

/** Picks the OS from the files found (path → content), most specific first. */
export function detectOs(files: ReadonlyMap<string, string>, distroless: boolean): OsInfo | undefined {
  for (const p of ['etc/os-release', 'usr/lib/os-release']) {
    const t = files.get(p);
    if (t === undefined) continue;
    const r = parseOsRelease(t);
    if (r.ID) {
      return {
        family: r.ID,
        version: r.VERSION_ID ?? '',
        ...(r.VERSION_CODENAME ? { codename: r.VERSION_CODENAME } : {}),
        ...(r.PRETTY_NAME ? { prettyName: r.PRETTY_NAME } : {}),
        source: p,
      };
    }
  }
  const alpine = files.get('etc/alpine-release');
  if (alpine) return { family: 'alpine', version: alpine.trim(), source: 'etc/alpine-release' };
  const debian = files.get('etc/debian_version');
  if (debian) return { family: 'debian', version: debian.trim().split('.')[0] ?? '', source: 'etc/debian_version' };
  const lsb = parseOsRelease(files.get('etc/lsb-release') ?? '');
  if (lsb.DISTRIB_ID && lsb.DISTRIB_RELEASE)
    return {
      family: lsb.DISTRIB_ID.toLowerCase(),
      version: lsb.DISTRIB_RELEASE,
      ...(lsb.DISTRIB_CODENAME ? { codename: lsb.DISTRIB_CODENAME } : {}),
      source: 'etc/lsb-release',
    };
  for (const [file, family] of [
    ['etc/photon-release', 'photon'],
    ['etc/mariner-release', 'mariner'],
  ] as const) {
    const t = files.get(file);
    const m = t ? /(\d+\.\d+)/.exec(t) : null;
    if (m) return { family, version: m[1]!, source: file };
  }
  const amzn = files.get('etc/system-release');
  const am = amzn ? /^Amazon Linux(?: release)? (\d+)/i.exec(amzn.trim()) : null;
  if (am) return { family: 'amzn', version: am[1]!, source: 'etc/system-release' };
  const rh = files.get('etc/redhat-release');
  if (rh) {
    const m = /^(\S+).*release\s+([\d.]+)/i.exec(rh);
    const first = (m?.[1] ?? 'rhel').toLowerCase();
    const family = first === 'red' ? 'rhel' : first === 'rocky' ? 'rocky' : first === 'almalinux' ? 'almalinux' : first;
    return { family, version: m?.[2] ?? '', source: 'etc/redhat-release' };
  }
  if (distroless) return { family: 'distroless', version: '', source: 'var/lib/dpkg/status.d' };
  return undefined;
}
