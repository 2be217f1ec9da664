// Java archives (jar, war, ear, par): Maven coordinates from a pom.properties anywhere in the archive (usually
// META-INF/maven/**), else from MANIFEST.MF, else from the file name (artifact and version only: the group is
// unknown, and the warning says so), and the same for the jars nested inside (Spring Boot BOOT-INF/lib,
// WEB-INF/lib, ear modules), with caps on depth, entries and inflated bytes.
import { messageOf } from '../../core/errors.js';
import { isMessage, type Message } from '../../core/message.js';
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { readJsonFile } from '../json.js';
import type { InventoryWarning, Package } from '../types.js';
import { ZipError, readZipEntry, zipEntries, type ZipEntry } from '../zip.js';
import { analyzerMessages as M } from './messages.js';

export interface JarCaps {
  /** Nesting levels read below the archive itself. */
  maxDepth: number;
  maxEntries: number;
  /** Largest nested archive or metadata file inflated. */
  maxEntryBytes: number;
  /** All bytes inflated for one archive and everything inside it. */
  maxTotalBytes: number;
}

export const JAR_CAPS: JarCaps = { maxDepth: 8, maxEntries: 200_000, maxEntryBytes: 64 * MiB, maxTotalBytes: 256 * MiB };

const ARCHIVE = /\.(jar|war|ear|par)$/i;
const POM_PROPERTIES = /(^|\/)pom\.properties$/;

export interface Gav {
  groupId: string;
  artifactId: string;
  version: string;
}

/** Java properties: key=value or key: value lines, # and ! comments. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

/** MANIFEST.MF main section: "Key: value" with 72-byte lines continued by a leading space. */
export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break; // the main section ends at the first blank line
    if (line.startsWith(' ') && last) {
      out.set(last, `${out.get(last) ?? ''}${line.slice(1)}`);
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0) continue;
    last = line.slice(0, i).trim();
    out.set(last, line.slice(i + 1).trim());
  }
  return out;
}

/**
 * Coordinates a manifest states outright: Implementation-Vendor-Id, Implementation-Title and
 * Implementation-Version, all three shaped like Maven ids. Bundle names and titles with spaces are descriptions,
 * not coordinates ("Commons Logging" is commons-logging:commons-logging), so they give none.
 */
export function manifestGav(m: Map<string, string>): Gav | undefined {
  const groupId = m.get('Implementation-Vendor-Id');
  const artifactId = m.get('Implementation-Title');
  const version = m.get('Implementation-Version');
  const ok = (s: string | undefined): s is string => !!s && /^[A-Za-z0-9_.-]+$/.test(s);
  return ok(groupId) && ok(artifactId) && ok(version) ? { groupId, artifactId, version } : undefined;
}

/** What a manifest says about the archive, for a warning: title and version. */
function manifestSays(m: Map<string, string> | undefined): Message | undefined {
  const title = m?.get('Implementation-Title') ?? m?.get('Bundle-SymbolicName')?.split(';')[0] ?? m?.get('Bundle-Name');
  const version = m?.get('Implementation-Version') ?? m?.get('Bundle-Version');
  if (!title) return undefined;
  return version
    ? M.say('analyzers.java.manifestNames.version', { title: title.slice(0, 80), version: version.slice(0, 40) })
    : M.say('analyzers.java.manifestNames', { title: title.slice(0, 80) });
}

/** Why an archive or an entry was not read: the zip reader's reason by id, any other error's text. */

/** "spring-core-5.3.4.jar" → spring-core 5.3.4: the last source of a version, when the archive states none. */
export function nameFromFile(file: string): { artifactId: string; version: string } | undefined {
  const m = /^(.+?)-(\d[\w.-]*)\.(jar|war|ear|par)$/i.exec(file.split('/').pop() ?? '');
  return m ? { artifactId: m[1]!, version: m[2]! } : undefined;
}

export function mavenPurl(g: Gav): string {
  return `pkg:maven/${encodeURIComponent(g.groupId)}/${encodeURIComponent(g.artifactId)}@${encodeURIComponent(g.version)}`;
}

interface Walk {
  caps: JarCaps;
  inflated: number;
  packages: Package[];
  warnings: InventoryWarning[];
  layer: string;
}

function inflate(w: Walk, buf: Buffer, e: ZipEntry, where: string): Buffer | undefined {
  const left = w.caps.maxTotalBytes - w.inflated;
  try {
    if (left <= 0) throw new ZipError(M.say('analyzers.java.inflatedAlready', { name: e.name, max: w.caps.maxTotalBytes }));
    const b = readZipEntry(buf, e, Math.min(w.caps.maxEntryBytes, left));
    w.inflated += b.length;
    return b;
  } catch (err) {
    w.warnings.push(M.say('analyzers.java.notRead', { path: where, reason: messageOf(err) }));
    return undefined;
  }
}

