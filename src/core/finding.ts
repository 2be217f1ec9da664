// The one finding model every capability reports through; reporters know findings, not checks.
import type { Severity, Verdict } from './severity.js';
import { compareSeverity, SEVERITIES } from './severity.js';
import { cisEntry, type CisVersion } from './references/cis-docker.js';
import { NIST_800_190 } from './references/nist-800-190.js';
import type { SaidMessages } from './message.js';

/** What a finding is about. A file target carries the position the YAML loader kept. */
export type Target =
  | { kind: 'file'; path: string; line?: number; column?: number; endLine?: number; endColumn?: number; pointer?: string }
  | { kind: 'image'; ref: string; digest?: string; path?: string; layer?: string }
  | { kind: 'container'; id: string; name: string; image?: string; node?: string }
  | { kind: 'service'; name: string; id?: string; stack?: string }
  | { kind: 'task'; id: string; service?: string; node?: string }
  | { kind: 'network'; name: string; id?: string }
  | { kind: 'node'; hostname: string; id?: string; address?: string }
  | { kind: 'host'; hostname?: string; path?: string }
  | { kind: 'engine'; endpoint: string }
  | { kind: 'swarm'; id?: string };

export type ReferenceType = 'cis-docker' | 'nist-800-190' | 'cve' | 'ghsa' | 'osv' | 'cwe' | 'docs' | 'url';

export interface Reference {
  type: ReferenceType;
  /** e.g. "5.4" for CIS, "4.4.1" for NIST SP 800-190, "CVE-2023-28840". */
  id: string;
  url?: string;
  title?: string;
  /** The edition of the benchmark the id belongs to (CIS Docker Benchmark "1.8.0"); absent means 1.6.0. */
  version?: string;
}

/** Evidence is what was observed. It never holds a secret value: say *that* something looks secret. */
export type EvidenceValue = string | number | boolean | null | string[];
export type Evidence = Record<string, EvidenceValue>;

/** Vulnerability details, present on findings from the vulnerability matcher. */
export interface PackageVulnerability {
  package: string;
  installedVersion: string;
  fixedVersion?: string;
  status: 'fixed' | 'affected' | 'will-not-fix' | 'unknown';
  packageType?: string;
  purl?: string;
  sourcePackage?: string;
  cvss?: { vector: string; score?: number; source?: string }[];
  severitySource?: string;
  /** Listed in CISA's Known Exploited Vulnerabilities catalogue. */
  kev?: KevRating;
  /** FIRST's Exploit Prediction Scoring System score of the CVE. */
  epss?: EpssRating;
  /** What a VEX document says about this vulnerability in this package. */
  vex?: VexVerdict;
}

export interface KevRating {
  dateAdded: string;
  dueDate?: string;
  /** knownRansomwareCampaignUse is "Known". */
  knownRansomware: boolean;
}

export interface EpssRating {
  /** Probability of exploitation in the next 30 days, 0 to 1. */
  score: number;
  percentile?: number;
  /** The day the score was computed (YYYY-MM-DD). */
  date: string;
}

export interface VexVerdict {
  status: 'not_affected' | 'affected' | 'fixed' | 'under_investigation';
  justification?: string;
  statement?: string;
  /** The document the statement came from. */
  source: string;
}

export interface Finding {
  /** The rule or check id: "overlay-not-encrypted", "5.4", "CVE-2024-1234". */
  id: string;
  /** The rule's title, the same for every occurrence. */
  title: string;
  severity: Severity;
  /** Set by benchmark checks. */
  verdict?: Verdict;
  /** Which capability produced it: compose, bench, image, vuln, swarm, network, host, engine. */
  category: string;
  target: Target;
  /** What is wrong here, in this occurrence. */
  message: string;
  evidence?: Evidence;
  remediation?: string;
  references: Reference[];
  /** Items behind the verdict (containers, files, users), as docker-bench lists them. */
  items?: string[];
  vulnerability?: PackageVulnerability;
  /** Whether a safe automatic fix exists (compose --fix, bench fix --apply). */
  fixable?: boolean;
  /** Accepted on purpose by a waiver written in the linted file (x-swarmguard): shown with its reason, never counted. */
  waived?: { reason: string; where: string };
  /**
   * What the finding says by id ({ id, en, data }), kept with it so that it is said in the reader's language after
   * JSON and the history too; `message`, `remediation` and the evidence keep the English.
   */
  said?: SaidMessages;
}

