// The benchmark in the reader's language: remediations by CIS id and the steps of a `bench fix` plan (what each check
// saw is said by message id, src/bench/messages.ts, at the printer). Ids, verdicts, paths, rule lines and JSON keys
// stay as they are.
import { cisEntry, isCisVersion } from '../core/references/cis-docker.js';
import { JA_BENCH_REMEDIATION, JA_BENCH_REMEDIATION_IMPACT } from './ja/bench-remediations.js';
import { localizeNotes } from './notes.js';
import type { Message } from '../core/message.js';
import type { Locale } from './locale.js';
import { localizeMessage } from './user-errors.js';

/** What this file localizes of a benchmark result, a report and a fix step (src/bench/runner.ts, fix.ts). */
interface LocalizableResult {
  id: string;
  /** The requirement (src/core/references/cis-docker.ts): the key of the texts. */
  check?: string;
  remediation: string;
  remediationImpact?: string;
}
interface LocalizableReport<R extends LocalizableResult> {
  results: R[];
  notes: string[];
}
interface LocalizableStep {
  ids: string[];
  checks?: string[];
  kind: string;
  action: string;
  message?: Message;
}

/** The requirement recommendation `id` of CIS Docker Benchmark `version` states (1.6.0 ids are their own). */
export function cisRequirement(id: string, version?: string): string {
  const v = version !== undefined && isCisVersion(version) ? version : '1.6.0';
  return cisEntry(v, id)?.check ?? id;
}

/** The remediation of CIS requirement `check` in the locale; the English text when the locale has none. */
export function benchRemediation(check: string, english: string, locale: Locale): string {
  return locale === 'ja' ? (JA_BENCH_REMEDIATION[check] ?? english) : english;
}

function localizeResult<R extends LocalizableResult>(r: R, locale: Locale): R {
  const impact = r.remediationImpact;
  return {
    ...r,
    remediation: benchRemediation(r.check ?? r.id, r.remediation, locale),
    ...(impact !== undefined ? { remediationImpact: locale === 'ja' ? (JA_BENCH_REMEDIATION_IMPACT[impact] ?? impact) : impact } : {}),
  };
}

/** The report with the remediations and notes in the locale; ids, verdicts and details (messages by id) unchanged. */
export function localizeBenchReport<R extends LocalizableResult, T extends LocalizableReport<R>>(report: T, locale: Locale): T {
  return locale === 'en' ? report : { ...report, results: report.results.map((r) => localizeResult(r, locale)), notes: localizeNotes(report.notes, locale) };
}

/** One step's action in the locale: the plan's own steps by message id, the others by their requirement's remediation. */
function fixAction(step: LocalizableStep, locale: Exclude<Locale, 'en'>): string {
  if (step.message !== undefined) return localizeMessage(step.message, locale);
  const id = step.ids.length === 1 ? (step.checks?.[0] ?? step.ids[0]) : undefined;
  return id !== undefined ? benchRemediation(id, step.action, locale) : step.action;
}

export function localizeFixSteps<S extends LocalizableStep>(steps: readonly S[], locale: Locale): S[] {
  return locale === 'en' ? [...steps] : steps.map((s) => ({ ...s, action: fixAction(s, locale) }));
}
