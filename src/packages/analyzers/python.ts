// Python: what is installed in site-packages (or dist-packages): `*.dist-info/METADATA`, `*.egg-info/PKG-INFO`,
// `*.egg-info` written as a single file, `*.egg/EGG-INFO/PKG-INFO` (an unzipped egg) and `*.egg` zip files
// (their EGG-INFO/PKG-INFO). Email-style headers: Name, Version, License. Names are PEP 503 normalised and
// values trimmed, as the package index compares them.
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { isZip, readZipEntry, zipEntries } from '../zip.js';
import { analyzerMessages as M } from './messages.js';

const WANTED = /\.dist-info\/METADATA$|\.egg-info\/PKG-INFO$|\.egg-info$|\.egg\/EGG-INFO\/PKG-INFO$|\.egg$/;
const EGG_ZIP = /\.egg$/;

/** PEP 503 normalised name, as purls use it. */
export function pep503(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, '-');
}

/** ".../site-packages/foo.dist-info/METADATA" → ".../site-packages". */
export function sitePackagesDir(path: string): string {
  const m = /^(.*?(?:site|dist)-packages)\//.exec(path);
  return m ? m[1]! : path;
}

/** The headers of a METADATA/PKG-INFO file, up to the first blank line (the description follows). */
export function metadataHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') break;
    const m = /^([A-Za-z-]+):(.*)$/.exec(line);
    if (m && headers[m[1]!.toLowerCase()] === undefined) headers[m[1]!.toLowerCase()] = m[2]!.trim();
  }
  return headers;
}

/** An egg zip's EGG-INFO/PKG-INFO, the only part of it read. */
function eggPkgInfo(content: Buffer): Buffer | undefined {
  if (!isZip(content)) return undefined;
  const e = zipEntries(content, 100_000).find((x) => x.name === 'EGG-INFO/PKG-INFO');
  return e ? readZipEntry(content, e, MiB) : undefined;
}

export const pythonAnalyzer: Analyzer = {
  id: 'python',
  version: 2,
  limits: { maxFileBytes: 4 * MiB, maxFiles: 20_000 },
  wants: (p) => WANTED.test(p) && /(site|dist)-packages\//.test(p),
  // An egg zip is kept as its PKG-INFO; a zip without one is not kept.
  reduce: (path, content) => (EGG_ZIP.test(path) ? eggPkgInfo(content) : content),
  reduces: (path) => EGG_ZIP.test(path),
  // foo-1.0.dist-info and foo-1.0.egg-info side by side in one site-packages describe one installation.
  dedupeKey: (pkg) => (pkg.type === 'pypi' ? `pypi|${pkg.purl}|${sitePackagesDir(pkg.path)}` : undefined),
  analyze(input): AnalyzerOutput {
    const headers = metadataHeaders(input.content.toString('utf8'));
    const name = pep503(headers.name ?? '');
    const version = (headers.version ?? '').trim();
    if (!name || !version) return { packages: [], warnings: [M.say('analyzers.python.noNameOrVersion', { path: input.path })] };
    return {
      packages: [
        {
          type: 'pypi',
          name,
          version,
          ...(headers.license && headers.license !== 'UNKNOWN' ? { license: headers.license } : {}),
          path: input.path,
          layer: input.layer,
          purl: `pkg:pypi/${encodeURIComponent(name)}@${encodeURIComponent(version)}`,
        },
      ],
      warnings: [],
    };
  },
};
