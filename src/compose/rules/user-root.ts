// Services that run as root, or leave the user to the image (which is root for most images).
import { cis, nist } from '../../core/finding.js';
import { classifyUser } from '../../security/user.js';
import { composeMessages as M } from '../messages.js';
import { defineServiceRule } from './rule.js';

export const userRoot = defineServiceRule(
  {
    id: 'user-root',
    title: 'Service runs as root',
    severity: 'MEDIUM',
    description:
      'A process running as root inside the container is root on the node if it escapes, and can change any file in its ' +
      'writable layers and mounts. When `user:` is not set, the image decides: most official images start as root.',
    remediation:
      'Set `user: "UID:GID"` to a non-root user the image supports (e.g. `user: "101:101"` for nginx unprivileged images), or build an image with a USER.',
    references: [cis('4.1'), nist('4.4.3', 'Insecure container runtime configurations')],
  },
  (svc) => {
    if (classifyUser(svc.user) === 'image-default')
      return {
        message: M.say('compose.rule.userRoot.imageDefault', { service: svc.name }),
        severity: 'LOW',
        evidence: { user: null },
      };
    if (svc.user !== undefined && classifyUser(svc.user) === 'root')
      return { at: ['user'], message: M.say('compose.rule.userRoot', { service: svc.name, user: svc.user }), evidence: { user: svc.user } };
    return undefined;
  },
);
