// apk: lib/apk/db/installed, or usr/lib/apk/db/installed on Wolfi and Chainguard (P: name, V: version, A: arch,
// o: origin, L: license; a blank line ends a package).
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import type { InventoryWarning, Package } from '../types.js';
import { analyzerMessages as M } from './messages.js';
import { purlNamespace } from './os-release.js';

export const APK_DATABASES = ['lib/apk/db/installed', 'usr/lib/apk/db/installed'];

export const apkAnalyzer: Analyzer = {
  id: 'apk',
  version: 2,
  limits: { maxFileBytes: 64 * MiB, maxFiles: 4 },
  wants: (p) => APK_DATABASES.includes(p),
  analyze(input): AnalyzerOutput {
    const packages: Package[] = [];
    const warnings: InventoryWarning[] = [];
    // As trivy writes it: the release alone (distro=3.19.1).
    const distro = input.os?.version ?? '';
    const ns = purlNamespace(input.os, 'alpine');
    let cur: Record<string, string> = {};
    let start = 1;
    const flush = (line: number): void => {
      if (Object.keys(cur).length === 0) return;
      const { P: name, V: version } = cur;
      if (!name || !version) warnings.push(M.say('analyzers.apk.noNameOrVersion', { path: input.path, line: start }));
      else {
        packages.push({
          type: 'apk',
          name,
          version,
          ...(cur.o ? { sourceName: cur.o } : {}),
          ...(cur.A ? { arch: cur.A } : {}),
          ...(cur.L ? { license: cur.L } : {}),
          path: input.path,
          layer: input.layer,
          purl: `pkg:apk/${ns}/${encodeURIComponent(name)}@${encodeURIComponent(version)}?${[cur.A ? `arch=${encodeURIComponent(cur.A)}` : '', distro ? `distro=${encodeURIComponent(distro)}` : ''].filter(Boolean).join('&')}`,
        });
      }
      cur = {};
      start = line + 1;
    };
    const lines = input.content.toString('utf8').split('\n');
    lines.forEach((raw, i) => {
      const line = raw.replace(/\r$/, '');
      if (line === '') return flush(i + 1);
      const m = /^([A-Za-z]):(.*)$/.exec(line);
      if (m) cur[m[1]!] = m[2]!;
    });
    flush(lines.length);
    return { packages, warnings };
  },
};
