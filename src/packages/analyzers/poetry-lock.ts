// Python: poetry.lock ([[package]] tables: name, version, and `category = "dev"` before Poetry 1.2; later
// lockfiles put groups in pyproject.toml, not here, so their packages are listed as runtime ones).
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { LockfileReader, isObject, named, parseDocument, str } from './lockfile.js';

export const poetryLockAnalyzer: Analyzer = {
  id: 'poetry-lock',
  version: 1,
  limits: { maxFileBytes: 32 * MiB, maxFiles: 1000 },
  wants: named('poetry.lock'),
  analyze(input): AnalyzerOutput {
    const parsed = parseDocument(input, 'TOML');
    if (!parsed.ok) return parsed.out;
    const doc = isObject(parsed.doc) ? parsed.doc : {};
    const r = new LockfileReader(input);
    for (const p of Array.isArray(doc.package) ? (doc.package as unknown[]) : []) {
      if (!isObject(p)) {
        r.skip();
        continue;
      }
      r.add('pypi', str(p.name), str(p.version), { dev: p.category === 'dev', dependsOn: isObject(p.dependencies) ? Object.keys(p.dependencies) : [] });
    }
    return r.done();
  },
};
