// What a compose lint rule is: metadata beside a pure check over the loaded model.
import { defineCheck, type Check, type Occurrence } from '../../core/check.js';
import type { Evidence, RuleMeta, Target } from '../../core/finding.js';
import type { Severity } from '../../core/severity.js';
import type { ComposeModel, ComposePath, LoadedCompose, ServiceModel } from '../model.js';

export interface RuleContext {
  model: ComposeModel;
  loaded: LoadedCompose;
}

/** A compose rule is the one check shape over the loaded model. */
export type ComposeRule = Check<RuleContext>;

export const defineRule: (meta: RuleMeta, evaluate: (ctx: RuleContext) => Occurrence[]) => ComposeRule = defineCheck;

export interface OccurrenceExtra {
  evidence?: Evidence;
  /** Overrides the rule's default severity for this occurrence. */
  severity?: Severity;
  /** Overrides the position (e.g. a line in an env_file). */
  target?: Target;
  remediation?: string;
}

/** An occurrence at a path of the compose model, positioned at the line the YAML loader kept for it. */
export function report(ctx: RuleContext, path: ComposePath, message: string, extra: OccurrenceExtra = {}): Occurrence {
  return { ...extra, target: extra.target ?? ctx.loaded.target(path), message };
}

export function services(ctx: RuleContext): ServiceModel[] {
  return Object.values(ctx.model.services);
}

/** True when the service's key was written in the file (after merging). */
export function has(svc: ServiceModel, key: string): boolean {
  return svc.keys.includes(key);
}

export const docs = (url: string, title?: string) => ({ type: 'docs' as const, id: url, url, ...(title ? { title } : {}) });
