// What the lockfile and manifest analyzers share: one way to make a package of a file, the purls of each
// ecosystem, and the note that counts what a file held but did not list.
import { XMLParser } from 'fast-xml-parser';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { errorMessage } from '../../core/errors.js';
import type { AnalyzerInput, AnalyzerOutput } from '../analyzer.js';
import type { Package, PackageType } from '../types.js';
import { pep503 } from './python.js';

/** purl of a language package: scoped npm names and vendor/name Composer names keep their slash as a namespace. */
export function langPurl(type: PackageType, name: string, version: string): string {
  const enc = encodeURIComponent;
  switch (type) {
    case 'npm':
    case 'composer': {
      const slash = name.indexOf('/');
      return slash > 0 ? `pkg:${type}/${enc(name.slice(0, slash))}/${enc(name.slice(slash + 1))}@${enc(version)}` : `pkg:${type}/${enc(name)}@${enc(version)}`;
    }
    case 'pypi':
      return `pkg:pypi/${enc(pep503(name))}@${enc(version)}`;
    case 'golang':
      return `pkg:golang/${name.split('/').map(enc).join('/')}@${enc(version)}`;
    case 'maven': {
      const [g, a] = name.split(':', 2);
      return a ? `pkg:maven/${enc(g!)}/${enc(a)}@${enc(version)}` : `pkg:maven/${enc(name)}@${enc(version)}`;
    }
    default:
      return `pkg:${type}/${enc(name)}@${enc(version)}`;
  }
}

/** Collects the packages of one file; names and versions trimmed, empty ones counted instead of listed. */
export class LockfileReader {
  readonly packages: Package[] = [];
  readonly warnings: string[] = [];
  private skipped = 0;
  private readonly seen = new Set<string>();

  constructor(private readonly input: AnalyzerInput) {}

  add(type: PackageType, rawName: string, rawVersion: string, extra: { dev?: boolean; dependsOn?: string[] } = {}): void {
    const name = (type === 'pypi' ? pep503(rawName) : rawName).trim();
    const version = rawVersion.trim();
    if (!name || !version) {
      this.skipped += 1;
      return;
    }
    const key = `${type}|${name}|${version}|${extra.dev ? 'dev' : ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.packages.push({
      type,
      name,
      version,
      path: this.input.path,
      ...(this.input.layer ? { layer: this.input.layer } : {}),
      purl: langPurl(type, name, version),
      ...(extra.dev ? { dev: true } : {}),
      ...(extra.dependsOn?.length ? { dependsOn: extra.dependsOn } : {}),
    });
  }

  /** Counts an entry that is not listed (unpinned, not installed, no version), with why. */
  skip(): void {
    this.skipped += 1;
  }

  done(why = 'without a usable name and version'): AnalyzerOutput {
    if (this.skipped) this.warnings.push(`${this.input.path}: ${this.skipped} entr${this.skipped === 1 ? 'y' : 'ies'} ${why}: not listed`);
    return { packages: this.packages, warnings: this.warnings };
  }
}

/** The file's base name. */
export const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** Wants a file by its base name, anywhere. */
export const named =
  (...names: string[]) =>
  (p: string): boolean =>
    names.includes(baseName(p));

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * A lockfile or manifest parsed once: TOML (smol-toml), YAML (at most 100 aliases, warnings silenced) or XML
 * (attributes kept, no entity expanded, nothing evaluated). What does not parse is a warning that skips the file.
 */
export function parseDocument(
  input: Pick<AnalyzerInput, 'path' | 'content'>,
  format: 'TOML' | 'YAML' | 'XML',
): { ok: true; doc: unknown } | { ok: false; out: AnalyzerOutput } {
  const text = input.content.toString('utf8');
  try {
    const doc =
      format === 'TOML'
        ? parseToml(text)
        : format === 'YAML'
          ? (parseYaml(text, { maxAliasCount: 100, logLevel: 'error' }) as unknown)
          : (new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: false, parseTagValue: false }).parse(text) as unknown);
    return { ok: true, doc };
  } catch (e) {
    return { ok: false, out: { packages: [], warnings: [`${input.path}: not valid ${format} (${errorMessage(e).split('\n')[0]}): skipped`] } };
  }
}
