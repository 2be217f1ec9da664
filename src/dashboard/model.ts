// What the pages show, read from the history: audit runs (src/history/audit-runs.ts) and image scans
// (src/history/store.ts). Read only: nothing here writes.
import { countBySeverity, type Finding, type SeverityCounts } from '../core/finding.js';
import { compareSeverity, isSeverity, type Severity } from '../core/severity.js';
import { familiarName, tryParseImageReference } from '../core/image-reference.js';
import type { AuditRun, AuditRunStore, ServiceState } from '../history/audit-runs.js';
import { newFindings, type HistoryStore, type ScanRecord } from '../history/store.js';

export interface Sources {
  scans: HistoryStore;
  runs: AuditRunStore;
}

/** How many scans the pages read at most (newest first): bounds time and memory on a long history. */
export const SCAN_WINDOW = 1_000;

export interface ImageEntry {
  /** The digest when known, else the reference: the image's address in the dashboard. */
  key: string;
  repository: string;
  tag: string | null;
  digest: string | null;
  services: string[];
  latestScan: ScanRecord | undefined;
  scanCount: number;
}

/** Repository and tag as the scan history files them (the familiar name: `nginx`, `team/web`). */
function splitRef(text: string): { repository: string; tag: string | null } {
  const ref = tryParseImageReference(text);
  return ref ? { repository: familiarName(ref), tag: ref.tag ?? null } : { repository: text, tag: null };
}

function imageKeyOf(s: ServiceState): string {
  return s.digest ?? s.image;
}

/** The newest finished scan for a service's image: by its pinned digest, else by repository and tag. */
export function scanOfService(scans: readonly ScanRecord[], s: ServiceState): ScanRecord | undefined {
  const done = scans.filter((x) => x.status === 'done');
  if (s.digest) {
    const byDigest = done.find((x) => x.digest === s.digest);
    if (byDigest) return byDigest;
  }
  const { repository, tag } = splitRef(s.image);
  return done.find((x) => x.repository === repository && (x.tag ?? 'latest') === (tag ?? 'latest'));
}

const scanCache = new WeakMap<Sources, { version: number; scans: ScanRecord[] }>();

/** The newest scans, read once per change of the history file (not once per request). */
export function recentScans(src: Sources): ScanRecord[] {
  const version = src.runs.dataVersion();
  const hit = scanCache.get(src);
  if (hit && hit.version === version) return hit.scans;
  const scans = src.scans.list({ limit: SCAN_WINDOW });
  scanCache.set(src, { version, scans });
  return scans;
}

/** Every image the history knows: scanned digests and the images of the latest audit's services. */
export function imageIndex(src: Sources, scans: readonly ScanRecord[], run: AuditRun | undefined): ImageEntry[] {
  const byKey = new Map<string, ImageEntry>();
  for (const s of scans) {
    const e = byKey.get(s.digest);
    if (e) {
      e.scanCount += 1;
      if (!e.latestScan && s.status === 'done') e.latestScan = s;
    } else
      byKey.set(s.digest, {
        key: s.digest,
        repository: s.repository,
        tag: s.tag,
        digest: s.digest,
        services: [],
        latestScan: s.status === 'done' ? s : undefined,
        scanCount: 1,
      });
  }
  for (const svc of run?.state.services ?? []) {
    const scan = scanOfService(scans, svc);
    const key = scan?.digest ?? imageKeyOf(svc);
    const e = byKey.get(key);
    if (e) e.services.push(svc.name);
    else byKey.set(key, { key, ...splitRef(svc.image), digest: svc.digest, services: [svc.name], latestScan: undefined, scanCount: 0 });
  }
  return [...byKey.values()].sort((a, b) => `${a.repository}:${a.tag ?? ''}`.localeCompare(`${b.repository}:${b.tag ?? ''}`) || a.key.localeCompare(b.key));
}

export interface VulnFilter {
  severities: Severity[];
  fixedOnly: boolean;
  pkg: string;
}

export function parseVulnFilter(q: URLSearchParams): VulnFilter {
  const severities = q
    .getAll('severity')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toUpperCase())
    .filter(isSeverity);
  return { severities: [...new Set(severities)], fixedOnly: q.get('fixed') === '1', pkg: (q.get('package') ?? '').trim().slice(0, 200) };
}

/** The scan's vulnerabilities that pass the filter, most severe first, then by id. */
export function filterVulns(findings: readonly Finding[], f: VulnFilter): Finding[] {
  const pkg = f.pkg.toLowerCase();
  return findings
    .filter(
      (x) =>
        x.category === 'vuln' &&
        (f.severities.length === 0 || f.severities.includes(x.severity)) &&
        (!f.fixedOnly || x.vulnerability?.status === 'fixed') &&
        (pkg === '' || (x.vulnerability?.package ?? '').toLowerCase().includes(pkg)),
    )
    .sort((a, b) => compareSeverity(a.severity, b.severity) || a.id.localeCompare(b.id));
}

export function vulnCounts(scan: ScanRecord | undefined): SeverityCounts | null {
  if (!scan) return null;
  return scan.counts ?? countBySeverity(scan.findings);
}

/** Findings of this scan that the previous finished scan of the same repository did not have. */
export function newSinceLastScan(src: Sources, scan: ScanRecord): { findings: Finding[]; previous: ScanRecord | undefined } {
  const previous = src.scans.previousOfRepository(scan.repository, scan.id);
  return { findings: previous ? newFindings(scan, previous) : [], previous };
}

export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
  size: number;
}

const PAGE_SIZE = 25;

export function pageNumber(q: URLSearchParams): number {
  const n = Number(q.get('page') ?? '1');
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

/** Where page `page` of `total` items falls (clamped to the last page). */
export function pageMeta(total: number, page: number, size = PAGE_SIZE): Page<never> {
  const pages = Math.max(1, Math.ceil(total / size));
  return { items: [], page: Math.min(Math.max(1, page), pages), pages, total, size };
}

export function paginate<T>(all: readonly T[], page: number, size = PAGE_SIZE): Page<T> {
  const m = pageMeta(all.length, page, size);
  return { ...m, items: all.slice((m.page - 1) * size, m.page * size) };
}

/** Oldest first, at most `n` runs, for the charts. */
export function runsForCharts(src: Sources, n = 30): AuditRun[] {
  return src.runs.list(n).reverse();
}
