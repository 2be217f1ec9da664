// What a compose lint rule is: metadata beside a pure check over the loaded model.
import { defineCheck, type Check, type Occurrence } from '../../core/check.js';
import type { Evidence, RuleMeta, Target } from '../../core/finding.js';
import type { Message } from '../../core/message.js';
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

/** An occurrence at a path of the compose model, positioned at the line the YAML loader kept for it; its message is said by id. */
export function report(ctx: RuleContext, path: ComposePath, message: Message, extra: OccurrenceExtra = {}): Occurrence {
  return { ...extra, target: extra.target ?? ctx.loaded.target(path), message };
}

export function services(ctx: RuleContext): ServiceModel[] {
  return Object.values(ctx.model.services);
}

/** What a rule found in one service: where below `services.<name>` (nothing: the service itself) and what it says, by id. */
export interface ServiceOccurrence extends OccurrenceExtra {
  at?: ComposePath;
  message: Message;
}

/**
 * A rule that looks at each service alone: `check` returns what it found in one service (nothing, one, or several).
 * Each occurrence is positioned below the service and its evidence names the service first.
 */
export function defineServiceRule(
  meta: RuleMeta,
  check: (svc: ServiceModel, ctx: RuleContext) => ServiceOccurrence | Iterable<ServiceOccurrence> | undefined,
): ComposeRule {
  return defineRule(meta, (ctx) =>
    services(ctx).flatMap((svc) => {
      const found = check(svc, ctx) ?? [];
      return ('message' in found ? [found] : [...found]).map(({ at = [], message, evidence, ...extra }) =>
        report(ctx, ['services', svc.name, ...at], message, { ...extra, evidence: { service: svc.name, ...evidence } }),
      );
    }),
  );
}

/** True when the service's key was written in the file (after merging). */
export function has(svc: ServiceModel, key: string): boolean {
  return svc.keys.includes(key);
}

export const docs = (url: string, title?: string) => ({ type: 'docs' as const, id: url, url, ...(title ? { title } : {}) });
