// pnpm: pnpm-lock.yaml. Keys of "packages" name each package: `/a/1.2.3` (v5), `/a@1.2.3` (v6),
// `a@1.2.3` (v9, with peer suffixes in parentheses). v5/v6 mark development-only packages `dev: true`; v9 marks
// none (only its importers name direct devDependencies), so its packages are all listed as runtime ones.
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { LockfileReader, isObject, named, parseDocument, str } from './lockfile.js';

/** A packages key → name and version, in any lockfile version. */
export function pnpmKey(key: string): { name: string; version: string } | undefined {
  const k = key.replace(/^\//, '').replace(/\(.*$/, '');
  const v5 = /^((?:@[^/]+\/)?[^/@]+)\/(\d[^/_]*)(?:_.*)?$/.exec(k);
  if (v5) return { name: v5[1]!, version: v5[2]! };
  const at = k.lastIndexOf('@');
  if (at <= 0) return undefined;
  return { name: k.slice(0, at), version: k.slice(at + 1) };
}

export const pnpmLockAnalyzer: Analyzer = {
  id: 'pnpm-lock',
  version: 1,
  limits: { maxFileBytes: 64 * MiB, maxFiles: 2000 },
  wants: (p) => named('pnpm-lock.yaml')(p) && !p.includes('node_modules/'),
  analyze(input): AnalyzerOutput {
    const parsed = parseDocument(input, 'YAML');
    if (!parsed.ok) return parsed.out;
    const doc = parsed.doc;
    if (!isObject(doc) || !isObject(doc.packages)) return { packages: [], warnings: [`${input.path}: no "packages": skipped`] };
    const r = new LockfileReader(input);
    for (const [key, raw] of Object.entries(doc.packages)) {
      const id = pnpmKey(key);
      const info = isObject(raw) ? raw : {};
      // A version that is a link, file or tarball URL is not a registry version.
      if (!id || !/^\d/.test(id.version)) {
        r.skip();
        continue;
      }
      r.add('npm', str(info.name) || id.name, str(info.version) || id.version, { dev: info.dev === true });
    }
    return r.done('that are not registry packages (links, files, tarballs)');
  },
};
