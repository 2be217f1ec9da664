// A stack under the policy, service by service: each service's image (read once however many services run it) with
// the service's own settings that override the image's for a rule: `user:` (non-root-user) and `healthcheck:`
// (healthcheck). Services come from a compose file (the one compose loader) or from a deployed stack's specs.
import { errorMessage } from '../core/errors.js';
import type { Target } from '../core/finding.js';
import type { LoadedCompose } from '../compose/model.js';
import type { EngineServiceModel } from '../engine/models.js';
import { rawMessage, type Message } from '../core/message.js';
import { evaluatePolicy, ruleResult, type PolicyFacts, type PolicyResult, type ServiceOverrides } from './evaluate.js';
import { policyMessages as M } from './messages.js';
import type { Policy } from './policy.js';

export interface StackService {
  name: string;
  /** The image as the service names it; undefined when it names none (a build-only compose service). */
  image?: string;
  overrides: ServiceOverrides;
  /** Where the service is: its compose file line, or the swarm service. */
  target: Target;
}

/** Compose `healthcheck:` as the engine's Test list: a string runs in the shell, `disable: true` is NONE. */
function composeHealthcheck(h: NonNullable<LoadedCompose['model']['services'][string]['healthcheck']>): string[] | undefined {
  if (h.disable) return ['NONE'];
  if (h.test === undefined) return undefined;
  return typeof h.test === 'string' ? ['CMD-SHELL', h.test] : [...h.test];
}

/** The services of a loaded compose file (after merge and interpolation), in name order. */
export function composeServices(loaded: LoadedCompose): StackService[] {
  return Object.entries(loaded.model.services)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, s]) => {
      const hc = s.healthcheck ? composeHealthcheck(s.healthcheck) : undefined;
      return {
        name,
        ...(s.image !== undefined && s.image !== '' ? { image: s.image } : {}),
        overrides: { ...(s.user !== undefined && s.user !== '' ? { user: s.user } : {}), ...(hc ? { healthcheck: hc } : {}) },
        target: loaded.target(['services', name, s.image !== undefined ? 'image' : 'build']),
      };
    });
}

/** The services of a deployed stack, from their specs, in name order. */
export function swarmServices(stack: string, services: readonly EngineServiceModel[]): StackService[] {
  return [...services]
    .sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name))
    .map((s) => {
      const c = s.Spec.TaskTemplate.ContainerSpec;
      const test = c.Healthcheck?.Test;
      return {
        name: s.Spec.Name,
        ...(c.Image !== '' ? { image: c.Image } : {}),
        overrides: { ...(c.User !== '' ? { user: c.User } : {}), ...(test && test.length > 0 ? { healthcheck: test } : {}) },
        target: { kind: 'service', name: s.Spec.Name, id: s.ID, stack },
      };
    });
}

/** The images to read, once each: a digest-pinned reference and its tag-only twin are two reads (they may differ). */
export function distinctImages(services: readonly StackService[]): string[] {
  return [...new Set(services.flatMap((s) => (s.image !== undefined ? [s.image] : [])))];
}

/** Each service's result: the image's facts read once, the service's overrides on top; an unreadable image fails. */
export async function checkServices(
  services: readonly StackService[],
  policy: Policy,
  collect: (ref: string) => Promise<PolicyFacts>,
): Promise<PolicyResult[]> {
  const facts = new Map<string, Promise<PolicyFacts>>();
  for (const image of distinctImages(services)) {
    const p = collect(image);
    p.catch(() => undefined); // awaited below, per service
    facts.set(image, p);
  }
  const out: PolicyResult[] = [];
  for (const s of services) {
    let why: Message;
    if (s.image === undefined) why = M.say('policy.evidence.noImage');
    else {
      try {
        const f = await facts.get(s.image)!;
        out.push(evaluatePolicy(policy, { ...f, service: { name: s.name, overrides: s.overrides, target: s.target } }));
        continue;
      } catch (e) {
        why = M.say('policy.evidence.unreadable', { error: rawMessage(errorMessage(e)) });
      }
    }
    // Not judged is not passed.
    out.push({
      image: s.image ?? '(none)',
      service: s.name,
      target: s.target,
      policy: policy.name,
      passed: false,
      results: policy.rules.map((r) => ruleResult(r, 'unknown', [why])),
    });
  }
  return out;
}
