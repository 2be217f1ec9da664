// Matches an image inventory against the advisory DB: the right feed per package, the right comparator, one finding per vulnerability.
import type { Finding, PackageVulnerability, Reference } from '../core/finding.js';
import { isSeverity, type Severity } from '../core/severity.js';
import type { Inventory, Package } from '../packages/types.js';
import { getScheme, VersionError, type VersionRange } from '../versions/index.js';
import { severityFromScore } from '../vulndb/cvss.js';
import type { CvssEntry } from '../vulndb/model.js';
import { packageLookups } from '../vulndb/namespace.js';
import { endOfLife, osLabel } from './eol.js';
import type { AffectedRow, NvdRecord, VulnStore } from '../vulndb/store.js';
import { messageOf } from '../core/errors.js';
import { pushNote, type Message } from '../core/message.js';
import { scanNoteMessages } from './note-messages.js';

/** A group of packages shown together: the OS packages, each language's packages. */
export interface ScanTarget {
  label: string;
  class: 'os-pkgs' | 'lang-pkgs';
  packages: number;
  /** Namespace in the DB, when the target has one. */
  namespace?: string;
  /** Whether the DB holds advisories for that namespace. */
  covered: boolean;
  /** Release, end-of-life and coverage notes for this target, each once. */
  notes: string[];
  /** The release's end-of-life date, when it has passed. */
  eol?: string;
}

export interface MatchResult {
  findings: Finding[];
  targets: ScanTarget[];
  /** Packages that could not be compared with some advisories (a version the scheme cannot read), by id. */
  warnings: Message[];
}

export function osTargetLabel(inv: Inventory, pkg: Package): string {
  const fam = inv.os?.family ?? 'unknown';
  const ver = inv.os?.version ?? '';
  const tool = pkg.type === 'deb' ? 'dpkg' : pkg.type;
  return `${fam}${ver ? ` ${ver}` : ''} (${tool})`;
}

export function targetFor(inv: Inventory, pkg: Package): { label: string; class: ScanTarget['class'] } {
  switch (pkg.type) {
    case 'npm':
      return { label: 'Node.js (node_modules)', class: 'lang-pkgs' };
    case 'pypi':
      return { label: 'Python', class: 'lang-pkgs' };
    case 'golang':
      return { label: 'Go (binaries)', class: 'lang-pkgs' };
    case 'maven':
      return { label: 'Java (jar)', class: 'lang-pkgs' };
    case 'gem':
      return { label: 'Ruby (gems)', class: 'lang-pkgs' };
    case 'cargo':
      return { label: 'Rust (binaries)', class: 'lang-pkgs' };
    case 'composer':
      return { label: 'PHP (composer)', class: 'lang-pkgs' };
    case 'nuget':
      return { label: '.NET (nuget)', class: 'lang-pkgs' };
    case 'conda':
      return { label: 'conda', class: 'lang-pkgs' };
    default:
      return { label: osTargetLabel(inv, pkg), class: 'os-pkgs' };
  }
}

/** The id a vulnerability is shown under: the CVE when the advisory names one, so feeds agree. */
export function displayId(advisoryId: string, aliases: readonly string[]): string {
  if (advisoryId.startsWith('CVE-')) return advisoryId;
  return aliases.find((a) => a.startsWith('CVE-')) ?? advisoryId;
}

const CVSS_ORDER: Record<string, number> = { '3.1': 0, '3.0': 1, '2.0': 2, '4.0': 3 };

/**
 * The CVSS entry a rating is taken from: v3.1, v3.0, then v2 (as trivy reads NVD), v4.0 last; within
 * a version NVD's own Primary analysis before a CNA's Secondary one.
 */
export function bestCvss(cvss: readonly CvssEntry[]): CvssEntry | undefined {
  const rated = cvss.filter((c) => c.score !== undefined || (c.severity !== undefined && isSeverity(c.severity.toUpperCase())));
  const rank = (c: CvssEntry): number => (CVSS_ORDER[c.version] ?? 9) * 2 + (c.type === 'Secondary' ? 1 : 0);
  return [...rated].sort((a, b) => rank(a) - rank(b))[0];
}

/** The severity of one CVSS entry: the published base severity, else the rating of its score. */
export function cvssSeverity(c: CvssEntry): Severity | undefined {
  const published = c.severity?.toUpperCase();
  if (published !== undefined && isSeverity(published) && published !== 'UNKNOWN') return published;
  return c.score !== undefined ? severityFromScore(c.score, c.version) : undefined;
}

export interface SeverityChoice {
  severity: Severity;
  /** Where the rating came from: "debian", "ubuntu", "ghsa", "nvd", "cvss-3.1 (PYSEC)", or "none". */
  source: string;
  cvss: CvssEntry[];
}

