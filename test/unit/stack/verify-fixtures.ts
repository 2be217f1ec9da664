// The stack the verify tests share (two nodes, a dnsrr nginx, a two-replica httpd with one task pending, a VIP
// service), as the engine sends it and through the real parsers; node network facts from recorded dumps.
import { readFileSync } from 'node:fs';
import { firewallFromDumps } from '../../../src/network/collect-node.js';
import type { ClusterNode, NodeNetworkFacts } from '../../../src/network/node-facts.js';
import type { OverlayNetwork } from '../../../src/network/overlay.js';
import { parseKernelConfig } from '../../../src/network/parse/kernel.js';
import { parseProbeOutput, type ProbeOutput } from '../../../src/stack/probe-script.js';
import { parseStackServices, parseStackTasks } from '../../../src/stack/verify.js';
import type { StackSnapshot } from '../../../src/stack/verify-model.js';
import { english } from '../../../src/core/message.js';
import { stackMessages } from '../../../src/stack/messages.js';

export const fx = (name: string) => readFileSync(`test/fixtures/network/${name}`, 'utf8');

export const n1: ClusterNode = { id: 'N1', hostname: 'node1', addr: '192.168.56.11', role: 'manager' };
export const n2: ClusterNode = { id: 'N2', hostname: 'node2', addr: '192.168.56.12', role: 'worker' };

/** A running task as the engine lists it: slot 1 of `service` on `node`, at `address` on network NET. */
const runningTask = (id: string, service: string, node: string, address: string, containerId?: string) => ({
  ID: id,
  ServiceID: service,
  Slot: 1,
  NodeID: node,
  DesiredState: 'running',
  Status: { State: 'running', ...(containerId !== undefined ? { ContainerStatus: { ContainerID: containerId } } : {}) },
  NetworksAttachments: [{ Network: { ID: 'NET' }, Addresses: [address] }],
});

export const rawTasks = [
  runningTask('ta', 'SA', 'N1', '10.0.1.5/24', 'c1'),
  runningTask('tb', 'SB', 'N2', '10.0.1.7/24', 'c2'),
  runningTask('tv', 'SV', 'N1', '10.0.1.3/24'),
  { ID: 'tb2', ServiceID: 'SB', Slot: 2, NodeID: 'N2', DesiredState: 'running', Status: { State: 'pending' } },
];
export const rawServices = [
  {
    ID: 'SA',
    Spec: { Name: 'test_nginx', Mode: { Replicated: { Replicas: 1 } }, EndpointSpec: { Mode: 'dnsrr' }, TaskTemplate: { Networks: [{ Target: 'NET' }] } },
  },
  {
    ID: 'SB',
    Spec: {
      Name: 'test_httpd',
      Mode: { Replicated: { Replicas: 2 } },
      EndpointSpec: { Mode: 'dnsrr', Ports: [{ TargetPort: 80 }] },
      TaskTemplate: { Networks: [{ Target: 'NET' }] },
    },
  },
  {
    ID: 'SV',
    Spec: { Name: 'test_vip', Mode: { Replicated: { Replicas: 1 } }, TaskTemplate: { Networks: [{ Target: 'NET' }] } },
    Endpoint: { VirtualIPs: [{ NetworkID: 'NET', Addr: '10.0.1.2/24' }] },
  },
];

export function snapshot(encrypted: boolean, hostFacts?: NodeNetworkFacts): StackSnapshot {
  const tasks = parseStackTasks(rawTasks);
  const services = parseStackServices(rawServices, tasks);
  const compose = stackMessages.say('stack.verify.port.compose');
  for (const s of services) if (s.ports.length === 0) Object.assign(s, { ports: [80], portSource: english(compose), portSourceSaid: compose });
  const net: OverlayNetwork = {
    id: 'NET',
    name: 'test_encrypted',
    scope: 'swarm',
    attachable: false,
    internal: false,
    ingress: false,
    encrypted,
    encryptionKeys: [],
    stack: 'test',
  };
  return { stack: 'test', services, tasks, networks: [net], nodes: [n1, n2], localNodeId: 'N1', ...(hostFacts ? { hostFacts } : {}) };
}

export function facts(over: Partial<NodeNetworkFacts> = {}): NodeNetworkFacts {
  return {
    hostname: 'node1',
    node: n1,
    peers: [n2],
    firewall: firewallFromDumps({ iptablesNft: fx('iptables-save-docker-host.txt') }),
    kernel: { release: '6.1', ipvs: true, config: parseKernelConfig(fx('kernel-config-debian.txt')).value },
    xfrm: { states: [], stat: { XfrmOutNoStates: 12 }, errors: [] },
    encryptedNetworks: [],
    ...over,
  };
}

export const out = (lines: string[]): ProbeOutput => parseProbeOutput([...lines, 'SG-END'].join('\n'));
