// .NET: the NuGet packages an application was built with, from its `*.deps.json` ("libraries" entries of type
// "package"; the application's own projects are not packages), and the runtime a self-contained app ships
// ("runtimepack" entries: `runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/8.0.1`, the NuGet package
// Microsoft.NETCore.App.Runtime.linux-x64 whose advisories cover the runtime).
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { readJsonFile } from '../json.js';
import type { Package } from '../types.js';
import { analyzerMessages as M } from './messages.js';

export function nugetPurl(name: string, version: string): string {
  return `pkg:nuget/${encodeURIComponent(name)}@${encodeURIComponent(version)}`;
}

export const dotnetAnalyzer: Analyzer = {
  id: 'dotnet-deps',
  version: 2,
  limits: { maxFileBytes: 32 * MiB, maxFiles: 2000 },
  wants: (p) => p.endsWith('.deps.json'),
  analyze(input): AnalyzerOutput {
    const json = readJsonFile(input);
    if (!json.ok) return { packages: [], warnings: [M.say('analyzers.json.invalid', { path: input.path })] };
    const libs = json.obj.libraries;
    if (typeof libs !== 'object' || libs === null || Array.isArray(libs))
      return { packages: [], warnings: [M.say('analyzers.dotnet.noLibraries', { path: input.path })] };
    const packages: Package[] = [];
    for (const [key, raw] of Object.entries(libs as Record<string, unknown>)) {
      const lib = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      if (lib.type !== 'package' && lib.type !== 'runtimepack') continue;
      const slash = key.lastIndexOf('/');
      if (slash <= 0 || slash === key.length - 1) continue;
      const name = key
        .slice(0, slash)
        .replace(/^runtimepack\./, '')
        .trim();
      const version = key.slice(slash + 1).trim();
      if (!name || !version) continue;
      packages.push({ type: 'nuget', name, version, path: input.path, layer: input.layer, purl: nugetPurl(name, version) });
    }
    return { packages, warnings: [] };
  },
};
