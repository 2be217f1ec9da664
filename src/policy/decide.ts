// The one decision the gate (watch --enforce), CI (policy check) and serve share: does this image meet the policy?
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

/**
 * Loads the policy file now (a bad file stops the command at start, not at the first deploy) and returns the
 * decision for an image the engine has.
 */
export function policyDecider(policyFile: string | undefined, dbPath: string): (ref: string) => Promise<PolicyDecision> {
  const policy = loadPolicy(policyFile);
  return async (ref) => {
    const result = evaluatePolicy(policy, await collectPolicyFacts(ref, policy, { dbPath }));
    return { passed: result.passed, why: failureSummary(result), result };
  };
}
