// What a compose lint rule is: metadata beside a pure check over the loaded model.
import type { Evidence, Finding, RuleMeta, Target } from '../../core/finding.js';
import type { Identified } from '../../core/registry.js';
import type { Severity } from '../../core/severity.js';
import type { ComposeModel, ComposePath, LoadedCompose, ServiceModel } from '../model.js';

export interface RuleContext {
  model: ComposeModel;
  loaded: LoadedCompose;
}

export interface ComposeRule extends Identified {
  meta: RuleMeta;
  check(ctx: RuleContext): Finding[];
}

export function defineRule(meta: RuleMeta, check: (ctx: RuleContext) => Finding[]): ComposeRule {
  return { id: meta.id, meta, check };
}

export interface FindingExtra {
  evidence?: Evidence;
  /** Overrides the rule's default severity for this occurrence. */
  severity?: Severity;
  /** Overrides the position (e.g. a line in an env_file). */
  target?: Target;
  remediation?: string;
}

export function report(meta: RuleMeta, ctx: RuleContext, path: ComposePath, message: string, extra: FindingExtra = {}): Finding {
  return {
    id: meta.id,
    title: meta.title,
    severity: extra.severity ?? meta.severity,
    category: 'compose',
    target: extra.target ?? ctx.loaded.target(path),
    message,
    ...(extra.evidence ? { evidence: extra.evidence } : {}),
    remediation: extra.remediation ?? meta.remediation,
    references: meta.references,
    ...(meta.fixable ? { fixable: true } : {}),
  };
}

export function services(ctx: RuleContext): ServiceModel[] {
  return Object.values(ctx.model.services);
}

/** True when the service's key was written in the file (after merging). */
export function has(svc: ServiceModel, key: string): boolean {
  return svc.keys.includes(key);
}

export const docs = (url: string, title?: string) => ({ type: 'docs' as const, id: url, url, ...(title ? { title } : {}) });
