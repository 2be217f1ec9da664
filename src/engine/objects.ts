// Typed engine calls that remove Swarm objects and run a short-lived container (the stack lifecycle and the probes
// of `stack verify`): each goes through the one error translator, so callers read the HTTP status with engineStatus
// and never hold a dockerode object.
import type Docker from 'dockerode';
import { engineCall } from './models.js';
import { engineMessages as M } from './messages.js';

export type RemovableKind = 'service' | 'secret' | 'config' | 'network';

/** Removes a service, secret, config or network by id or name (DELETE /{kind}s/{id}). A 404 stays a 404 (engineStatus). */
export async function removeObject(docker: Docker, kind: RemovableKind, id: string): Promise<void> {
  if (kind === 'service') await engineCall(M.say('engine.do.removeService', { id }), () => docker.getService(id).remove());
  else if (kind === 'secret') await engineCall(M.say('engine.do.removeSecret', { id }), () => docker.getSecret(id).remove());
  else if (kind === 'config') await engineCall(M.say('engine.do.removeConfig', { id }), () => docker.getConfig(id).remove());
  else await engineCall(M.say('engine.do.removeNetwork', { id }), () => docker.getNetwork(id).remove());
}

/** Whether a network is still present on this node (a removed swarm network lingers until its last task is gone). */
export async function networkPresent(docker: Docker, id: string): Promise<void> {
  await engineCall(M.say('engine.do.inspectNetwork', { id }), () => docker.getNetwork(id).inspect());
}

/** Creates a container (POST /containers/create) and returns its id. */
export async function createContainer(docker: Docker, spec: Docker.ContainerCreateOptions): Promise<string> {
  const c = await engineCall(M.say('engine.do.createContainer'), () => docker.createContainer(spec));
  return c.id;
}

export async function startContainer(docker: Docker, id: string): Promise<void> {
  await engineCall(M.say('engine.do.startContainer', { id: id.slice(0, 12) }), () => docker.getContainer(id).start());
}

/** Waits until a container exits (POST /containers/{id}/wait). */
export async function waitContainer(docker: Docker, id: string): Promise<void> {
  await engineCall(M.say('engine.do.waitContainer', { id: id.slice(0, 12) }), () => docker.getContainer(id).wait() as Promise<unknown>);
}

export async function killContainer(docker: Docker, id: string): Promise<void> {
  await engineCall(M.say('engine.do.stopContainer', { id: id.slice(0, 12) }), () => docker.getContainer(id).kill() as Promise<unknown>);
}

/** Removes a container by id or name, running or not (DELETE /containers/{id}?force=1). */
export async function removeContainer(docker: Docker, id: string): Promise<void> {
  await engineCall(M.say('engine.do.removeContainer', { id: id.slice(0, 12) }), () => docker.getContainer(id).remove({ force: true }) as Promise<unknown>);
}
