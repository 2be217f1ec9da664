// Maps the severity words feeds use (Debian urgency, GHSA "MODERATE", …) to our Severity.
import type { Severity } from '../core/severity.js';

/**
 * Debian urgency: the tracker appends "*" / "**" when the value came from NVD or was guessed.
 * "unimportant" is LOW (as trivy reports it); "end-of-life" and "not yet assigned" carry no rating.
 */
export function debianUrgency(urgency: string | undefined): Severity | undefined {
  if (urgency === undefined) return undefined;
  const u = urgency.replace(/\*+$/, '').trim().toLowerCase();
  switch (u) {
    case 'unimportant':
    case 'low':
      return 'LOW';
    case 'medium':
      return 'MEDIUM';
    case 'high':
      return 'HIGH';
    default:
      return undefined;
  }
}

/** GHSA / OSV database_specific.severity and similar words. */
export function severityWord(word: unknown): Severity | undefined {
  if (typeof word !== 'string') return undefined;
  switch (word.trim().toUpperCase()) {
    case 'CRITICAL':
      return 'CRITICAL';
    case 'HIGH':
    case 'IMPORTANT':
      return 'HIGH';
    case 'MODERATE':
    case 'MEDIUM':
      return 'MEDIUM';
    case 'LOW':
    case 'NEGLIGIBLE':
      return 'LOW';
    default:
      return undefined;
  }
}
