// PHP: composer.lock ("packages" and, for development only, "packages-dev"; each {"name", "version"}).
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { readJsonFile } from '../json.js';
import { LockfileReader, isObject, named, str } from './lockfile.js';

export const composerLockAnalyzer: Analyzer = {
  id: 'composer-lock',
  version: 1,
  limits: { maxFileBytes: 32 * MiB, maxFiles: 1000 },
  wants: (p) => named('composer.lock')(p) && !p.includes('vendor/'),
  analyze(input): AnalyzerOutput {
    const json = readJsonFile(input);
    if (!json.ok) return { packages: [], warnings: [json.warning] };
    const r = new LockfileReader(input);
    for (const [key, dev] of [
      ['packages', false],
      ['packages-dev', true],
    ] as const) {
      const list = json.obj[key];
      for (const p of Array.isArray(list) ? list : []) {
        if (!isObject(p)) r.skip();
        else r.add('composer', str(p.name), str(p.version), { dev, dependsOn: isObject(p.require) ? Object.keys(p.require) : [] });
      }
    }
    return r.done();
  },
};
