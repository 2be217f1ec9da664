// Is a host path sensitive to mount into a container? One answer for compose lint, CIS 5.6 and the swarm audit.
import path from 'node:path';

/** `/etc/`, `//etc/./` and `/etc` are one path; an empty path stays empty (nothing to mount). */
export function normalizeHostPath(p: string): string {
  if (p.trim() === '') return '';
  return path.posix.normalize(p).replace(/\/+$/, '') || '/';
}

/**
 * Host directories whose contents control or reveal the node. A path counts when it is one of them or lies under
 * one (prefix match on whole path components); `/` itself counts, but not everything under it.
 */
export const SENSITIVE_HOST_PATHS = [
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/etc/docker',
  '/home',
  '/lib',
  '/lib/modules',
  '/proc',
  '/root',
  '/sbin',
  '/sys',
  '/usr',
  '/var/lib/docker',
  '/var/lib/kubelet',
] as const;

/** Read-only mounts of these are common and harmless (the time zone, for logs). */
const HARMLESS_READ_ONLY = new Set(['/etc/localtime', '/etc/timezone']);

/** The sensitive directory `source` is or lies under (the longest match), or undefined. */
export function sensitiveHostRoot(source: string): string | undefined {
  const p = normalizeHostPath(source);
  if (p === '') return undefined;
  if (p === '/') return '/';
  let best: string | undefined;
  for (const s of SENSITIVE_HOST_PATHS) {
    if (s === '/') continue;
    if ((p === s || p.startsWith(`${s}/`)) && (best === undefined || s.length > best.length)) best = s;
  }
  return best;
}

/** Whether mounting `source` (read-only or not) exposes the host: sensitive and not a harmless read-only file. */
export function isSensitiveHostMount(source: string, readOnly: boolean): boolean {
  if (sensitiveHostRoot(source) === undefined) return false;
  return !(readOnly && HARMLESS_READ_ONLY.has(normalizeHostPath(source)));
}
