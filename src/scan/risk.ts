// Ranking findings by real-world risk: CISA KEV listing first, then EPSS probability times a severity weight.
import type { EpssRating, Finding, KevRating } from '../core/finding.js';
import { compareSeverity, type Severity } from '../core/severity.js';

/**
 * Weights of the severity ratings in the risk score. A CRITICAL CVE with EPSS 0.5 (5.0) ranks above
 * a HIGH one with EPSS 0.6 (4.8); UNKNOWN counts as a MEDIUM-ish 3 so unrated CVEs are not buried.
 */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { CRITICAL: 10, HIGH: 8, MEDIUM: 5, UNKNOWN: 3, LOW: 2, INFO: 0 };

/** The CVE a finding is about: its id, else the CVE among its references (a GHSA advisory of a CVE). */
export function cveOf(f: Finding): string | undefined {
  if (f.id.startsWith('CVE-')) return f.id;
  return f.references.find((r) => r.type === 'cve')?.id;
}

/** risk = EPSS score (0–1) × severity weight (0–10): 0 to 10, two decimals. No EPSS score: 0. */
export function riskScore(f: Finding): number {
  const epss = f.vulnerability?.epss?.score ?? 0;
  return Math.round(epss * SEVERITY_WEIGHT[f.severity] * 100) / 100;
}

/**
 * The `--sort risk` order: KEV-listed findings first (known ransomware use before the rest), then by
 * risk score, then by severity, EPSS, id and package so equal risks keep a stable order.
 */
export function compareRisk(a: Finding, b: Finding): number {
  const ka = a.vulnerability?.kev;
  const kb = b.vulnerability?.kev;
  if ((ka !== undefined) !== (kb !== undefined)) return ka !== undefined ? -1 : 1;
  if (ka && kb && ka.knownRansomware !== kb.knownRansomware) return ka.knownRansomware ? -1 : 1;
  return (
    riskScore(b) - riskScore(a) ||
    compareSeverity(a.severity, b.severity) ||
    (b.vulnerability?.epss?.score ?? -1) - (a.vulnerability?.epss?.score ?? -1) ||
    a.id.localeCompare(b.id) ||
    (a.vulnerability?.package ?? '').localeCompare(b.vulnerability?.package ?? '')
  );
}

/** The findings in `--sort risk` order. */
export function sortByRisk(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareRisk);
}

export interface ExploitFilter {
  /** Only CVEs in the KEV catalogue. */
  kevOnly?: boolean;
  /** Only CVEs whose EPSS score is at least this (0–1); a CVE without a score is left out. */
  epssMin?: number;
}

export function passesExploitFilter(f: Finding, filter: ExploitFilter): boolean {
  if (filter.kevOnly && f.vulnerability?.kev === undefined) return false;
  if (filter.epssMin !== undefined && (f.vulnerability?.epss?.score ?? -1) < filter.epssMin) return false;
  return true;
}

/** Where the table and JSON say what the data is from: the KEV/EPSS data the database holds. */
export interface ExploitationSummary {
  kevEntries: number;
  epssDate?: string;
}

/** Adds each finding's KEV entry and EPSS score, looked up for all the findings' CVEs at once. */
export function enrichFindings(
  findings: readonly Finding[],
  lookup: { exploitationOf(cves: readonly string[]): { kev: ReadonlyMap<string, KevRating>; epss: ReadonlyMap<string, EpssRating> } },
): void {
  const cves = findings.map(cveOf).filter((c): c is string => c !== undefined);
  if (cves.length === 0) return;
  const data = lookup.exploitationOf(cves);
  for (const f of findings) {
    const v = f.vulnerability;
    const cve = cveOf(f);
    if (!v || cve === undefined) continue;
    const kev = data.kev.get(cve);
    const epss = data.epss.get(cve);
    if (kev) v.kev = kev;
    if (epss) v.epss = epss;
  }
}
