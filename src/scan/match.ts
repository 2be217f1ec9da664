// Matches an image inventory against the advisory DB: the right feed per package, the right comparator, one finding per vulnerability.
import type { Finding, PackageVulnerability, Reference } from '../core/finding.js';
import { isSeverity, type Severity } from '../core/severity.js';
import type { Inventory, Package } from '../packages/types.js';
import { getScheme, VersionError } from '../versions/index.js';
import { severityFromScore } from '../vulndb/cvss.js';
import type { CvssEntry } from '../vulndb/model.js';
import { osNamespace, packageLookup } from '../vulndb/namespace.js';
import type { AffectedRow, VulnStore } from '../vulndb/store.js';

/**
 * Severity when no source rates a vulnerability. MEDIUM rather than a separate UNKNOWN level:
 * an unrated CVE is neither noise (LOW/INFO) nor proven serious; `vulnerability.severitySource`
 * is "none" and evidence.severityKnown is false so reports and policies can tell.
 */
export const UNKNOWN_SEVERITY: Severity = 'MEDIUM';

/** A group of packages shown together: the OS packages, each language's packages. */
export interface ScanTarget {
  label: string;
  class: 'os-pkgs' | 'lang-pkgs';
  packages: number;
  /** Namespace in the DB, when the target has one. */
  namespace?: string;
  /** Whether the DB holds advisories for that namespace. */
  covered: boolean;
}

export interface MatchResult {
  findings: Finding[];
  targets: ScanTarget[];
  warnings: string[];
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
    default:
      return { label: osTargetLabel(inv, pkg), class: 'os-pkgs' };
  }
}

/** The id a vulnerability is shown under: the CVE when the advisory names one, so feeds agree. */
export function displayId(advisoryId: string, aliases: readonly string[]): string {
  if (advisoryId.startsWith('CVE-')) return advisoryId;
  return aliases.find((a) => a.startsWith('CVE-')) ?? advisoryId;
}

function bestCvss(cvss: readonly CvssEntry[]): CvssEntry | undefined {
  const scored = cvss.filter((c) => c.score !== undefined);
  // Newest CVSS version first (3.1 over 3.0 over 2.0).
  scored.sort((a, b) => b.version.localeCompare(a.version));
  return scored[0];
}

interface SeverityChoice {
  severity: Severity;
  source: string;
  cvss: CvssEntry[];
}

