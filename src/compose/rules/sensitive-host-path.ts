// Bind mounts of sensitive host directories (/, /etc, /proc, /var/lib/docker…) into a service.
import { cis, nist } from '../../core/finding.js';
import { hostMountRisk } from '../../security/host-mount.js';
import { composeMessages as M } from '../messages.js';
import { defineServiceRule, type ServiceOccurrence } from './rule.js';

export const sensitiveHostPath = defineServiceRule(
  {
    id: 'sensitive-host-path',
    title: 'Sensitive host path mounted into a service',
    severity: 'HIGH',
    description:
      'Bind-mounting host directories such as /, /etc, /proc, /sys, /dev, /boot, /root or /var/lib/docker lets the container read ' +
      'credentials and configuration of the node, or change them (write access to /etc or /var/lib/docker is a host takeover). ' +
      'In a swarm the task may land on any node matching the placement, so every such node is exposed.',
    remediation: 'Mount only the specific files the service needs, read-only (`:ro`), or use a named volume, a config or a secret instead.',
    references: [cis('5.6'), nist('4.5.5', 'Host OS file system tampering')],
  },
  function* (svc): Generator<ServiceOccurrence> {
    for (const [i, v] of svc.volumes.entries()) {
      if (v.type !== 'bind' || v.source === undefined) continue;
      const risk = hostMountRisk(v.source, v.readOnly); // none for the engine socket: docker-socket-mount reports it
      if (risk === undefined) continue;
      yield {
        at: ['volumes', i],
        message: M.say(v.readOnly ? 'compose.rule.sensitiveHostPath.readOnly' : 'compose.rule.sensitiveHostPath.readWrite', {
          service: svc.name,
          source: v.source,
          target: v.target,
        }),
        evidence: { source: v.source, sensitiveRoot: risk.root, target: v.target, readOnly: v.readOnly },
        ...(v.readOnly ? { severity: 'MEDIUM' as const } : {}),
      };
    }
  },
);
