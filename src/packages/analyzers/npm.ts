// npm: every node_modules/<name>/package.json and node_modules/@scope/<name>/package.json.
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { readJsonFile } from '../json.js';
import { analyzerMessages as M } from './messages.js';

const WANTED = /(^|\/)node_modules\/(@[^/]+\/)?[^/@][^/]*\/package\.json$/;

export const npmAnalyzer: Analyzer = {
  id: 'npm',
  version: 1,
  limits: { maxFileBytes: 4 * MiB, maxFiles: 50_000 },
  wants: (p) => WANTED.test(p),
  analyze(input): AnalyzerOutput {
    const json = readJsonFile(input);
    if (!json.ok) return { packages: [], warnings: [M.say('analyzers.json.invalid', { path: input.path })] };
    const d = json.obj;
    if (typeof d.name !== 'string' || typeof d.version !== 'string') return { packages: [], warnings: [] };
    const [scope, bare] = d.name.startsWith('@') ? (d.name.split('/', 2) as [string, string]) : [undefined, d.name];
    const purl = `pkg:npm/${scope ? `${encodeURIComponent(scope)}/` : ''}${encodeURIComponent(bare)}@${encodeURIComponent(d.version)}`;
    return {
      packages: [
        {
          type: 'npm',
          name: d.name,
          version: d.version,
          ...(typeof d.license === 'string' ? { license: d.license } : {}),
          path: input.path,
          layer: input.layer,
          purl,
          ...(typeof d.dependencies === 'object' && d.dependencies !== null ? { dependsOn: Object.keys(d.dependencies) } : {}),
        },
      ],
      warnings: [],
    };
  },
};
