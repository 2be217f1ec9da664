// NuGet: packages.config (<package id="…" version="…" developmentDependency="true"/>), the pre-PackageReference
// list of a .NET Framework project.
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { LockfileReader, asList, isObject, named, parseDocument, str } from './lockfile.js';

export const nugetConfigAnalyzer: Analyzer = {
  id: 'nuget-config',
  version: 1,
  limits: { maxFileBytes: 8 * MiB, maxFiles: 2000 },
  wants: named('packages.config'),
  analyze(input): AnalyzerOutput {
    const parsed = parseDocument(input, 'XML');
    if (!parsed.ok) return parsed.out;
    const doc = parsed.doc;
    const root = isObject(doc) && isObject(doc.packages) ? doc.packages : undefined;
    if (!root) return { packages: [], warnings: [`${input.path}: no <packages> element: skipped`] };
    const r = new LockfileReader(input);
    for (const p of asList(root.package)) {
      if (!isObject(p)) {
        r.skip();
        continue;
      }
      r.add('nuget', str(p['@id']), str(p['@version']), { dev: str(p['@developmentDependency']).toLowerCase() === 'true' });
    }
    return r.done();
  },
};
