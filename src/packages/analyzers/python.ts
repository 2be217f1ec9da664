// Python: *.dist-info/METADATA and *.egg-info/PKG-INFO (email-style headers: Name, Version, License).
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';

const WANTED = /\.dist-info\/METADATA$|\.egg-info\/PKG-INFO$|\.egg-info$/;

/** PEP 503 normalised name, as purls use it. */
export function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** ".../site-packages/foo.dist-info/METADATA" → ".../site-packages". */
export function sitePackagesDir(path: string): string {
  const m = /^(.*?(?:site|dist)-packages)\//.exec(path);
  return m ? m[1]! : path;
}

export const pythonAnalyzer: Analyzer = {
  id: 'python',
  version: 1,
  limits: { maxFileBytes: 4 * MiB, maxFiles: 20_000 },
  wants: (p) => WANTED.test(p) && /(site|dist)-packages\//.test(p),
  // foo-1.0.dist-info and foo-1.0.egg-info side by side in one site-packages describe one installation.
  dedupeKey: (pkg) => (pkg.type === 'pypi' ? `pypi|${pkg.purl}|${sitePackagesDir(pkg.path)}` : undefined),
  analyze(input): AnalyzerOutput {
    const headers: Record<string, string> = {};
    for (const line of input.content.toString('utf8').split('\n')) {
      if (line.trim() === '') break; // the body (description) follows the first blank line
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line.replace(/\r$/, ''));
      if (m && headers[m[1]!.toLowerCase()] === undefined) headers[m[1]!.toLowerCase()] = m[2]!;
    }
    const name = headers.name;
    const version = headers.version;
    if (!name || !version) return { packages: [], warnings: [`${input.path}: no Name or Version, skipped`] };
    return {
      packages: [
        {
          type: 'pypi',
          name,
          version,
          ...(headers.license && headers.license !== 'UNKNOWN' ? { license: headers.license } : {}),
          path: input.path,
          layer: input.layer,
          purl: `pkg:pypi/${encodeURIComponent(pep503(name))}@${encodeURIComponent(version)}`,
        },
      ],
      warnings: [],
    };
  },
};
