// Deploy policy: when a newly deployed service's image fails the threshold, roll it back to the spec
// Swarm kept (PreviousSpec) or scale it to zero, and say so loudly.
import type Docker from 'dockerode';
import { errorMessage } from '../core/errors.js';
import { inspectService, updateService } from '../engine/api.js';
import type { EngineServiceModel } from '../engine/models.js';

export type EnforceMode = 'rollback' | 'scale-zero';

/** The spec our own update leaves behind: the events it causes are ours, not a new deploy. */
export interface EnforcedState {
  image: string | undefined;
  /** Set for scale-to-zero: a later change of the replica count is a new deploy. */
  replicas?: number;
}

export interface EnforceResult {
  service: string;
  action: 'rolled-back' | 'scaled-to-zero' | 'none';
  detail: string;
  leaves?: EnforcedState;
}

export async function enforceOnService(docker: Docker, serviceId: string, mode: EnforceMode): Promise<EnforceResult> {
  let info: EngineServiceModel;
  try {
    info = await inspectService(docker, serviceId);
  } catch (e) {
    return { service: serviceId, action: 'none', detail: `cannot inspect the service: ${errorMessage(e)}` };
  }
  const name = info.Spec.Name;
  const update = (query: Record<string, string>, body: EngineServiceModel['Spec']) => updateService(docker, info.ID, info.Version.Index, body, query);
  if (mode === 'rollback' && info.PreviousSpec) {
    await update({ rollback: 'previous' }, info.Spec);
    return {
      service: name,
      action: 'rolled-back',
      detail: `rolled ${name} back to its previous spec`,
      leaves: { image: info.PreviousSpec.TaskTemplate.ContainerSpec.Image || undefined },
    };
  }
  if (info.Spec.Mode.Replicated) {
    const spec = { ...info.Spec, Mode: { Replicated: { Replicas: 0 } } };
    await update({}, spec);
    return {
      service: name,
      action: 'scaled-to-zero',
      leaves: { image: info.Spec.TaskTemplate.ContainerSpec.Image || undefined, replicas: 0 },
      detail: mode === 'rollback' ? `${name} has no previous spec to roll back to: scaled it to 0 replicas` : `scaled ${name} to 0 replicas`,
    };
  }
  return { service: name, action: 'none', detail: `${name} is a global service with no previous spec: nothing safe to do, left running` };
}
