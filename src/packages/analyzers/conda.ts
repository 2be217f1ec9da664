// conda: the records of installed packages in conda-meta/*.json ({"name", "version", "license", …}) of an
// environment (/opt/conda/conda-meta, envs/*/conda-meta).
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { readJsonFile } from '../json.js';
import { LockfileReader, str } from './lockfile.js';

const WANTED = /(^|\/)conda-meta\/[^/]+\.json$/;

export const condaAnalyzer: Analyzer = {
  id: 'conda',
  version: 1,
  limits: { maxFileBytes: 8 * MiB, maxFiles: 50_000 },
  wants: (p) => WANTED.test(p) && !p.endsWith('/history'),
  analyze(input): AnalyzerOutput {
    const json = readJsonFile(input);
    if (!json.ok) return { packages: [], warnings: [json.warning] };
    const r = new LockfileReader(input);
    r.add('conda', str(json.obj.name), str(json.obj.version));
    const out = r.done('without name or version');
    const license = str(json.obj.license).trim();
    if (license && out.packages[0]) out.packages[0].license = license;
    return out;
  },
};
