// NuGet: packages.config (<package id="…" version="…" developmentDependency="true"/>), the pre-PackageReference
// list of a .NET Framework project.
import { XMLParser } from 'fast-xml-parser';
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { LockfileReader, isObject, named, str } from './lockfile.js';
import { errorMessage } from '../../core/errors.js';

/** One XML parser setup for the manifests read here: attributes kept, no entity expansion, nothing evaluated. */
export function xmlParser(): XMLParser {
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: false, parseTagValue: false, isArray: () => false });
}

export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

export const nugetConfigAnalyzer: Analyzer = {
  id: 'nuget-config',
  version: 1,
  limits: { maxFileBytes: 8 * MiB, maxFiles: 2000 },
  wants: named('packages.config'),
  analyze(input): AnalyzerOutput {
    let doc: unknown;
    try {
      doc = xmlParser().parse(input.content.toString('utf8'));
    } catch (e) {
      return { packages: [], warnings: [`${input.path}: not valid XML (${errorMessage(e)}): skipped`] };
    }
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