function readArchive(w: Walk, buf: Buffer, where: string, depth: number): void {
  let entries: ZipEntry[];
  try {
    entries = zipEntries(buf, w.caps.maxEntries);
  } catch (e) {
    w.warnings.push(M.say('analyzers.java.notRead', { path: where, reason: messageOf(e) }));
    return;
  }
  const push = (g: Gav): void => {
    w.packages.push({ type: 'maven', name: `${g.groupId}:${g.artifactId}`, version: g.version, path: where, layer: w.layer, purl: mavenPurl(g) });
  };
  const seen = new Set<string>();
  let own = false;
  const file = nameFromFile(where);
  for (const e of entries.filter((x) => POM_PROPERTIES.test(x.name))) {
    const b = inflate(w, buf, e, where);
    if (!b) continue;
    const p = parseProperties(b.toString('utf8'));
    const g = { groupId: p.get('groupId') ?? '', artifactId: p.get('artifactId') ?? '', version: p.get('version') ?? '' };
    if (!g.groupId || !g.artifactId || !g.version) continue;
    const key = `${g.groupId}:${g.artifactId}@${g.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (file?.artifactId === g.artifactId) own = true;
    push(g);
  }
  let manifest: Map<string, string> | undefined;
  if (!seen.size) {
    const mf = entries.find((x) => x.name === 'META-INF/MANIFEST.MF');
    const b = mf ? inflate(w, buf, mf, where) : undefined;
    manifest = b ? parseManifest(b.toString('utf8')) : undefined;
    const g = manifest ? manifestGav(manifest) : undefined;
    if (g) {
      own = true;
      push(g);
    }
  }
  const nested = entries.filter((x) => ARCHIVE.test(x.name) && !x.name.endsWith('/'));
  if (!seen.size && !own && file) {
    // The last source: the file name. Without a group, advisories filed under group:artifact cannot match it.
    w.packages.push({
      type: 'maven',
      name: file.artifactId,
      version: file.version,
      path: where,
      layer: w.layer,
      purl: `pkg:maven/${encodeURIComponent(file.artifactId)}@${encodeURIComponent(file.version)}`,
    });
    w.warnings.push(M.say('analyzers.java.fromFileName', { path: where, artifact: file.artifactId, version: file.version }));
  } else if (!seen.size && !own && !nested.length) {
    const hint = manifestSays(manifest);
    w.warnings.push(hint ? M.say('analyzers.java.unidentified.hint', { path: where, hint }) : M.say('analyzers.java.unidentified', { path: where }));
  }
  if (nested.length && depth >= w.caps.maxDepth) {
    w.warnings.push(M.say('analyzers.java.tooDeep', { path: where, count: nested.length, max: w.caps.maxDepth }));
    return;
  }
  for (const e of nested) {
    const b = inflate(w, buf, e, where);
    if (b) readArchive(w, b, `${where}/${e.name}`, depth + 1);
  }
}

/** The Maven packages of one archive and the archives inside it. */
export function readJar(buf: Buffer, path: string, layer: string, caps: JarCaps = JAR_CAPS): AnalyzerOutput {
  const w: Walk = { caps, inflated: 0, packages: [], warnings: [], layer };
  readArchive(w, buf, path, 0);
  return { packages: w.packages, warnings: w.warnings };
}

/** What the walker keeps of an archive: its findings (a few hundred bytes), not its megabytes. */
interface KeptJar {
  packages: { name: string; version: string; path: string; purl: string }[];
  warnings: InventoryWarning[];
}

export const javaAnalyzer: Analyzer = {
  id: 'java',
  // 4: the kept record holds its warnings by id.
  version: 4,
  limits: { maxFileBytes: 16 * MiB, maxFiles: 10_000 },
  wants: (p) => ARCHIVE.test(p),
  // Archives are read as soon as the walker has them (within the caps above), so fat jars are never held.
  reduce(path, content) {
    const out = readJar(content, path, '');
    const kept: KeptJar = { packages: out.packages.map(({ name, version, path: p, purl }) => ({ name, version, path: p, purl })), warnings: out.warnings };
    return Buffer.from(JSON.stringify(kept));
  },
  analyze(input): AnalyzerOutput {
    const json = readJsonFile(input);
    const { packages, warnings } = json.ok ? json.obj : {};
    if (!json.ok || !Array.isArray(packages) || !Array.isArray(warnings))
      return { packages: [], warnings: [M.say('analyzers.java.badRecord', { path: input.path })] };
    const isKept = (p: unknown): p is KeptJar['packages'][number] => {
      const o = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
      return typeof o.name === 'string' && typeof o.version === 'string' && typeof o.path === 'string' && typeof o.purl === 'string';
    };
    return {
      packages: packages.filter(isKept).map(({ name, version, path, purl }) => ({ type: 'maven' as const, name, version, path, purl, layer: input.layer })),
      warnings: warnings
        .filter(isMessage)
        .map((w: InventoryWarning) => ({ id: w.id, en: w.en, data: w.data, ...(w.cut === true ? { cut: true as const } : {}) })),
    };
  },
};
