// apk: lib/apk/db/installed (P: name, V: version, A: arch, o: origin, L: license; a blank line ends a package).
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import type { Package } from '../types.js';

export const apkAnalyzer: Analyzer = {
  id: 'apk',
  version: 1,
  limits: { maxFileBytes: 64 * MiB, maxFiles: 4 },
  wants: (p) => p === 'lib/apk/db/installed',
  analyze(input): AnalyzerOutput {
    const packages: Package[] = [];
    const warnings: string[] = [];
    const distro = input.os?.version ?? '';
    let cur: Record<string, string> = {};
    let start = 1;
    const flush = (line: number): void => {
      if (Object.keys(cur).length === 0) return;
      const { P: name, V: version } = cur;
      if (!name || !version) warnings.push(`${input.path}:${start}: entry without P: or V: skipped`);
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
          purl: `pkg:apk/alpine/${encodeURIComponent(name)}@${encodeURIComponent(version)}?${[cur.A ? `arch=${cur.A}` : '', distro ? `distro=${distro}` : ''].filter(Boolean).join('&')}`,
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
