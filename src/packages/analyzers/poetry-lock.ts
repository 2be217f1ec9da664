// Python: poetry.lock ([[package]] tables: name, version, and `category = "dev"` before Poetry 1.2; later
// lockfiles put groups in pyproject.toml, not here, so their packages are listed as runtime ones).
import { MiB } from '../analyzer.js';
import { arrayOf, keysOf, lockfileAnalyzer, named, str } from './lockfile.js';

export const poetryLockAnalyzer = lockfileAnalyzer(
  { id: 'poetry-lock', format: 'TOML', wants: named('poetry.lock'), limits: { maxFileBytes: 32 * MiB, maxFiles: 1000 } },
  (doc, r) => {
    for (const p of r.objects(arrayOf(doc.package)))
      r.add('pypi', str(p.name), str(p.version), { dev: p.category === 'dev', dependsOn: keysOf(p.dependencies) });
    return undefined;
  },
);
