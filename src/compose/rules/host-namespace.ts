// Services that share the node's network, PID or IPC namespace.
import { cis, nist } from '../../core/finding.js';
import { sharesHostNamespace } from '../../security/namespaces.js';
import { composeMessages as M } from '../messages.js';
import { defineServiceRule, type ServiceOccurrence } from './rule.js';

export const hostNamespace = defineServiceRule(
  {
    id: 'host-namespace',
    title: "Service shares the host's network, PID or IPC namespace",
    severity: 'HIGH',
    description:
      "Attaching a service to the node's `host` network (an external network named `host`) removes network isolation: the " +
      "task binds on the node's interfaces and reaches services listening on loopback. `network_mode: host`, `pid: host` and " +
      '`ipc: host` do the same for plain compose; `docker stack deploy` ignores these three keys, so in a swarm they are a ' +
      'false belief rather than a live risk, and they apply again the moment someone runs the file with `docker compose`.',
    remediation: 'Attach the service to an encrypted overlay network and publish only the ports it needs; remove `network_mode`, `pid` and `ipc`.',
    references: [cis('5.10'), cis('5.16'), cis('5.17'), nist('4.4.3', 'Insecure container runtime configurations')],
  },
  function* (svc, ctx): Generator<ServiceOccurrence> {
    for (const key of Object.keys(svc.networks ?? {})) {
      const n = ctx.model.networks[key];
      if (!n || !n.external || !sharesHostNamespace(n.name ?? key)) continue;
      yield {
        at: ['networks', key],
        message: M.say('compose.rule.hostNamespace.network', { service: svc.name }),
        evidence: { network: key, namespace: 'network', appliedBySwarm: true },
      };
    }
    const ignored: [string, string | undefined, string][] = [
      ['network_mode', svc.networkMode, 'network'],
      ['pid', svc.pid, 'pid'],
      ['ipc', svc.ipc, 'ipc'],
    ];
    for (const [key, value, ns] of ignored) {
      if (!sharesHostNamespace(value)) continue;
      yield {
        at: [key],
        message: M.say('compose.rule.hostNamespace.ignored', { service: svc.name, key }),
        severity: 'MEDIUM',
        evidence: { key, value: value ?? '', namespace: ns, appliedBySwarm: false },
      };
    }
  },
);
