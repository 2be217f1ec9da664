// Deploy policy: when a deployed service's image fails the threshold (or cannot be judged), stop it from
// running that image, and say so loudly. Enforcement acts only on what was judged: the service is inspected
// again first, and nothing is done when it no longer runs the judged digest (the caller judges what it runs
// now). A rollback goes only to a previous spec whose image has a clean verdict; otherwise a replicated
// service is scaled to 0, and a global service or a job is constrained to no node. Every update names the
// service version it read, so a deploy made in between makes the engine refuse it.
import type Docker from 'dockerode';
import { errorMessage } from '../core/errors.js';
import { inspectService, updateService } from '../engine/api.js';
import type { EngineServiceModel, ServiceSpecModel } from '../engine/models.js';
import { tryParseImageReference } from '../core/image-reference.js';

export type EnforceMode = 'rollback' | 'scale-zero';

/** A placement constraint no node can meet: a node ID is 25 lower-case letters and digits, never this. */
export const BLOCK_CONSTRAINT = 'node.id==swarmguard-blocked';

/** What the history says of an image reference: clean, failing, or never judged (or not pinned). */
export type ImageVerdict = 'clean' | 'failing' | 'unknown';

/** The state our own update leaves behind: the service version and the image it then runs. */
export interface EnforcedState {
  version: number;
  image: string | undefined;
}

export type EnforceAction = 'rolled-back' | 'scaled-to-zero' | 'constrained' | 'already-blocked' | 'moved' | 'none';

export interface EnforceResult {
  service: string;
  action: EnforceAction;
  detail: string;
  /** For `moved`: the service no longer runs the judged digest; this is what it runs now. */
  image?: string;
  leaves?: EnforcedState;
}

export interface EnforceOptions {
  mode: EnforceMode;
  /** The digest that was judged; the service must still run it. Absent when the image could not be judged at all. */
  judgedDigest?: string;
  /** The spec image (as inspected) that could not be judged: the service must still run it. */
  judgedImage?: string;
  verdictOf: (image: string) => Promise<ImageVerdict>;
}

/** The digest a spec image is pinned to, if any: the image the nodes run. */
export function pinnedDigest(image: string | undefined): string | undefined {
  return image ? tryParseImageReference(image)?.digest : undefined;
}

const imageOf = (spec: ServiceSpecModel | undefined): string | undefined => spec?.TaskTemplate.ContainerSpec.Image || undefined;

/** True when no task of the service can run: 0 replicas, or constrained to no node. */
function isBlocked(spec: ServiceSpecModel): boolean {
  if (spec.Mode.Replicated && (spec.Mode.Replicated.Replicas ?? 1) === 0) return true;
  return (spec.TaskTemplate.Placement?.Constraints ?? []).includes(BLOCK_CONSTRAINT);
}

/** The spec that keeps every task of the service off every node, and the word for it. */
function blockedSpec(spec: ServiceSpecModel): { spec: ServiceSpecModel; action: 'scaled-to-zero' | 'constrained'; how: string } {
  if (spec.Mode.Replicated) return { spec: { ...spec, Mode: { Replicated: { Replicas: 0 } } }, action: 'scaled-to-zero', how: 'scaled it to 0 replicas' };
  const placement = spec.TaskTemplate.Placement ?? { Constraints: [] };
  const kind = spec.Mode.Global ? 'global service' : 'job';
  return {
    spec: { ...spec, TaskTemplate: { ...spec.TaskTemplate, Placement: { ...placement, Constraints: [...(placement.Constraints ?? []), BLOCK_CONSTRAINT] } } },
    action: 'constrained',
    how: `constrained the ${kind} to no node (${BLOCK_CONSTRAINT})`,
  };
}

export async function enforceOnService(docker: Docker, serviceId: string, opts: EnforceOptions): Promise<EnforceResult> {
  let info: EngineServiceModel;
  try {
    info = await inspectService(docker, serviceId);
  } catch (e) {
    return { service: serviceId, action: 'none', detail: `cannot inspect the service: ${errorMessage(e)}` };
  }
  const name = info.Spec.Name;
  const current = imageOf(info.Spec);
  const still = opts.judgedDigest !== undefined ? pinnedDigest(current) === opts.judgedDigest : current === opts.judgedImage;
  if (!still) return { service: name, action: 'moved', detail: `${name} no longer runs the judged image`, ...(current ? { image: current } : {}) };
  if (isBlocked(info.Spec)) return { service: name, action: 'already-blocked', detail: `${name} already runs no task` };

  const update = async (query: Record<string, string>, body: ServiceSpecModel): Promise<EnforcedState> => {
    await updateService(docker, info.ID, info.Version.Index, body, query);
    const after = await inspectService(docker, info.ID);
    return { version: after.Version.Index, image: imageOf(after.Spec) };
  };

  let refused = '';
  if (opts.mode === 'rollback') {
    const previous = imageOf(info.PreviousSpec);
    const verdict = previous ? await opts.verdictOf(previous) : 'unknown';
    if (info.PreviousSpec && verdict === 'clean' && !isBlocked(info.PreviousSpec)) {
      const leaves = await update({ rollback: 'previous' }, info.Spec);
      return { service: name, action: 'rolled-back', detail: `rolled ${name} back to its previous spec (${previous}, judged clean)`, leaves };
    }
    refused = !info.PreviousSpec
      ? `${name} has no previous spec to roll back to`
      : `the previous spec's image ${previous ?? '(none)'} ${verdict === 'failing' ? 'fails the policy too' : 'has no clean verdict'}`;
  }
  const blocked = blockedSpec(info.Spec);
  const leaves = await update({}, blocked.spec);
  return { service: name, action: blocked.action, detail: refused ? `${refused}: ${blocked.how}` : `${name}: ${blocked.how}`, leaves };
}
