// NuGet: packages.lock.json ({"version": 1|2, "dependencies": {"net8.0": {"Id": {"type": "Direct"|"Transitive"|
// "CentralTransitive"|"Project", "resolved": "1.2.3", "dependencies": {…}}}}}). Project references are the
// solution's own code, not packages.
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { readJsonFile } from '../json.js';
import { LockfileReader, isObject, named, str } from './lockfile.js';

export const nugetLockAnalyzer: Analyzer = {
  id: 'nuget-lock',
  version: 1,
  limits: { maxFileBytes: 16 * MiB, maxFiles: 2000 },
  wants: named('packages.lock.json'),
  analyze(input): AnalyzerOutput {
    const json = readJsonFile(input);
    if (!json.ok) return { packages: [], warnings: [json.warning] };
    if (!isObject(json.obj.dependencies)) return { packages: [], warnings: [`${input.path}: no "dependencies" object: skipped`] };
    const r = new LockfileReader(input);
    for (const framework of Object.values(json.obj.dependencies)) {
      if (!isObject(framework)) continue;
      for (const [id, d] of Object.entries(framework)) {
        if (!isObject(d) || d.type === 'Project') continue;
        r.add('nuget', id, str(d.resolved), { dependsOn: isObject(d.dependencies) ? Object.keys(d.dependencies) : [] });
      }
    }
    return r.done('without a resolved version');
  },
};
