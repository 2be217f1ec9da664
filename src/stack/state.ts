// Reads, once, what the engine holds that a stack command needs: services, networks, secrets, configs (and nodes, tasks).
import type Docker from 'dockerode';
import { listConfigs, listNetworks, listNodes as engineListNodes, listSecrets, listServices, listTasks as engineListTasks } from '../engine/api.js';
import type { EngineFileObject, EngineNetwork, EngineNode, EngineService, EngineTask } from './engine-types.js';
import { NAMESPACE_LABEL } from './namespace.js';

export interface ClusterObjects {
  services: EngineService[];
  networks: EngineNetwork[];
  secrets: EngineFileObject[];
  configs: EngineFileObject[];
}

export function namespaceOf(labels: Record<string, string> | null | undefined): string | undefined {
  return labels?.[NAMESPACE_LABEL];
}

/** Everything of the cluster a deploy compares against: all services, networks, secrets and configs (one list call each). */
export async function readClusterObjects(docker: Docker): Promise<ClusterObjects> {
  const [services, networks, secrets, configs] = await Promise.all([
    listServices(docker, { status: true }),
    listNetworks(docker),
    listSecrets(docker),
    listConfigs(docker),
  ]);
  return { services, networks, secrets, configs };
}

/** The objects of one stack (by the namespace label). */
export function stackObjects(all: ClusterObjects, stack: string): ClusterObjects {
  return {
    services: all.services.filter((s) => namespaceOf(s.Spec.Labels) === stack),
    networks: all.networks.filter((n) => namespaceOf(n.Labels) === stack),
    secrets: all.secrets.filter((s) => namespaceOf(s.Spec.Labels) === stack),
    configs: all.configs.filter((s) => namespaceOf(s.Spec.Labels) === stack),
  };
}

export async function listTasks(docker: Docker, serviceIds: string[]): Promise<EngineTask[]> {
  if (serviceIds.length === 0) return [];
  return engineListTasks(docker, { service: serviceIds });
}

export const listNodes = (docker: Docker): Promise<EngineNode[]> => engineListNodes(docker);