/**
 * Severity as trivy chooses it: the rating of the package's own data source (Debian urgency, Ubuntu
 * priority, Red Hat severity, GHSA/OSV database_specific.severity, else a CVSS vector that source
 * published), then NVD (v3.x before v2), else UNKNOWN. Never another distribution's rating.
 */
export function chooseSeverity(row: AffectedRow, store: VulnStore, id: string, cache: Map<string, NvdRecord | null>): SeverityChoice {
  let nvd = cache.get(id);
  if (nvd === undefined) {
    nvd = store.nvd(id) ?? null;
    cache.set(id, nvd);
  }
  const cvss = [...row.cvss, ...(nvd?.cvss ?? [])];
  const vendor = row.severity?.toUpperCase();
  if (vendor !== undefined && isSeverity(vendor)) return { severity: vendor, source: row.severitySource ?? row.source, cvss };
  const adv = row.advisorySeverity?.toUpperCase();
  if (adv !== undefined && isSeverity(adv)) return { severity: adv, source: row.advisorySeveritySource ?? row.source, cvss };
  const own = bestCvss(row.cvss);
  const ownSev = own ? cvssSeverity(own) : undefined;
  if (own && ownSev) return { severity: ownSev, source: `cvss-${own.version}${own.source ? ` (${own.source})` : ''}`, cvss };
  const fromNvd = nvd ? bestCvss(nvd.cvss) : undefined;
  const nvdSev = fromNvd ? cvssSeverity(fromNvd) : undefined;
  if (nvdSev) return { severity: nvdSev, source: 'nvd', cvss };
  return { severity: 'UNKNOWN', source: 'none', cvss };
}

export function referencesFor(id: string, row: AffectedRow): Reference[] {
  const refs: Reference[] = [];
  if (id.startsWith('CVE-')) refs.push({ type: 'cve', id, url: `https://nvd.nist.gov/vuln/detail/${id}` });
  else if (id.startsWith('GHSA-')) refs.push({ type: 'ghsa', id, url: `https://github.com/advisories/${id}` });
  else refs.push({ type: 'osv', id, url: `https://osv.dev/vulnerability/${id}` });
  if (row.advisoryId !== id) refs.push({ type: 'osv', id: row.advisoryId, url: `https://osv.dev/vulnerability/${row.advisoryId}` });
  for (const r of row.references.filter((x) => x.type === 'ADVISORY').slice(0, 3)) refs.push({ type: 'url', id: r.url, url: r.url });
  return refs;
}

