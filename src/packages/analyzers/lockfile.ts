// What the lockfile and manifest analyzers share: one way to make a package of a file, the purls of each
// ecosystem, and the note that counts what a file held but did not list.
import { XMLParser } from 'fast-xml-parser';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { messageOf } from '../../core/errors.js';
import { rawMessage, type Message } from '../../core/message.js';
import type { Analyzer, AnalyzerInput, AnalyzerLimits, AnalyzerOutput } from '../analyzer.js';
import { readJsonFile } from '../json.js';
import type { InventoryWarning, Package, PackageType } from '../types.js';
import { analyzerMessages as M } from './messages.js';
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
  readonly warnings: InventoryWarning[] = [];
  /** Why the entries counted as not listed were left out, for the warning that counts them ("entries {why}"). */
  unlisted: Message = M.say('analyzers.unlisted.unusable');
  private skipped = 0;
  private readonly seen = new Set<string>();

  constructor(private readonly input: AnalyzerInput) {}

  add(type: PackageType, rawName: string, rawVersion: string, extra: { dev?: boolean; dependsOn?: string[]; license?: string } = {}): void {
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
      ...(extra.license?.trim() ? { license: extra.license.trim() } : {}),
    });
  }

  /** The entries of a list that are objects; every other entry is counted as not listed. */
  *objects(list: readonly unknown[]): Generator<Record<string, unknown>> {
    for (const entry of list) {
      if (isObject(entry)) yield entry;
      else this.skipped += 1;
    }
  }

  /** Counts an entry that is not listed (unpinned, not installed, no version), with why. */
  skip(): void {
    this.skipped += 1;
  }

  done(why = this.unlisted): AnalyzerOutput {
    if (this.skipped)
      this.warnings.push(
        M.say(this.skipped === 1 ? 'analyzers.lockfile.unlisted.one' : 'analyzers.lockfile.unlisted.many', { path: this.input.path, count: this.skipped, why }),
      );
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

/** Wants a file by its base name, except where its path holds `folder` (a dependency's own copy of it). */
export const namedOutside =
  (folder: string, ...names: string[]) =>
  (p: string): boolean =>
    names.includes(baseName(p)) && !p.includes(folder);

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
/** An array as it is, anything else as no entries. */
export const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
/** The names of an object's keys (a dependency map), none for anything else. */
export const keysOf = (v: unknown): string[] => (isObject(v) ? Object.keys(v) : []);

/** The runtime section and the development-only section of a lockfile, each with whether it is development-only. */
export const runtimeAndDev = (doc: Record<string, unknown>, runtime: string, dev: string): [unknown, boolean][] => [
  [doc[runtime], false],
  [doc[dev], true],
];

export type DocumentFormat = 'JSON' | 'TOML' | 'YAML' | 'XML';

/**
 * A lockfile's text parsed once: TOML (smol-toml), YAML (at most 100 aliases, warnings silenced) or XML (attributes
 * kept, no entity expanded, nothing evaluated). What does not parse says why, for the warning that skips the file.
 */
export function parseText(text: string, format: Exclude<DocumentFormat, 'JSON'>): { ok: true; doc: unknown } | { ok: false; why: Message } {
  try {
    const doc =
      format === 'TOML'
        ? parseToml(text)
        : format === 'YAML'
          ? (parseYaml(text, { maxAliasCount: 100, logLevel: 'error' }) as unknown)
          : (new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: false, parseTagValue: false }).parse(text) as unknown);
    return { ok: true, doc };
  } catch (e) {
    return { ok: false, why: M.say('analyzers.lockfile.invalid', { format, error: firstLine(messageOf(e)) }) };
  }
}

/** A parser's own error text up to its first line (the rest quotes the file); a message by id as it is. */
const firstLine = (m: Message): Message => (m.id === '' ? rawMessage(m.en.split('\n')[0] ?? '') : m);

/** A lockfile or manifest parsed once: JSON as readJsonFile reads it, the others as parseText does. */
function parseDocument(input: AnalyzerInput, format: DocumentFormat): { ok: true; doc: unknown } | { ok: false; out: AnalyzerOutput } {
  if (format === 'JSON') {
    const json = readJsonFile(input);
    return json.ok ? { ok: true, doc: json.doc } : { ok: false, out: { packages: [], warnings: [M.say('analyzers.json.invalid', { path: input.path })] } };
  }
  const parsed = parseText(input.content.toString('utf8'), format);
  return parsed.ok ? parsed : { ok: false, out: { packages: [], warnings: [M.say('analyzers.lockfile.skipped', { path: input.path, why: parsed.why })] } };
}

/** What tells one lockfile or manifest apart, and how much of it may be read. */
export interface LockfileKind {
  id: string;
  /** Bump when the output for the same file changes: cached layer records depend on it (default 1). */
  version?: number;
  wants: (path: string) => boolean;
  limits: AnalyzerLimits;
}

/**
 * An analyzer whose packages a LockfileReader collects. What `read` returns is why the whole file is skipped
 * ("no <project> element"), the output itself, or nothing when the reader holds what the file listed.
 */
function readerAnalyzer(kind: LockfileKind, read: (input: AnalyzerInput, r: LockfileReader) => AnalyzerOutput | Message | undefined): Analyzer {
  return {
    id: kind.id,
    version: kind.version ?? 1,
    limits: kind.limits,
    wants: kind.wants,
    analyze(input): AnalyzerOutput {
      const r = new LockfileReader(input);
      const out = read(input, r);
      if (out === undefined) return r.done();
      return 'packages' in out ? out : { packages: [], warnings: [M.say('analyzers.lockfile.skipped', { path: input.path, why: out })] };
    },
  };
}

/**
 * The analyzer of a lockfile or manifest read as text, line by line: `read` adds the packages of the text (and says
 * in `r.unlisted` why those it did not list were left out); what it returns is why the whole file is skipped.
 */
export function textLockfileAnalyzer(kind: LockfileKind, read: (text: string, r: LockfileReader) => Message | undefined): Analyzer {
  return readerAnalyzer(kind, (input, r) => read(input.content.toString('utf8'), r));
}

/**
 * The analyzer of a lockfile or manifest in a document format: the file parsed once (what does not parse is a
 * warning that skips it), then `read` walks the document (its root as an object, empty when it is not one) and
 * adds its packages (and says in `r.unlisted` why those it did not list were left out). What `read` returns is why
 * the whole file is skipped ("no <project> element"); nothing when it was read.
 */
export function lockfileAnalyzer(
  kind: LockfileKind & { format: DocumentFormat },
  read: (doc: Record<string, unknown>, r: LockfileReader) => Message | undefined,
): Analyzer {
  return readerAnalyzer(kind, (input, r) => {
    const parsed = parseDocument(input, kind.format);
    return parsed.ok ? read(isObject(parsed.doc) ? parsed.doc : {}, r) : parsed.out;
  });
}
