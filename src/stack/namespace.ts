// Stack namespacing as docker stack deploy does it: `NAME_object` names and the namespace label on everything.
import { UserError } from '../core/errors.js';
import { stackMessages as M } from './messages.js';

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
  if (name.trim() === '') throw new UserError(M.say('stack.name.empty'), { hint: M.say('stack.name.empty.hint') });
  if (name !== name.trim()) throw new UserError(M.say('stack.name.spaces', { name }));
  if (!SERVICE_NAME.test(name)) {
    throw new UserError(M.say('stack.name.invalid', { name }), { hint: M.say('stack.name.invalid.hint') });
  }
  if (name.length > MAX_NAME - 2) throw new UserError(M.say('stack.name.long', { name, max: MAX_NAME - 2 }), { hint: M.say('stack.name.long.hint') });
}

/** The engine name of a service, refused when the result is not a valid Swarm service name. */
export function serviceName(stack: string, service: string): string {
  const full = scope(stack, service);
  if (!SERVICE_NAME.test(full) || full.length > MAX_NAME) {
    throw new UserError(M.say('stack.serviceName.invalid', { name: full }), {
      hint: M.say('stack.serviceName.invalid.hint', { max: MAX_NAME, service }),
    });
  }
  return full;
}
