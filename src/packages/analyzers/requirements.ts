// Python: requirements.txt and the usual variants (requirements-prod.txt, requirements/base.txt). Only pinned
// lines (`name==1.2.3`, with extras, markers, hashes and comments) name an installed version; ranges, URLs,
// editable installs and options are counted and not listed. A requirements file does not say whether it is for
// development: all its packages are listed as runtime ones, as trivy does.
import { MiB } from '../analyzer.js';
import { textLockfileAnalyzer } from './lockfile.js';
import { analyzerMessages as M } from './messages.js';

const WANTED = /(^|\/)(requirements[^/]*\.txt|requirements\/[^/]+\.txt)$/;
const PINNED = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([A-Za-z0-9][A-Za-z0-9.!+_-]*)\s*(?:;.*)?$/;

export const requirementsAnalyzer = textLockfileAnalyzer(
  { id: 'requirements', wants: (p) => WANTED.test(p) && !p.includes('site-packages/'), limits: { maxFileBytes: 8 * MiB, maxFiles: 1000 } },
  (text, r) => {
    r.unlisted = M.say('analyzers.unlisted.notPinned');
    // Backslash continuations join lines (hash lists are written that way).
    const joined = text.replace(/\\\r?\n/g, ' ');
    for (const raw of joined.split('\n')) {
      const line = raw
        .replace(/(^|\s)#.*$/, '')
        .replace(/\s--hash[=\s]\S+/g, '')
        .trim();
      if (line === '' || line.startsWith('-')) continue; // options: -r, -c, -e, --index-url
      const m = PINNED.exec(line);
      if (!m) r.skip();
      else r.add('pypi', m[1]!, m[2]!);
    }
    return undefined;
  },
);
