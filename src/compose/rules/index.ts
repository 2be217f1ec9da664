// The compose lint rule registry and the engine that runs the selected rules over a loaded stack.
import { metasOf, runChecks } from '../../core/check.js';
import { UserError } from '../../core/errors.js';
import type { Finding, RuleMeta } from '../../core/finding.js';
import { Registry } from '../../core/registry.js';
import type { LoadedCompose } from '../model.js';
import { applyWaivers, readWaivers, type Waiver } from '../waivers.js';
import { capabilitiesNotDropped } from './capabilities-not-dropped.js';
import { dangerousCapability } from './dangerous-capability.js';
import { dockerSocketMount } from './docker-socket-mount.js';
import { hostNamespace } from './host-namespace.js';
import { imageNotPinned } from './image-not-pinned.js';
import { noHealthcheck } from './no-healthcheck.js';
import { noResourceLimits } from './no-resource-limits.js';
import { notReadOnly } from './not-read-only.js';
import { overlayNotEncrypted } from './overlay-not-encrypted.js';
import { portHostMode, portIngressPublished } from './published-port.js';
import { restartPolicyUnbounded } from './restart-policy-unbounded.js';
import type { ComposeRule } from './rule.js';
import { secretInEnvironment } from './secret-in-environment.js';
import { sensitiveHostPath } from './sensitive-host-path.js';
import { stackDeployRefuses } from './stack-deploy-refuses.js';
import { swarmIgnoredOption } from './swarm-ignored-option.js';
import { userRoot } from './user-root.js';
import { composeMessages as R } from '../messages.js';

export const composeRules = new Registry<ComposeRule>('compose rule').register(
  stackDeployRefuses,
  overlayNotEncrypted,
  secretInEnvironment,
  dockerSocketMount,
  sensitiveHostPath,
  hostNamespace,
  swarmIgnoredOption,
  dangerousCapability,
  capabilitiesNotDropped,
  userRoot,
  noResourceLimits,
  noHealthcheck,
  notReadOnly,
  imageNotPinned,
  portIngressPublished,
  portHostMode,
  restartPolicyUnbounded,
);

export interface RuleSelection {
  /** Run only these rule ids (empty or absent: all). */
  only?: string[];
  skip?: string[];
}

/** Resolves --rule/--skip-rule ids, refusing unknown ones so a typo does not silently disable a rule. */
export function selectRules(sel: RuleSelection = {}): ComposeRule[] {
  for (const [flag, ids] of [
    ['--rule', sel.only ?? []],
    ['--skip-rule', sel.skip ?? []],
  ] as const) {
    for (const id of ids) {
      if (!composeRules.has(id)) {
        throw new UserError(R.say('compose.rules.unknown', { flag, id }), { hint: R.say('compose.rules.unknown.hint') });
      }
    }
  }
  const only = new Set(sel.only ?? []);
  const skip = new Set(sel.skip ?? []);
  return composeRules.all().filter((r) => (only.size === 0 || only.has(r.id)) && !skip.has(r.id));
}

/**
 * The rules' findings, with the file's own waivers (x-swarmguard) applied: a waived finding is kept and marked,
 * and `unused` names the waivers of the rules run that matched nothing. A malformed waiver is refused.
 */
export function lintCompose(loaded: LoadedCompose, rules: readonly ComposeRule[] = composeRules.all()): { findings: Finding[]; unused: Waiver[] } {
  const waivers = readWaivers(
    loaded,
    composeRules.all().map((r) => r.meta.id),
  );
  const { findings, unused } = applyWaivers(runChecks(rules, { model: loaded.model, loaded }, { category: 'compose' }), waivers);
  const ran = new Set(rules.map((r) => r.meta.id));
  return { findings, unused: unused.filter((w) => ran.has(w.rule)) };
}

/** The rules' findings, waivers applied (lintCompose). */
export function runRules(loaded: LoadedCompose, rules: readonly ComposeRule[] = composeRules.all()): Finding[] {
  return lintCompose(loaded, rules).findings;
}

export function ruleMetas(rules: readonly ComposeRule[] = composeRules.all()): RuleMeta[] {
  return metasOf(rules);
}

export type { ComposeRule, RuleContext } from './rule.js';
