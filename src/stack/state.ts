// Reads, once, what the engine holds that a stack command needs: services, networks, secrets, configs (and nodes, tasks).
import type Docker from 'dockerode';
import { EngineError, errorMessage } from '../core/errors.js';
import type { EngineFileObject, EngineNetwork, EngineNode, EngineService, EngineTask } from './engine-types.js';
import { NAMESPACE_LABEL } from './namespace.js';

export interface ClusterObjects {
  services: EngineService[];
  networks: EngineNetwork[];
  secrets: EngineFileObject[];
  configs: EngineFileObject[];
}

/** Wraps an engine call so a failure says what we were doing. */
export async function engineCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw describeEngineFailure(what, e);
  }
}

export function describeEngineFailure(what: string, e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  const err = e as { statusCode?: number; code?: string; json?: { message?: string } | null; reason?: string };
  const detail = err.json?.message ?? errorMessage(e);
  if (err.statusCode === 503 && /swarm|manager/i.test(detail)) {
    return new EngineError(`${what}: ${detail}`, { hint: 'run this against a Swarm manager (`docker swarm init` on a single node)', cause: e });
  }
  if (err.statusCode !== undefined) return new EngineError(`${what}: the engine answered ${err.statusCode}: ${detail}`, { cause: e });
  return new EngineError(`${what}: ${detail}`, { hint: 'is the Docker engine still running and reachable?', cause: e });
}

export function statusOf(e: unknown): number | undefined {
  return (e as { statusCode?: number }).statusCode;
}

export function engineMessage(e: unknown): string {
  const err = e as { json?: { message?: string } | null };
  return err.json?.message ?? errorMessage(e);
}

export function namespaceOf(labels: Record<string, string> | null | undefined): string | undefined {
  return labels?.[NAMESPACE_LABEL];
}

/** Everything of the cluster a deploy compares against: all services, networks, secrets and configs (one list call each). */
export async function readClusterObjects(docker: Docker): Promise<ClusterObjects> {
  const [services, networks, secrets, configs] = await Promise.all([
    engineCall('listing services', async () => (await docker.listServices({ status: true } as Docker.ServiceListOptions)) as unknown as EngineService[]),
    engineCall('listing networks', async () => (await docker.listNetworks()) as unknown as EngineNetwork[]),
    engineCall('listing secrets', async () => (await docker.listSecrets()) as unknown as EngineFileObject[]),
    engineCall('listing configs', async () => (await docker.listConfigs()) as unknown as EngineFileObject[]),
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
  return engineCall('listing tasks', async () => (await docker.listTasks({ filters: { service: serviceIds } })) as unknown as EngineTask[]);
}

export async function listNodes(docker: Docker): Promise<EngineNode[]> {
  return engineCall('listing nodes', async () => (await docker.listNodes()) as unknown as EngineNode[]);
}
