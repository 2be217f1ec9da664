// pnpm: pnpm-lock.yaml. Keys of "packages" name each package: `/a/1.2.3` (v5), `/a@1.2.3` (v6),
// `a@1.2.3` (v9, with peer suffixes in parentheses). v5/v6 mark development-only packages `dev: true`; v9 marks
// none (only its importers name direct devDependencies), so its packages are all listed as runtime ones.
import { MiB } from '../analyzer.js';
import { isObject, lockfileAnalyzer, namedOutside, str } from './lockfile.js';
import { analyzerMessages as M } from './messages.js';

/** A packages key → name and version, in any lockfile version. */
export function pnpmKey(key: string): { name: string; version: string } | undefined {
  const k = key.replace(/^\//, '').replace(/\(.*$/, '');
  const v5 = /^((?:@[^/]+\/)?[^/@]+)\/(\d[^/_]*)(?:_.*)?$/.exec(k);
  if (v5) return { name: v5[1]!, version: v5[2]! };
  const at = k.lastIndexOf('@');
  if (at <= 0) return undefined;
  return { name: k.slice(0, at), version: k.slice(at + 1) };
}

export const pnpmLockAnalyzer = lockfileAnalyzer(
  { id: 'pnpm-lock', format: 'YAML', wants: namedOutside('node_modules/', 'pnpm-lock.yaml'), limits: { maxFileBytes: 64 * MiB, maxFiles: 2000 } },
  (doc, r) => {
    r.unlisted = M.say('analyzers.unlisted.notRegistryPackage');
    if (!isObject(doc.packages)) return M.say('analyzers.lockfile.noPackages');
    for (const [key, raw] of Object.entries(doc.packages)) {
      const id = pnpmKey(key);
      const info = isObject(raw) ? raw : {};
      // A version that is a link, file or tarball URL is not a registry version.
      if (!id || !/^\d/.test(id.version)) r.skip();
      else r.add('npm', str(info.name) || id.name, str(info.version) || id.version, { dev: info.dev === true });
    }
    return undefined;
  },
);
