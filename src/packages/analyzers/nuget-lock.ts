// NuGet: packages.lock.json ({"version": 1|2, "dependencies": {"net8.0": {"Id": {"type": "Direct"|"Transitive"|
// "CentralTransitive"|"Project", "resolved": "1.2.3", "dependencies": {…}}}}}). Project references are the
// solution's own code, not packages.
import { MiB } from '../analyzer.js';
import { isObject, keysOf, lockfileAnalyzer, named, str } from './lockfile.js';
import { analyzerMessages as M } from './messages.js';

export const nugetLockAnalyzer = lockfileAnalyzer(
  { id: 'nuget-lock', format: 'JSON', wants: named('packages.lock.json'), limits: { maxFileBytes: 16 * MiB, maxFiles: 2000 } },
  (doc, r) => {
    r.unlisted = M.say('analyzers.unlisted.unresolved');
    if (!isObject(doc.dependencies)) return M.say('analyzers.lockfile.noDependencies');
    for (const framework of Object.values(doc.dependencies)) {
      if (!isObject(framework)) continue;
      for (const [id, d] of Object.entries(framework)) {
        if (!isObject(d) || d.type === 'Project') continue;
        r.add('nuget', id, str(d.resolved), { dependsOn: keysOf(d.dependencies) });
      }
    }
    return undefined;
  },
);
