// Stack namespacing as docker stack deploy does it: `NAME_object` names and the namespace label on everything.
import { UserError } from '../core/errors.js';

export const NAMESPACE_LABEL = 'com.docker.stack.namespace';
export const IMAGE_LABEL = 'com.docker.stack.image';

/** Swarm service names: letters, digits, `-` and `_` between them, at most 63 characters (swarmkit's rule). */
const SERVICE_NAME = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/;
const MAX_NAME = 63;

export function scope(stack: string, name: string): string {
  return `${stack}_${name}`;
}

export function stackLabels(stack: string, labels: Record<string, string> = {}): Record<string, string> {
  return { ...labels, [NAMESPACE_LABEL]: stack };
}

/** Refuses a stack name that would produce invalid service names, with the reason. */
export function validateStackName(name: string): void {
  if (name.trim() === '') throw new UserError('stack name is empty', { hint: 'give the stack a name, e.g. `swarmguard stack deploy -c stack.yml web`' });
  if (name !== name.trim()) throw new UserError(`invalid stack name "${name}": it has leading or trailing spaces`);
  if (!SERVICE_NAME.test(name)) {
    throw new UserError(`invalid stack name "${name}"`, {
      hint: 'use letters, digits, "-" and "_" (starting and ending with a letter or digit): the name prefixes every service, and Swarm service names allow nothing else',
    });
  }
  if (name.length > MAX_NAME - 2)
    throw new UserError(`invalid stack name "${name}": longer than ${MAX_NAME - 2} characters`, {
      hint: 'service names are NAME_service and Swarm allows 63 characters',
    });
}

/** The engine name of a service, refused when the result is not a valid Swarm service name. */
export function serviceName(stack: string, service: string): string {
  const full = scope(stack, service);
  if (!SERVICE_NAME.test(full) || full.length > MAX_NAME) {
    throw new UserError(`service name "${full}" is not valid in Swarm`, {
      hint: `Swarm service names use letters, digits, "-" and "_" and are at most ${MAX_NAME} characters; rename service "${service}" or use a shorter stack name`,
    });
  }
  return full;
}