function firstLine(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const line = s
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim();
  if (line === undefined) return undefined;
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/**
 * The version advisories are compared with. Debian and Ubuntu file fixes against the *source*
 * package's version, which differs from the binary's after a binNMU (`+b1`) or for binaries with
 * their own version (gcc 4:12.2.0-3 from gcc-defaults 1.203): dpkg's `Source: name (version)`,
 * else the binary's own version. rpm carries its epoch apart.
 */
export function comparableVersion(pkg: Package): string {
  if (pkg.type === 'deb' && pkg.sourceVersion !== undefined && pkg.sourceVersion !== '') return pkg.sourceVersion;
  if (pkg.type === 'rpm' && pkg.epoch !== undefined && pkg.epoch > 0 && !pkg.version.includes(':')) return `${pkg.epoch}:${pkg.version}`;
  return pkg.version;
}

/** Every version a range names (to see whether the feed writes rpm epochs). */
function rangeVersions(r: VersionRange): string[] {
  switch (r.kind) {
    case 'osv':
      return r.events.flatMap((e) => Object.values(e).filter((v): v is string => typeof v === 'string'));
    case 'fixed-in':
      return [r.fixed ?? '', r.introduced ?? ''];
    case 'versions':
      return [...r.versions];
    case 'any':
      return r.ranges.flatMap(rangeVersions);
    default:
      return [];
  }
}

/**
 * The installed version to compare with one advisory row. AlmaLinux and Rocky publish fixed versions
 * without the epoch (openssl "1.1.1k-12.el8_9" for 1:1.1.1k-…): read as epoch 0 they would make every
 * package with an epoch look fixed, so where the row writes no epoch at all the installed epoch is
 * left out too.
 */
function versionForRange(pkg: Package, row: AffectedRow): string {
  const v = comparableVersion(pkg);
  if (row.scheme !== 'rpm' || !/^\d+:/.test(v)) return v;
  const versions = rangeVersions(row.range).filter((x) => x !== '' && x !== '0');
  return versions.some((x) => x.includes(':')) ? v : v.replace(/^\d+:/, '');
}

/** Status precedence when two feeds disagree about the same vulnerability: a known fix wins. */
const STATUS_RANK: Record<PackageVulnerability['status'], number> = { fixed: 3, 'will-not-fix': 2, affected: 1, unknown: 0 };

/** Whether the DB holds advisories for a namespace, asked once per namespace. */
function namespaceCache(store: VulnStore): (ns: string) => boolean {
  const cache = new Map<string, boolean>();
  return (ns) => {
    let v = cache.get(ns);
    if (v === undefined) cache.set(ns, (v = store.hasNamespace(ns)));
    return v;
  };
}

/**
 * Targets: the group a package is shown in, made the first time one of its packages is met, with the notes of its
 * release (end of life, no feed for the OS) and whether the DB covers it.
 */
function targetOf(
  targets: Map<string, ScanTarget>,
  inv: Inventory,
  pkg: Package,
  lookups: ReturnType<typeof packageLookups>,
  known: (ns: string) => boolean,
  now: Date,
): ScanTarget {
  const t = targetFor(inv, pkg);
  const existing = targets.get(t.label);
  if (existing) return existing;
  const primary = lookups[0];
  const target: ScanTarget = { label: t.label, class: t.class, packages: 0, covered: lookups.some((l) => known(l.namespace)), notes: [] };
  if (primary) target.namespace = primary.namespace;
  if (t.class === 'os-pkgs') {
    const eol = endOfLife(primary?.namespace, now);
    if (eol !== undefined) {
      target.eol = eol;
      pushNote(target.notes, scanNoteMessages.say('scan.note.endOfLife', { os: inv.os ? osLabel(inv.os) : t.label, date: eol }));
    }
    if (!primary) {
      pushNote(target.notes, inv.os ? scanNoteMessages.say('scan.note.noFeed', { os: osLabel(inv.os) }) : scanNoteMessages.say('scan.note.osUnknown'));
    }
  }
  targets.set(t.label, target);
  return target;
}

/** Package versions a scheme cannot order (a composer branch, a malformed version), keyed "name version": one warning each. */
type Uncomparable = Map<string, { ids: Set<string>; reason: Message }>;

/** What one advisory row says of the installed package, when it applies. */
interface RowMatch {
  /** The version compared (the source's version, the epoch as the feed writes it). */
  installed: string;
  /** Fixes newer than what is installed. */
  fixes: string[];
  status: PackageVulnerability['status'];
}

/**
 * Match: whether the installed version falls in the row's range, by the row's scheme, and which of its fixes are a
 * way out. A version the scheme cannot order is remembered in `uncomparable` and matches nothing.
 */
function matchRow(pkg: Package, row: AffectedRow, uncomparable: Uncomparable): RowMatch | undefined {
  if (row.withdrawn !== undefined || row.status === 'not-affected') return undefined;
  const installed = versionForRange(pkg, row);
  let hit: boolean;
  let scheme;
  try {
    scheme = getScheme(row.scheme);
    hit = scheme.satisfies(installed, row.range);
  } catch (e) {
    if (e instanceof VersionError) {
      const key = `${pkg.name} ${installed}`;
      const seen = uncomparable.get(key);
      if (seen) seen.ids.add(displayId(row.advisoryId, row.aliases));
      else uncomparable.set(key, { ids: new Set([displayId(row.advisoryId, row.aliases)]), reason: messageOf(e) });
      return undefined;
    }
    throw e;
  }
  if (!hit) return undefined;
  // Only fixes newer than what is installed are a way out.
  const fixes = row.fixedVersions.filter((f) => {
    try {
      return scheme.compare(f, installed) > 0;
    } catch {
      return false;
    }
  });
  const status: PackageVulnerability['status'] = row.status === 'will-not-fix' ? 'will-not-fix' : fixes.length > 0 ? 'fixed' : 'affected';
  return { installed, fixes, status };
}

/** Dedupe: one finding per package (type, name, version, path) and vulnerability id. */
function findingKey(pkg: Package, id: string): string {
  return `${pkg.type}\u0000${pkg.name}\u0000${pkg.version}\u0000${pkg.path}\u0000${id}`;
}

/** Dedupe: a second feed's row replaces the finding only when it knows more (a fix over none). */
function supersedes(existing: Finding | undefined, status: PackageVulnerability['status']): boolean {
  return !existing?.vulnerability || STATUS_RANK[existing.vulnerability.status] < STATUS_RANK[status];
}

/** Finding: the vulnerability of one package as the report shows it, with its severity, fix and references. */
function vulnFinding(
  inv: Inventory,
  pkg: Package,
  row: AffectedRow,
  match: RowMatch,
  id: string,
  sev: SeverityChoice,
  nvdSummary: string | undefined,
): Finding {
  const t = targetFor(inv, pkg);
  const { installed, fixes, status } = match;
  // Ubuntu Pro: the fix exists, but only for subscribers; say so instead of calling it plainly fixed.
  const pro = row.namespace.startsWith('ubuntu-pro:');
  const fixedVersion = fixes.length > 0 ? `${fixes.join(', ')}${pro ? ' (Ubuntu Pro)' : ''}` : undefined;
  const vulnerability: PackageVulnerability = {
    package: pkg.name,
    installedVersion: pkg.version,
    ...(fixedVersion !== undefined ? { fixedVersion } : {}),
    status,
    packageType: pkg.type,
    purl: pkg.purl,
    ...(pkg.sourceName !== undefined && pkg.sourceName !== pkg.name ? { sourcePackage: pkg.sourceName } : {}),
    ...(sev.cvss.length > 0
      ? {
          cvss: sev.cvss.map((c) => ({
            vector: c.vector,
            ...(c.score !== undefined ? { score: c.score } : {}),
            ...(c.source !== undefined ? { source: c.source } : {}),
          })),
        }
      : {}),
    severitySource: sev.source,
  };
  const title = firstLine(row.summary) ?? firstLine(row.details) ?? firstLine(nvdSummary) ?? id;
  const statusText =
    status === 'fixed'
      ? `fixed in ${fixedVersion ?? ''}${pro ? ', available with an Ubuntu Pro subscription' : ''}`
      : status === 'will-not-fix'
        ? 'the distribution will not fix it'
        : 'no fix available yet';
  return {
    id,
    title,
    severity: sev.severity,
    category: 'vuln',
    target: { kind: 'image', ref: inv.ref, path: pkg.path, ...(pkg.layer !== undefined ? { layer: pkg.layer } : {}) },
    message: `${pkg.name} ${pkg.version} is affected by ${id} (${statusText})`,
    evidence: {
      target: t.label,
      class: t.class,
      package: pkg.name,
      installed: pkg.version,
      fixed: fixedVersion ?? null,
      status,
      advisory: row.advisoryId,
      source: row.source,
      namespace: row.namespace,
      severitySource: sev.source,
      ...(installed !== pkg.version ? { matchedVersion: installed } : {}),
    },
    ...(status === 'fixed'
      ? {
          remediation: `upgrade ${pkg.sourceName && (pkg.type === 'deb' || pkg.type === 'apk' || pkg.type === 'rpm') ? `${pkg.name} (source ${pkg.sourceName})` : pkg.name} to ${fixes[0] ?? ''} or later`,
        }
      : {}),
    references: referencesFor(id, row),
    vulnerability,
  };
}

/** One warning per package version that could not be compared, naming the advisories it was not checked against. */
function uncomparableWarnings(uncomparable: Uncomparable): Message[] {
  return [...uncomparable].map(([key, { ids: idSet, reason }]) => {
    const ids = [...idSet].sort();
    const first = ids.slice(0, 3).join(', ');
    const shown = ids.length > 3 ? scanNoteMessages.say('scan.note.uncomparable.more', { ids: first, count: ids.length - 3 }) : first;
    return ids.length === 1
      ? scanNoteMessages.say('scan.note.uncomparable.one', { key, shown, reason })
      : scanNoteMessages.say('scan.note.uncomparable', { key, count: ids.length, shown, reason });
  });
}

/** Matches every package against its feeds: the targets, one finding per package and vulnerability, and what could not be compared. */
export function matchInventory(store: VulnStore, inv: Inventory, now = new Date()): MatchResult {
  const findings = new Map<string, Finding>();
  const targets = new Map<string, ScanTarget>();
  const known = namespaceCache(store);
  const severityCache = new Map<string, NvdRecord | null>();
  const uncomparable: Uncomparable = new Map();

  for (const pkg of inv.packages) {
    const lookups = packageLookups(pkg, inv.os);
    targetOf(targets, inv, pkg, lookups, known, now).packages += 1;
    for (const row of lookups.flatMap((l) => store.lookup(l.namespace, l.name))) {
      const match = matchRow(pkg, row, uncomparable);
      if (match === undefined) continue;
      const id = displayId(row.advisoryId, row.aliases);
      const key = findingKey(pkg, id);
      if (!supersedes(findings.get(key), match.status)) continue;
      const sev = chooseSeverity(row, store, id, severityCache);
      findings.set(key, vulnFinding(inv, pkg, row, match, id, sev, severityCache.get(id)?.summary));
    }
  }
  for (const t of targets.values()) {
    if (t.namespace !== undefined && !t.covered) {
      pushNote(t.notes, scanNoteMessages.say('scan.note.noAdvisories', { namespace: t.namespace }));
    }
  }
  return { findings: [...findings.values()], targets: [...targets.values()], warnings: uncomparableWarnings(uncomparable) };
}
