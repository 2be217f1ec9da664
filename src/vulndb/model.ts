// The advisory records importers produce and the store keeps: one shape for every feed.
import type { VersionRange } from '../versions/index.js';

/** What an affected entry says about a package in a namespace. */
export type AffectedStatus = 'fixed' | 'affected' | 'will-not-fix' | 'not-affected';

export interface CvssEntry {
  /** "CVSS:3.1/AV:N/…" or a v2 vector. */
  vector: string;
  /** "3.1", "3.0", "2.0", "4.0". */
  version: string;
  /** Base score: as published, else computed from the vector (v2, v3.x, v4.0). */
  score?: number;
  /** Who published the vector (the feed or database; for NVD the submitter, e.g. "nvd@nist.gov"). */
  source?: string;
  /** NVD: "Primary" (NVD's own analysis) or "Secondary" (a CNA's). */
  type?: 'Primary' | 'Secondary';
  /** The base severity as published ("HIGH"), when the source gives one. */
  severity?: string;
}

export interface AdvisoryReference {
  type: string;
  url: string;
}

export interface Advisory {
  /** As the feed names it: "CVE-2023-1234", "PYSEC-2023-192", "GHSA-…". */
  id: string;
  aliases: string[];
  summary?: string;
  details?: string;
  /** Vendor severity already mapped to ours, with where it came from. */
  severity?: string;
  severitySource?: string;
  cvss: CvssEntry[];
  published?: string;
  modified?: string;
  references: AdvisoryReference[];
  /** ISO time when the advisory was withdrawn; the matcher skips withdrawn advisories. */
  withdrawn?: string;
}

export interface AffectedEntry {
  /** "debian:12", "alpine:v3.19", "ubuntu:22.04", "npm", "pypi". */
  namespace: string;
  /** Normalised package name: Debian source package, Alpine origin, PEP 503 name for PyPI. */
  package: string;
  /** Version scheme id from src/versions: dpkg, apk, rpm, semver, pep440. */
  scheme: string;
  status: AffectedStatus;
  /** The version set that is affected. */
  range: VersionRange;
  /** Fixed versions for display ("1.26.17, 2.0.6"); empty when there is no fix. */
  fixedVersions: string[];
  /** Per-namespace vendor severity (Debian urgency), already mapped. */
  severity?: string;
  severitySource?: string;
}

/** One advisory with the packages it affects, as an importer emits it. */
export interface AdvisoryRecord {
  advisory: Advisory;
  affected: AffectedEntry[];
}
