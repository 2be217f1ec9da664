// The one decision the gate (watch --enforce), CI (policy check) and serve share: does this image meet the policy?
import { tryParseImageReference } from '../core/image-reference.js';
import { evaluatePolicy, type PolicyResult } from './evaluate.js';
import { collectPolicyFacts } from './facts.js';
import { loadPolicy } from './policy.js';

export interface PolicyDecision {
  passed: boolean;
  /** The failed rules of level fail, with their first piece of evidence: what a log line or alert says. */
  why: string;
  result: PolicyResult;
}

/** Why a result failed, in one line. */
export function failureSummary(result: PolicyResult): string {
  return result.results
    .filter((r) => r.outcome === 'fail' && r.level === 'fail')
    .map((r) => `${r.rule} (${r.evidence[0] ?? ''})`)
    .join('; ');
}

/** Decisions on one digest kept this long: a push notified twice, or a deploy and its rollback check, read the image once. */
const REUSE_MS = 60_000;
const MAX_KEPT = 256;

/**
 * Loads the policy file now (a bad file stops the command at start, not at the first deploy) and returns the
 * decision for an image the engine has. A reference pinned by digest names the same bytes every time: its decision
 * is reused for a minute (a failed evaluation is not kept), so a database update counts from the next minute on.
 */
export function policyDecider(
  policyFile: string | undefined,
  dbPath: string,
  options: { now?: () => number; collect?: typeof collectPolicyFacts } = {},
): (ref: string) => Promise<PolicyDecision> {
  const policy = loadPolicy(policyFile);
  const now = options.now ?? Date.now;
  const collect = options.collect ?? collectPolicyFacts;
  const kept = new Map<string, { at: number; decision: Promise<PolicyDecision> }>();
  const decide = async (ref: string): Promise<PolicyDecision> => {
    const result = evaluatePolicy(policy, await collect(ref, policy, { dbPath }));
    return { passed: result.passed, why: failureSummary(result), result };
  };
  return (ref) => {
    if (tryParseImageReference(ref)?.digest === undefined) return decide(ref);
    const hit = kept.get(ref);
    if (hit && now() - hit.at < REUSE_MS) return hit.decision;
    const decision = decide(ref);
    kept.delete(ref);
    kept.set(ref, { at: now(), decision });
    if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
    decision.catch(() => {
      if (kept.get(ref)?.decision === decision) kept.delete(ref);
    });
    return decision;
  };
}
