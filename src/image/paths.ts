// Paths inside an image: normalised lexically, never resolved on the host, never allowed above the image root.

/** "./usr/../etc//passwd" → "etc/passwd"; undefined when the path climbs out of the root. */
export function normalizeImagePath(p: string): string | undefined {
  if (p.includes('\0')) return undefined;
  const out: string[] = [];
  for (const part of p.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
      continue;
    }
    out.push(part);
  }
  return out.join('/');
}

/** Whiteout forms of the OCI/AUFS layer format. */
export function whiteoutOf(p: string): { kind: 'file'; target: string } | { kind: 'opaque'; dir: string } | undefined {
  const slash = p.lastIndexOf('/');
  const dir = slash >= 0 ? p.slice(0, slash) : '';
  const base = slash >= 0 ? p.slice(slash + 1) : p;
  if (base === '.wh..wh..opq') return { kind: 'opaque', dir };
  if (base.startsWith('.wh.')) return { kind: 'file', target: dir ? `${dir}/${base.slice(4)}` : base.slice(4) };
  return undefined;
}
