// PHP: what Composer installed, from vendor/composer/installed.json (Composer 1: an array; Composer 2:
// {"packages": [...]}).
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import type { Package } from '../types.js';

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
    let doc: unknown;
    try {
      doc = JSON.parse(input.content.toString('utf8'));
    } catch {
      return { packages: [], warnings: [`${input.path}: not valid JSON, skipped`] };
    }
    const list = Array.isArray(doc) ? doc : typeof doc === 'object' && doc !== null && Array.isArray((doc as Record<string, unknown>).packages) ? ((doc as Record<string, unknown>).packages as unknown[]) : undefined;
    if (!list) return { packages: [], warnings: [`${input.path}: no package list, skipped`] };
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
    return { packages, warnings: bad ? [`${input.path}: ${bad} entr${bad === 1 ? 'y' : 'ies'} without name or version skipped`] : [] };
  },
};
