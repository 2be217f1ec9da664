// npm: package-lock.json and npm-shrinkwrap.json. Version 2 and 3 list every installed package under "packages"
// by its node_modules path; version 1 nests "dependencies". Linked workspace packages are the project's own;
// `"dev": true` marks what only development needs.
import { MiB } from '../analyzer.js';
import { isObject, keysOf, lockfileAnalyzer, namedOutside, str } from './lockfile.js';
import { analyzerMessages as M } from './messages.js';

/** "node_modules/a/node_modules/@s/b" → "@s/b". */
export function nameFromNodeModulesPath(key: string): string {
  const at = key.lastIndexOf('node_modules/');
  return at < 0 ? '' : key.slice(at + 'node_modules/'.length);
}

export const npmLockAnalyzer = lockfileAnalyzer(
  {
    id: 'npm-lock',
    format: 'JSON',
    wants: namedOutside('node_modules/', 'package-lock.json', 'npm-shrinkwrap.json'),
    limits: { maxFileBytes: 64 * MiB, maxFiles: 2000 },
  },
  (doc, r) => {
    if (isObject(doc.packages)) {
      for (const [key, raw] of Object.entries(doc.packages)) {
        if (key === '' || !isObject(raw) || !key.includes('node_modules/')) continue; // the root, workspaces' folders
        if (raw.link === true) continue; // a workspace package, resolved to its folder
        const name = str(raw.name) || nameFromNodeModulesPath(key);
        r.add('npm', name, str(raw.version), { dev: raw.dev === true, dependsOn: [...keysOf(raw.dependencies), ...keysOf(raw.optionalDependencies)] });
      }
      return undefined;
    }
    // lockfileVersion 1: a tree of "dependencies".
    r.unlisted = M.say('analyzers.unlisted.notRegistryVersion');
    const walk = (tree: unknown, depth: number): void => {
      if (!isObject(tree) || depth > 64) return;
      for (const [name, raw] of Object.entries(tree)) {
        if (!isObject(raw)) continue;
        const version = str(raw.version);
        // A version that is a path or URL ("file:../x") is the project's own code, not a registry package.
        if (/^(file|link):/.test(version)) r.skip();
        else r.add('npm', name, version, { dev: raw.dev === true, dependsOn: keysOf(raw.requires) });
        walk(raw.dependencies, depth + 1);
      }
    };
    walk(doc.dependencies, 0);
    return undefined;
  },
);
