// Python: Pipfile.lock ({"default": {"name": {"version": "==1.2.3"}}, "develop": {…}}): "develop" is what
// only development needs. An entry without a pinned version (a VCS or path install) is not listed.
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { readJsonFile } from '../json.js';
import { LockfileReader, isObject, named, str } from './lockfile.js';

export const pipfileLockAnalyzer: Analyzer = {
  id: 'pipfile-lock',
  version: 1,
  limits: { maxFileBytes: 16 * MiB, maxFiles: 1000 },
  wants: named('Pipfile.lock'),
  analyze(input): AnalyzerOutput {
    const json = readJsonFile(input);
    if (!json.ok) return { packages: [], warnings: [json.warning] };
    const r = new LockfileReader(input);
    for (const [section, dev] of [
      ['default', false],
      ['develop', true],
    ] as const) {
      const list = json.obj[section];
      if (!isObject(list)) continue;
      for (const [name, raw] of Object.entries(list)) {
        const m = /^===?\s*(\S+)$/.exec(str(isObject(raw) ? raw.version : undefined).trim());
        if (!m) r.skip();
        else r.add('pypi', name, m[1]!, { dev });
      }
    }
    return r.done('without a pinned version (VCS or path installs)');
  },
};
