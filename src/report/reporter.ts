// The reporter interface: findings in, a document out. Reporters never know which check made a finding.
import type { Finding, RuleMeta } from '../core/finding.js';
import type { Styler } from '../core/style.js';

export interface ReportContext {
  /** e.g. "compose lint", "bench". */
  command: string;
  toolVersion: string;
  styler: Styler;
  /** Metadata of every rule that ran (SARIF lists rules even without results). */
  rules?: RuleMeta[];
  /** What was examined, for the summary ("2 files", "image nginx:1.25"). */
  scanned?: string[];
  /** Base directory for relative artifact URIs in SARIF. */
  cwd?: string;
  /** Non-fatal notes to show (e.g. options Swarm ignores, parts not checked). */
  notes?: string[];
  /** A score the command computes (audit). */
  score?: number;
  /** Whether every part was checked (image scan: advisories for each target); `uncovered` names the parts that were not. */
  coverage?: { covered: boolean; uncovered: string[] };
}

export interface Reporter {
  id: string;
  description: string;
  render(findings: readonly Finding[], ctx: ReportContext): string;
}