/** The metadata a rule or check declares next to its code. */
export interface RuleMeta {
  id: string;
  title: string;
  severity: Severity;
  description: string;
  remediation: string;
  references: Reference[];
  /** True when the engine can apply a fix. */
  fixable?: boolean;
}

/** Citations that do not fit their catalogue: a test keeps this empty (see test/unit/core/references.test.ts). */
export const citationProblems: string[] = [];

const sameTitle = (a: string, b: string): boolean =>
  a
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim() ===
  b
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * A CIS Docker Benchmark reference (1.6.0 unless `version` says otherwise), titled from that version's catalogue.
 * `expectedTitle`, when given, states what the citing code means: a mismatch (a number from another edition) is
 * recorded in citationProblems.
 */
export function cis(id: string, expectedTitle?: string, version: CisVersion = '1.6.0'): Reference {
  const entry = cisEntry(version, id);
  if (!entry) {
    citationProblems.push(`CIS ${id}: no such recommendation in CIS Docker Benchmark ${version}`);
    return { type: 'cis-docker', id, ...(version !== '1.6.0' ? { version } : {}) };
  }
  if (expectedTitle !== undefined && !sameTitle(expectedTitle, entry.title))
    citationProblems.push(`CIS ${id} is "${entry.title}", cited as "${expectedTitle}"`);
  return { type: 'cis-docker', id, title: entry.title, ...(version !== '1.6.0' ? { version } : {}) };
}

/** A NIST SP 800-190 reference, titled from the one table in nist-800-190.ts. */
export function nist(id: string, expectedTitle?: string): Reference {
  // Section 5's countermeasures are numbered as section 4's risks (5.3.3 answers 4.3.3).
  const risk = (NIST_800_190 as Record<string, string>)[id.replace(/^5\./, '4.')];
  const title = risk === undefined ? undefined : id.startsWith('5.') ? `${risk} (countermeasures)` : risk;
  if (title === undefined) {
    citationProblems.push(`NIST SP 800-190 ${id}: no such section in the table`);
    return { type: 'nist-800-190', id };
  }
  if (expectedTitle !== undefined && !sameTitle(expectedTitle, title))
    citationProblems.push(`NIST SP 800-190 ${id} is "${title}", cited as "${expectedTitle}"`);
  return { type: 'nist-800-190', id, title };
}

export function targetLabel(t: Target): string {
  switch (t.kind) {
    case 'file':
      return t.line !== undefined ? `${t.path}:${t.line}${t.column !== undefined ? `:${t.column}` : ''}` : t.path;
    case 'image':
      return t.path !== undefined ? `${t.ref} ${t.path}` : t.ref;
    case 'container':
      return `container ${t.name}`;
    case 'service':
      return `service ${t.name}`;
    case 'task':
      return `task ${t.id}`;
    case 'network':
      return `network ${t.name}`;
    case 'node':
      return `node ${t.hostname}`;
    case 'host':
      return t.path !== undefined ? `host ${t.path}` : `host ${t.hostname ?? ''}`.trim();
    case 'engine':
      return `engine ${t.endpoint}`;
    case 'swarm':
      return 'swarm';
  }
}

/** The grouping key reporters use: the file, image, node… a finding belongs to. */
export function targetGroup(t: Target): string {
  switch (t.kind) {
    case 'file':
      return t.path;
    case 'image':
      return `image ${t.ref}`;
    default:
      return targetLabel(t);
  }
}

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** Stable order: group, then line, then severity, then id. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => {
    const g = targetGroup(a.target).localeCompare(targetGroup(b.target));
    if (g !== 0) return g;
    const la = a.target.kind === 'file' ? (a.target.line ?? 0) : 0;
    const lb = b.target.kind === 'file' ? (b.target.line ?? 0) : 0;
    if (la !== lb) return la - lb;
    const s = compareSeverity(a.severity, b.severity);
    if (s !== 0) return s;
    return a.id.localeCompare(b.id);
  });
}
