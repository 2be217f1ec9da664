// NuGet: packages.config (<package id="…" version="…" developmentDependency="true"/>), the pre-PackageReference
// list of a .NET Framework project.
import { MiB } from '../analyzer.js';
import { asList, isObject, lockfileAnalyzer, named, str } from './lockfile.js';
import { analyzerMessages as M } from './messages.js';

export const nugetConfigAnalyzer = lockfileAnalyzer(
  { id: 'nuget-config', format: 'XML', wants: named('packages.config'), limits: { maxFileBytes: 8 * MiB, maxFiles: 2000 } },
  (doc, r) => {
    if (!isObject(doc.packages)) return M.say('analyzers.lockfile.noPackagesElement');
    for (const p of r.objects(asList(doc.packages.package)))
      r.add('nuget', str(p['@id']), str(p['@version']), { dev: str(p['@developmentDependency']).toLowerCase() === 'true' });
    return undefined;
  },
);
