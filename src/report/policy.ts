// The outcome of `policy check` as a table, JSON or SARIF (failed and unknown rules as results).
import type { Finding, RuleMeta } from '../core/finding.js';
import type { Styler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import type { Message } from '../core/message.js';
import { currentLocale, type Locale } from '../i18n/locale.js';
import { localizeMessage } from '../i18n/user-errors.js';
import { ruleTitle, type PolicyResult, type RuleResult } from '../policy/evaluate.js';
import { policyMessages as M } from '../policy/messages.js';

function outcomeCell(r: RuleResult, s: Styler, say: (m: Message) => string): string {
  if (r.outcome === 'pass') return s.green(say(M.say('policy.outcome.pass')));
  if (r.outcome === 'unknown') return s.yellow(say(M.say('policy.outcome.unknown')));
  return r.level === 'fail' ? s.red(s.bold(say(M.say('policy.outcome.fail')))) : s.yellow(say(M.say('policy.outcome.warn')));
}

/**
 * The results as tables, in the reader's language by message id: the headings, outcomes, rule titles (after the
 * rule's id, which is what a policy file names) and evidence; names, versions and paths as they are.
 */
export function renderPolicyTable(results: readonly PolicyResult[], s: Styler, locale: Locale = currentLocale()): string {
  const say = (m: Message): string => localizeMessage(m, locale);
  const rule = (r: RuleResult): string => (locale === 'en' ? r.rule : `${r.rule} ${say(ruleTitle(r.rule))}`);
  const out: string[] = [];
  for (const p of results) {
    const who = p.service !== undefined ? say(M.say('policy.who.service', { service: s.bold(p.service), image: p.image })) : s.bold(p.image);
    const verdict = M.say(p.passed ? 'policy.verdict.passes' : 'policy.verdict.fails', { who, policy: p.policy });
    out.push(p.passed ? say(verdict) : s.red(say(verdict)));
    out.push('');
    out.push(
      renderTable(
        [say(M.say('policy.table.rule')), say(M.say('policy.table.result')), say(M.say('policy.table.evidence'))],
        p.results.map((r) => [rule(r), outcomeCell(r, s, say), r.said[0] ? say(r.said[0]) : '']),
      ),
    );
    const more = p.results.filter((r) => r.outcome !== 'pass' && r.said.length > 1);
    for (const r of more) {
      out.push('');
      out.push(`${rule(r)}:`);
      for (const e of r.said) out.push(`  ${say(e)}`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function renderPolicyJson(results: readonly PolicyResult[]): string {
  // The evidence in English; the messages it was said with are for the table.
  const images = results.map((p) => ({ ...p, results: p.results.map(({ said: _said, ...r }) => r) }));
  return `${JSON.stringify({ passed: results.every((r) => r.passed), images }, null, 2)}\n`;
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

/** The rules of a policy as SARIF lists them (every rule that ran, with or without a result). */
export function policyRules(results: readonly PolicyResult[]): RuleMeta[] {
  return (results[0]?.results ?? []).map((r) => ({
    id: `policy/${r.rule}`,
    title: r.title,
    severity: r.level === 'fail' ? 'HIGH' : 'LOW',
    description: r.title,
    remediation: 'see the evidence',
    references: [],
  }));
}
