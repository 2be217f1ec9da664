// npm: package-lock.json and npm-shrinkwrap.json. Version 2 and 3 list every installed package under "packages"
// by its node_modules path; version 1 nests "dependencies". Linked workspace packages are the project's own;
// `"dev": true` marks what only development needs.
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { readJsonFile } from '../json.js';
import { LockfileReader, isObject, named, str } from './lockfile.js';

/** "node_modules/a/node_modules/@s/b" → "@s/b". */
export function nameFromNodeModulesPath(key: string): string {
  const at = key.lastIndexOf('node_modules/');
  return at < 0 ? '' : key.slice(at + 'node_modules/'.length);
}

export const npmLockAnalyzer: Analyzer = {
  id: 'npm-lock',
  version: 1,
  limits: { maxFileBytes: 64 * MiB, maxFiles: 2000 },
  wants: (p) => named('package-lock.json', 'npm-shrinkwrap.json')(p) && !p.includes('node_modules/'),
  analyze(input): AnalyzerOutput {
    const json = readJsonFile(input);
    if (!json.ok) return { packages: [], warnings: [json.warning] };
    const r = new LockfileReader(input);
    const deps = (o: Record<string, unknown>, key: string): string[] => (isObject(o[key]) ? Object.keys(o[key]) : []);
    if (isObject(json.obj.packages)) {
      for (const [key, raw] of Object.entries(json.obj.packages)) {
        if (key === '' || !isObject(raw) || !key.includes('node_modules/')) continue; // the root, workspaces' folders
        if (raw.link === true) continue; // a workspace package, resolved to its folder
        const name = str(raw.name) || nameFromNodeModulesPath(key);
        r.add('npm', name, str(raw.version), { dev: raw.dev === true, dependsOn: [...deps(raw, 'dependencies'), ...deps(raw, 'optionalDependencies')] });
      }
      return r.done();
    }
    // lockfileVersion 1: a tree of "dependencies".
    const walk = (tree: unknown, depth: number): void => {
      if (!isObject(tree) || depth > 64) return;
      for (const [name, raw] of Object.entries(tree)) {
        if (!isObject(raw)) continue;
        const version = str(raw.version);
        // A version that is a path or URL ("file:../x") is the project's own code, not a registry package.
        if (/^(file|link):/.test(version)) r.skip();
        else r.add('npm', name, version, { dev: raw.dev === true, dependsOn: deps(raw, 'requires') });
        walk(raw.dependencies, depth + 1);
      }
    };
    walk(json.obj.dependencies, 0);
    return r.done('without a registry version (file: or link:)');
  },
};
