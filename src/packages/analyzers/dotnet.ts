// .NET: the NuGet packages an application was built with, from its `*.deps.json` ("libraries" entries of type
// "package"; the application's own projects are not packages).
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import type { Package } from '../types.js';

export function nugetPurl(name: string, version: string): string {
  return `pkg:nuget/${encodeURIComponent(name)}@${encodeURIComponent(version)}`;
}

export const dotnetAnalyzer: Analyzer = {
  id: 'dotnet-deps',
  version: 1,
  limits: { maxFileBytes: 32 * MiB, maxFiles: 2000 },
  wants: (p) => p.endsWith('.deps.json'),
  analyze(input): AnalyzerOutput {
    let doc: unknown;
    try {
      doc = JSON.parse(input.content.toString('utf8'));
    } catch {
      return { packages: [], warnings: [`${input.path}: not valid JSON, skipped`] };
    }
    const libs = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).libraries : undefined;
    if (typeof libs !== 'object' || libs === null || Array.isArray(libs)) return { packages: [], warnings: [`${input.path}: no "libraries" object, skipped`] };
    const packages: Package[] = [];
    for (const [key, raw] of Object.entries(libs as Record<string, unknown>)) {
      const lib = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      if (lib.type !== 'package') continue;
      const slash = key.lastIndexOf('/');
      if (slash <= 0 || slash === key.length - 1) continue;
      const name = key.slice(0, slash);
      const version = key.slice(slash + 1);
      packages.push({ type: 'nuget', name, version, path: input.path, layer: input.layer, purl: nugetPurl(name, version) });
    }
    return { packages, warnings: [] };
  },
};