/** Vendor (distro or database) rating first, then CVSS, then any other source's rating of the same id, else unknown. */
export function chooseSeverity(row: AffectedRow, store: VulnStore, id: string, cache: Map<string, SeverityChoice | null>): SeverityChoice {
  const cvss = row.cvss;
  if (row.severity !== undefined && isSeverity(row.severity)) return { severity: row.severity, source: row.severitySource ?? row.source, cvss };
  if (row.advisorySeverity !== undefined && isSeverity(row.advisorySeverity)) {
    return { severity: row.advisorySeverity, source: row.advisorySeveritySource ?? row.source, cvss };
  }
  const own = bestCvss(cvss);
  if (own?.score !== undefined) return { severity: severityFromScore(own.score, own.version), source: `cvss-${own.version}`, cvss };
  let other = cache.get(id);
  if (other === undefined) {
    other = null;
    const rows = store.enrichment(id);
    const vendor = rows.find((r) => r.severity !== undefined && isSeverity(r.severity));
    const allCvss = rows.flatMap((r) => r.cvss);
    const best = bestCvss(allCvss);
    if (vendor?.severity !== undefined && isSeverity(vendor.severity)) other = { severity: vendor.severity, source: vendor.severitySource ?? 'db', cvss: allCvss };
    else if (best?.score !== undefined) other = { severity: severityFromScore(best.score, best.version), source: `cvss-${best.version}`, cvss: allCvss };
    cache.set(id, other);
  }
  if (other) return other;
  return { severity: UNKNOWN_SEVERITY, source: 'none', cvss };
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
  const line = s.split('\n').find((l) => l.trim() !== '')?.trim();
  if (line === undefined) return undefined;
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/** The installed version as the scheme orders it (rpm carries its epoch apart). */
function comparableVersion(pkg: Package): string {
  if (pkg.type === 'rpm' && pkg.epoch !== undefined && pkg.epoch > 0 && !pkg.version.includes(':')) return `${pkg.epoch}:${pkg.version}`;
  return pkg.version;
}

/** Status precedence when two feeds disagree about the same vulnerability: a known fix wins. */
const STATUS_RANK: Record<PackageVulnerability['status'], number> = { fixed: 3, 'will-not-fix': 2, affected: 1, unknown: 0 };

export function matchInventory(store: VulnStore, inv: Inventory): MatchResult {
  const warnings: string[] = [];
  const findings = new Map<string, Finding>();
  const targets = new Map<string, ScanTarget>();
  const known = new Set(store.namespaces().map((n) => n.namespace));
  const severityCache = new Map<string, SeverityChoice | null>();

  if (inv.os && inv.packages.some((p) => p.type === 'deb' || p.type === 'apk' || p.type === 'rpm') && osNamespace(inv.os) === undefined) {
    warnings.push(`no advisory feed for ${inv.os.family} ${inv.os.version}: its OS packages were not checked`);
  }

  for (const pkg of inv.packages) {
    const t = targetFor(inv, pkg);
    const lookup = packageLookup(pkg, inv.os);
    let target = targets.get(t.label);
    if (!target) {
      target = { label: t.label, class: t.class, packages: 0, covered: lookup !== undefined && known.has(lookup.namespace) };
      if (lookup) target.namespace = lookup.namespace;
      targets.set(t.label, target);
    }
    target.packages += 1;
    if (!lookup) continue;
    const rows = store.lookup(lookup.namespace, lookup.name);
    if (rows.length === 0) continue;
    const installed = comparableVersion(pkg);
    for (const row of rows) {
      if (row.withdrawn !== undefined || row.status === 'not-affected') continue;
      let hit: boolean;
      let scheme;
      try {
        scheme = getScheme(row.scheme);
        hit = scheme.satisfies(installed, row.range);
      } catch (e) {
        if (e instanceof VersionError) {
          warnings.push(`${pkg.name} ${installed}: cannot compare with ${row.advisoryId} (${e.message})`);
          continue;
        }
        throw e;
      }
      if (!hit) continue;
      // Only fixes newer than what is installed are a way out.
      const fixes = row.fixedVersions.filter((f) => {
        try {
          return scheme.compare(f, installed) > 0;
        } catch {
          return false;
        }
      });
      const status: PackageVulnerability['status'] = row.status === 'will-not-fix' ? 'will-not-fix' : fixes.length > 0 ? 'fixed' : 'affected';
      const id = displayId(row.advisoryId, row.aliases);
      const key = `${pkg.type}\u0000${pkg.name}\u0000${pkg.version}\u0000${pkg.path}\u0000${id}`;
      const existing = findings.get(key);
      if (existing?.vulnerability && STATUS_RANK[existing.vulnerability.status] >= STATUS_RANK[status]) continue;
      const sev = chooseSeverity(row, store, id, severityCache);
      const fixedVersion = fixes.length > 0 ? fixes.join(', ') : undefined;
      const vulnerability: PackageVulnerability = {
        package: pkg.name,
        installedVersion: pkg.version,
        ...(fixedVersion !== undefined ? { fixedVersion } : {}),
        status,
        packageType: pkg.type,
        purl: pkg.purl,
        ...(pkg.sourceName !== undefined && pkg.sourceName !== pkg.name ? { sourcePackage: pkg.sourceName } : {}),
        ...(sev.cvss.length > 0
          ? { cvss: sev.cvss.map((c) => ({ vector: c.vector, ...(c.score !== undefined ? { score: c.score } : {}), ...(c.source !== undefined ? { source: c.source } : {}) })) }
          : {}),
        severitySource: sev.source,
      };
      const title = firstLine(row.summary) ?? firstLine(row.details) ?? id;
      const statusText =
        status === 'fixed' ? `fixed in ${fixedVersion ?? ''}` : status === 'will-not-fix' ? 'the distribution will not fix it' : 'no fix available yet';
      findings.set(key, {
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
          severityKnown: sev.source !== 'none',
        },
        ...(status === 'fixed' ? { remediation: `upgrade ${pkg.sourceName && pkg.type !== 'npm' && pkg.type !== 'pypi' ? `${pkg.name} (source ${pkg.sourceName})` : pkg.name} to ${fixes[0] ?? ''} or later` } : {}),
        references: referencesFor(id, row),
        vulnerability,
      });
    }
  }
  for (const t of targets.values()) {
    if (t.namespace !== undefined && !t.covered) {
      warnings.push(`the vulnerability DB has no advisories for ${t.namespace} (${t.label}); add a source for it and run \`swarmguard db update\``);
    }
  }
  return { findings: [...findings.values()], targets: [...targets.values()], warnings };
}
