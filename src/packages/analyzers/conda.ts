// conda: the records of installed packages in conda-meta/*.json ({"name", "version", "license", …}) of an
// environment (/opt/conda/conda-meta, envs/*/conda-meta).
import { MiB } from '../analyzer.js';
import { lockfileAnalyzer, str } from './lockfile.js';
import { analyzerMessages as M } from './messages.js';

const WANTED = /(^|\/)conda-meta\/[^/]+\.json$/;

export const condaAnalyzer = lockfileAnalyzer(
  { id: 'conda', format: 'JSON', wants: (p) => WANTED.test(p) && !p.endsWith('/history'), limits: { maxFileBytes: 8 * MiB, maxFiles: 50_000 } },
  (doc, r) => {
    r.unlisted = M.say('analyzers.unlisted.noNameOrVersion');
    r.add('conda', str(doc.name), str(doc.version), { license: str(doc.license) });
    return undefined;
  },
);
