// The benchmark in the reader's language: remediations by CIS id, what each check saw, and the steps of a
// `bench fix` plan. Ids, verdicts, paths, rule lines and JSON keys stay as they are.
import { cisEntry, isCisVersion } from '../core/references/cis-docker.js';
import { jaBenchDetail } from './ja/bench-details.js';
import { JA_BENCH_REMEDIATION, JA_BENCH_REMEDIATION_IMPACT } from './ja/bench-remediations.js';
import { localizeNotes } from './notes.js';
import type { Locale } from './locale.js';

/** What this file localizes of a benchmark result, a report and a fix step (src/bench/runner.ts, fix.ts). */
interface LocalizableResult {
  id: string;
  /** The requirement (src/core/references/cis-docker.ts): the key of the texts. */
  check?: string;
  details: string[];
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

export function benchDetail(detail: string, locale: Locale): string {
  return locale === 'ja' ? jaBenchDetail(detail) : detail;
}

function localizeResult<R extends LocalizableResult>(r: R, locale: Locale): R {
  const impact = r.remediationImpact;
  return {
    ...r,
    details: r.details.map((d) => benchDetail(d, locale)),
    remediation: benchRemediation(r.check ?? r.id, r.remediation, locale),
    ...(impact !== undefined ? { remediationImpact: locale === 'ja' ? (JA_BENCH_REMEDIATION_IMPACT[impact] ?? impact) : impact } : {}),
  };
}

/** The report with every text a person reads (remediations, details) in the locale; ids and verdicts unchanged. */
export function localizeBenchReport<R extends LocalizableResult, T extends LocalizableReport<R>>(report: T, locale: Locale): T {
  return locale === 'en' ? report : { ...report, results: report.results.map((r) => localizeResult(r, locale)), notes: localizeNotes(report.notes, locale) };
}

// The plan's own sentences (src/bench/fix.ts), with what they name put back as it is.
const AUDIT_STEP =
  /^write (\S+):\n((?: {4}.*\n?)+?)\s*plus the same for the real file behind each symlink \(readlink -f\) and any loaded rule no file persists; then `augenrules --load` {2}\(--apply audit\)$/;
const DAEMON_STEP = /^merge into (\S+): (.+); restart dockerd {2}\(--apply daemon\)$/;
const FLAG_STEP =
  /^dockerd is started with (\S+), so daemon.json must not set "([^"]+)" \(dockerd would refuse to start\): change it to (\S+) in dockerd's command line \(`systemctl edit docker.service`, ExecStart=\) and restart dockerd$/;

/** One step's action in Japanese: the audit, daemon.json and flag steps by their shape, the others by CIS id. */
function jaFixAction(step: LocalizableStep): string {
  let m: RegExpExecArray | null;
  if (step.kind === 'audit' && (m = AUDIT_STEP.exec(step.action))) {
    return `${m[1]} に書き込みます:\n${m[2]?.trimEnd()}\n  シンボリックリンクの先の実体（readlink -f）と、ファイルに残っていない読み込み済みのルールも同様に書き、\`augenrules --load\` で読み込みます  (--apply audit)`;
  }
  if (step.kind === 'daemon' && (m = DAEMON_STEP.exec(step.action))) {
    return `${m[1]} に ${m[2]} をマージし、dockerd を再起動します  (--apply daemon)`;
  }
  if (step.kind === 'manual' && (m = FLAG_STEP.exec(step.action))) {
    return `dockerd は ${m[1]} 付きで起動しているため、daemon.json に "${m[2]}" を書いてはいけません（dockerd が起動しなくなります）。dockerd のコマンドライン（\`systemctl edit docker.service\` の ExecStart=）で ${m[3]} に変えて、dockerd を再起動してください`;
  }
  const id = step.ids.length === 1 ? (step.checks?.[0] ?? step.ids[0]) : undefined;
  return id !== undefined ? (JA_BENCH_REMEDIATION[id] ?? step.action) : step.action;
}

export function localizeFixSteps<S extends LocalizableStep>(steps: readonly S[], locale: Locale): S[] {
  return locale === 'en' ? [...steps] : steps.map((s) => ({ ...s, action: jaFixAction(s) }));
}
