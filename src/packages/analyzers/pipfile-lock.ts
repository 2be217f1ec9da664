// Python: Pipfile.lock ({"default": {"name": {"version": "==1.2.3"}}, "develop": {…}}): "develop" is what
// only development needs. An entry without a pinned version (a VCS or path install) is not listed.
import { MiB } from '../analyzer.js';
import { isObject, lockfileAnalyzer, named, runtimeAndDev, str } from './lockfile.js';
import { analyzerMessages as M } from './messages.js';

export const pipfileLockAnalyzer = lockfileAnalyzer(
  { id: 'pipfile-lock', format: 'JSON', wants: named('Pipfile.lock'), limits: { maxFileBytes: 16 * MiB, maxFiles: 1000 } },
  (doc, r) => {
    r.unlisted = M.say('analyzers.unlisted.unpinned');
    for (const [list, dev] of runtimeAndDev(doc, 'default', 'develop')) {
      if (!isObject(list)) continue;
      for (const [name, raw] of Object.entries(list)) {
        const m = /^===?\s*(\S+)$/.exec(str(isObject(raw) ? raw.version : undefined).trim());
        if (!m) r.skip();
        else r.add('pypi', name, m[1]!, { dev });
      }
    }
    return undefined;
  },
);
