// PHP: composer.lock ("packages" and, for development only, "packages-dev"; each {"name", "version"}).
import { MiB } from '../analyzer.js';
import { arrayOf, keysOf, lockfileAnalyzer, namedOutside, runtimeAndDev, str } from './lockfile.js';

export const composerLockAnalyzer = lockfileAnalyzer(
  { id: 'composer-lock', format: 'JSON', wants: namedOutside('vendor/', 'composer.lock'), limits: { maxFileBytes: 32 * MiB, maxFiles: 1000 } },
  (doc, r) => {
    for (const [list, dev] of runtimeAndDev(doc, 'packages', 'packages-dev'))
      for (const p of r.objects(arrayOf(list))) r.add('composer', str(p.name), str(p.version), { dev, dependsOn: keysOf(p.require) });
    return undefined;
  },
);
