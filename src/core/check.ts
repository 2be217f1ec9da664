// The one shape of a rule or check (compose rules, image lint, network, swarm audit, host tips, the benchmark):
// metadata beside a pure evaluation of collected facts. The engine builds every Finding, as ESLint does from rule meta,
// so id, title, references and the default remediation come from the metadata alone.
import type { Evidence, Finding, RuleMeta, Target } from './finding.js';
import { english, isMessage, type Message, type SaidMessages } from './message.js';
import type { Identified } from './registry.js';
import type { Severity, Verdict } from './severity.js';

/** What one evaluation found at one place. Everything a finding says about the rule itself comes from the metadata. */
export interface Occurrence {
  target: Target;
  /** What is wrong here, in this occurrence: said by id (the finding keeps the message and its English), or in English. */
  message: string | Message;
  evidence?: Evidence;
  /** Overrides the check's default severity for this occurrence (e.g. INFO when a fact could not be read). */
  severity?: Severity;
  /** A remediation written for this occurrence (e.g. naming the network to recreate), by id or in English. */
  remediation?: string | Message;
  items?: string[];
  /** Benchmark checks state a verdict. */
  verdict?: Verdict;
  /**
   * Messages the finding keeps besides those of `message` and `remediation`: evidence values said from messages (a
   * probe's cause), keyed as in `evidence`; a benchmark WARN's `message` is what its check saw (see benchFindings).
   */
  said?: Pick<SaidMessages, 'message' | 'evidence'>;
}

/** A rule or check: its metadata, and a pure function from facts to what it found (occurrences, or a verdict). */
export interface Check<F, R = Occurrence[]> extends Identified {
  readonly meta: Readonly<RuleMeta>;
  evaluate(facts: F): R;
}

/** Declares a check; the metadata is frozen so no caller can change what every finding of it says. */
export function defineCheck<F>(meta: RuleMeta, evaluate: (facts: F) => Occurrence[]): Check<F> {
  return { id: meta.id, meta: freezeMeta(meta), evaluate };
}

export function freezeMeta(meta: RuleMeta): Readonly<RuleMeta> {
  for (const r of meta.references) Object.freeze(r);
  Object.freeze(meta.references);
  return Object.freeze(meta);
}

/**
 * The finding for one occurrence of a check. Only the occurrence's own fields are read from it, so an occurrence
 * cannot change the id, title or references; each finding gets its own copy of the reference list.
 */
export function findingOf(meta: Readonly<RuleMeta>, o: Occurrence, category: string): Finding {
  const said = saidOfOccurrence(o);
  return {
    id: meta.id,
    title: meta.title,
    severity: o.severity ?? meta.severity,
    ...(o.verdict !== undefined ? { verdict: o.verdict } : {}),
    category,
    target: o.target,
    message: textOf(o.message),
    ...(o.evidence !== undefined ? { evidence: o.evidence } : {}),
    remediation: o.remediation !== undefined ? textOf(o.remediation) : meta.remediation,
    references: meta.references.map((r) => ({ ...r })),
    ...(o.items !== undefined ? { items: o.items } : {}),
    ...(meta.fixable === true ? { fixable: true } : {}),
    ...(said !== undefined ? { said } : {}),
  };
}

const textOf = (v: string | Message): string => (typeof v === 'string' ? v : english(v));

/** The messages an occurrence was said with, as the finding keeps them: its message, remediation and evidence values. */
function saidOfOccurrence(o: Occurrence): SaidMessages | undefined {
  const evidence = o.said?.evidence ?? {};
  const said: SaidMessages = {
    ...(isMessage(o.message) ? { message: o.message } : o.said?.message !== undefined ? { message: o.said.message } : {}),
    ...(o.remediation !== undefined && isMessage(o.remediation) ? { remediation: o.remediation } : {}),
    ...(Object.keys(evidence).length > 0 ? { evidence } : {}),
  };
  return Object.keys(said).length > 0 ? said : undefined;
}

/** Runs each check over the same facts and builds the findings, in check order then occurrence order. */
export function runChecks<F>(checks: readonly Check<F>[], facts: F, options: { category: string }): Finding[] {
  return checks.flatMap((c) => c.evaluate(facts).map((o) => findingOf(c.meta, o, options.category)));
}

/** The metadata of each check, for SARIF's rule list and `rules` listings. */
export function metasOf(checks: readonly Check<unknown, unknown>[]): RuleMeta[] {
  return checks.map((c) => c.meta);
}
