// The outcome of `policy check` as a table, JSON or SARIF (failed and unknown rules as results).
import type { Finding } from '../core/finding.js';
import type { Styler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import { getReporter } from '../report/index.js';
import type { PolicyResult, RuleResult } from './evaluate.js';

function outcomeCell(r: RuleResult, s: Styler): string {
  if (r.outcome === 'pass') return s.green('pass');
  if (r.outcome === 'unknown') return s.yellow('unknown');
  return r.level === 'fail' ? s.red(s.bold('FAIL')) : s.yellow('warn');
}

export function renderPolicyTable(results: readonly PolicyResult[], s: Styler): string {
  const out: string[] = [];
  for (const p of results) {
    const who = p.service !== undefined ? `service ${s.bold(p.service)} (${p.image})` : s.bold(p.image);
    out.push(`${who}: ${p.passed ? s.green('passes') : s.red(s.bold('fails'))} the policy "${p.policy}"`);
    out.push('');
    out.push(
      renderTable(
        ['RULE', 'RESULT', 'EVIDENCE'],
        p.results.map((r) => [r.rule, outcomeCell(r, s), r.evidence[0] ?? '']),
      ),
    );
    const more = p.results.filter((r) => r.outcome !== 'pass' && r.evidence.length > 1);
    for (const r of more) {
      out.push('');
      out.push(`${r.rule}:`);
      for (const e of r.evidence) out.push(`  ${e}`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function renderPolicyJson(results: readonly PolicyResult[]): string {
  return `${JSON.stringify({ passed: results.every((r) => r.passed), images: results }, null, 2)}\n`;
}

/** Failed rules as error (level fail) or warning results, unknown ones as notes; passing rules are listed as rules. */
export function policyFindings(results: readonly PolicyResult[]): Finding[] {
  return results.flatMap((p) =>
    p.results
      .filter((r) => r.outcome !== 'pass')
      .map((r): Finding => ({
        id: `policy/${r.rule}`,
        title: r.title,
        severity: r.outcome === 'unknown' ? 'INFO' : r.level === 'fail' ? 'HIGH' : 'LOW',
        category: 'policy',
        target: p.target ?? { kind: 'image', ref: p.image },
        message: `${r.title}: ${r.outcome === 'unknown' ? 'could not be decided' : 'not met'} — ${r.evidence.join('; ')}`,
        evidence: { outcome: r.outcome, level: r.level, policy: p.policy, image: p.image, ...(p.service !== undefined ? { service: p.service } : {}) },
        references: [],
        items: r.evidence,
      })),
  );
}

export function renderPolicySarif(results: readonly PolicyResult[], toolVersion: string, styler: Styler): string {
  return getReporter('sarif').render(policyFindings(results), {
    command: 'policy check',
    toolVersion,
    styler,
    scanned: results.map((r) => r.image),
    rules: (results[0]?.results ?? []).map((r) => ({
      id: `policy/${r.rule}`,
      title: r.title,
      severity: r.level === 'fail' ? 'HIGH' : 'LOW',
      description: r.title,
      remediation: 'see the evidence',
      references: [],
    })),
  });
}
