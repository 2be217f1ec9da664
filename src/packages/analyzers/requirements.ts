// Python: requirements.txt and the usual variants (requirements-prod.txt, requirements/base.txt). Only pinned
// lines (`name==1.2.3`, with extras, markers, hashes and comments) name an installed version; ranges, URLs,
// editable installs and options are counted and not listed. A requirements file does not say whether it is for
// development: all its packages are listed as runtime ones, as trivy does.
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { LockfileReader } from './lockfile.js';

const WANTED = /(^|\/)(requirements[^/]*\.txt|requirements\/[^/]+\.txt)$/;
const PINNED = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([A-Za-z0-9][A-Za-z0-9.!+_-]*)\s*(?:;.*)?$/;

export const requirementsAnalyzer: Analyzer = {
  id: 'requirements',
  version: 1,
  limits: { maxFileBytes: 8 * MiB, maxFiles: 1000 },
  wants: (p) => WANTED.test(p) && !p.includes('site-packages/'),
  analyze(input): AnalyzerOutput {
    const r = new LockfileReader(input);
    // Backslash continuations join lines (hash lists are written that way).
    const text = input.content.toString('utf8').replace(/\\\r?\n/g, ' ');
    for (const raw of text.split('\n')) {
      const line = raw
        .replace(/(^|\s)#.*$/, '')
        .replace(/\s--hash[=\s]\S+/g, '')
        .trim();
      if (line === '' || line.startsWith('-')) continue; // options: -r, -c, -e, --index-url
      const m = PINNED.exec(line);
      if (!m) r.skip();
      else r.add('pypi', m[1]!, m[2]!);
    }
    return r.done('not pinned with == (ranges, URLs, paths)');
  },
};
