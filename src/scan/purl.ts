// Package URLs (github.com/package-url/purl-spec): parsed once, compared the way VEX statements name packages.
import path from 'node:path';
import { tryParseImageReference } from '../core/image-reference.js';

export interface Purl {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers: Record<string, string>;
  subpath?: string;
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Parses `pkg:type/namespace/name@version?qualifiers#subpath`; undefined when it is not a purl. */
export function parsePurl(text: string): Purl | undefined {
  if (text.length > 4096) return undefined;
  const m = /^pkg:\/*([A-Za-z.+-][A-Za-z0-9.+-]*)\/([^?#]+?)(?:\?([^#]*))?(?:#(.*))?$/.exec(text.trim());
  if (!m?.[1] || m[2] === undefined) return undefined;
  const type = m[1].toLowerCase();
  let path = m[2].replace(/\/+$/, '');
  let version: string | undefined;
  const at = path.lastIndexOf('@');
  if (at > 0) {
    version = decode(path.slice(at + 1));
    path = path.slice(0, at);
  }
  const segments = path.split('/').filter((s) => s !== '');
  const rawName = segments.pop();
  if (rawName === undefined || rawName === '') return undefined;
  const qualifiers: Record<string, string> = {};
  for (const pair of (m[3] ?? '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const value = decode(pair.slice(eq + 1));
    if (value !== '') qualifiers[pair.slice(0, eq).toLowerCase()] = value;
  }
  return {
    type,
    ...(segments.length > 0 ? { namespace: segments.map(decode).join('/') } : {}),
    name: decode(rawName),
    ...(version !== undefined && version !== '' ? { version } : {}),
    qualifiers,
    ...(m[4] !== undefined && m[4] !== '' ? { subpath: decode(m[4]) } : {}),
  };
}

/** Names compared as the type's registry compares them: PyPI normalises case and -_. ; deb, apk, rpm, npm are lower case. */
function canonicalName(type: string, s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  if (type === 'pypi') return s.toLowerCase().replace(/[-_.]+/g, '-');
  if (type === 'deb' || type === 'apk' || type === 'npm' || type === 'golang' || type === 'github') return s.toLowerCase();
  return s;
}

/**
 * Whether a package (its full purl) is one a statement's purl names. What the statement leaves out
 * it does not restrict: no version means every version, no qualifier means any value; what it
 * writes must be equal.
 */
export function purlMatches(statement: Purl, pkg: Purl): boolean {
  if (statement.type !== pkg.type) return false;
  if (canonicalName(statement.type, statement.namespace) !== canonicalName(pkg.type, pkg.namespace)) return false;
  if (canonicalName(statement.type, statement.name) !== canonicalName(pkg.type, pkg.name)) return false;
  if (statement.version !== undefined && statement.version !== pkg.version) return false;
  for (const [k, v] of Object.entries(statement.qualifiers)) if (pkg.qualifiers[k] !== v) return false;
  if (statement.subpath !== undefined && statement.subpath !== pkg.subpath) return false;
  return true;
}

/** The name a pkg:oci purl gives the image `ref`: its repository's last path component, or an archive's file name. */
export function imagePurlName(ref: string): string {
  const parsed = tryParseImageReference(ref);
  return parsed ? parsed.repository.slice(parsed.repository.lastIndexOf('/') + 1) : path.basename(ref).toLowerCase();
}
