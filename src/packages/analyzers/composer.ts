// PHP: what Composer installed, from vendor/composer/installed.json (Composer 1: an array; Composer 2:
// {"packages": [...]}).
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { readJsonFile } from '../json.js';
import type { Package } from '../types.js';
import { analyzerMessages as M } from './messages.js';

export function composerPurl(name: string, version: string): string {
  const [vendor, bare] = name.includes('/') ? (name.split('/', 2) as [string, string]) : [undefined, name];
  return `pkg:composer/${vendor ? `${encodeURIComponent(vendor)}/` : ''}${encodeURIComponent(bare)}@${encodeURIComponent(version)}`;
}

export const composerAnalyzer: Analyzer = {
  id: 'composer',
  version: 1,
  limits: { maxFileBytes: 32 * MiB, maxFiles: 1000 },
  wants: (p) => /(^|\/)vendor\/composer\/installed\.json$/.test(p),
  analyze(input): AnalyzerOutput {
    const json = readJsonFile(input);
    if (!json.ok) return { packages: [], warnings: [M.say('analyzers.json.invalid', { path: input.path })] };
    const list = Array.isArray(json.doc) ? (json.doc as unknown[]) : Array.isArray(json.obj.packages) ? (json.obj.packages as unknown[]) : undefined;
    if (!list) return { packages: [], warnings: [M.say('analyzers.composer.noList', { path: input.path })] };
    const packages: Package[] = [];
    let bad = 0;
    for (const raw of list) {
      const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      if (typeof p.name !== 'string' || typeof p.version !== 'string' || !p.name || !p.version) {
        bad += 1;
        continue;
      }
      const lic = Array.isArray(p.license) ? p.license.filter((l): l is string => typeof l === 'string') : typeof p.license === 'string' ? [p.license] : [];
      packages.push({
        type: 'composer',
        name: p.name,
        version: p.version,
        ...(lic.length ? { license: lic.join(' OR ') } : {}),
        path: input.path,
        layer: input.layer,
        purl: composerPurl(p.name, p.version),
        ...(typeof p.require === 'object' && p.require !== null ? { dependsOn: Object.keys(p.require) } : {}),
      });
    }
    return {
      packages,
      warnings: bad ? [M.say(bad === 1 ? 'analyzers.composer.unnamed.one' : 'analyzers.composer.unnamed.many', { path: input.path, count: bad })] : [],
    };
  },
};
