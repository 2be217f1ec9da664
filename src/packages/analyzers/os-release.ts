// OS detection: os-release, then the distribution version files.
import type { OsInfo } from '../types.js';

export const OS_FILES = ['etc/os-release', 'usr/lib/os-release', 'etc/alpine-release', 'etc/debian_version', 'etc/redhat-release'];

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
  const rh = files.get('etc/redhat-release');
  if (rh) {
    const m = /^(\S+).*release\s+([\d.]+)/i.exec(rh);
    return { family: (m?.[1] ?? 'rhel').toLowerCase(), version: m?.[2] ?? '', source: 'etc/redhat-release' };
  }
  if (distroless) return { family: 'distroless', version: '', source: 'var/lib/dpkg/status.d' };
  return undefined;
}
