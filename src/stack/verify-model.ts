// `stack verify` data: the stack as read from the engine (services, tasks, networks), the probe pairs, their results.
import type { Message } from '../core/message.js';
import type { OverlayNetwork } from '../network/overlay.js';
import type { ClusterNode, NodeNetworkFacts } from '../network/node-facts.js';
import type { ProbeOutput, TcpOutcome } from './probe-script.js';

export interface StackService {
  id: string;
  /** Full name, e.g. "test_httpd". */
  name: string;
  mode: 'replicated' | 'global' | 'job';
  /** Replicas wanted (global: tasks the orchestrator wants running). */
  desired: number;
  running: number;
  endpointMode: 'vip' | 'dnsrr';
  /** Network ids the tasks attach to. */
  networks: string[];
  /** Ports the tasks listen on, best source first: compose file, published targets, image EXPOSE. */
  ports: number[];
  /** Where the ports came from, in English ("the compose file"); empty when unknown. */
  portSource: string;
  /** The same, as a message by id for the printer. */
  portSourceSaid?: Message;
  vips: { networkId: string; addr: string }[];
}

export interface StackTask {
  id: string;
  serviceId: string;
  slot?: number;
  nodeId: string;
  containerId?: string;
  state: string;
  desiredState: string;
  /** Addresses per network, without prefix length. */
  addresses: { networkId: string; ip: string }[];
}

export interface StackSnapshot {
  stack: string;
  services: StackService[];
  tasks: StackTask[];
  networks: OverlayNetwork[];
  nodes: ClusterNode[];
  /** The node whose engine we talk to. */
  localNodeId: string;
  /** Network facts of the local node, for cause analysis. */
  hostFacts?: NodeNetworkFacts;
}

export type PairStatus = 'OK' | 'DNS only' | 'DNS failed' | 'refused' | 'timeout' | 'unreachable' | 'error' | 'not run';

export const STATUS_OF: Record<TcpOutcome, PairStatus> = { ok: 'OK', refused: 'refused', timeout: 'timeout', unreachable: 'unreachable', error: 'error' };

export interface ProbePair {
  from: { service: string; taskId: string; slot?: number; nodeId: string; node: string };
  to: { service: string; port?: number };
  status: PairStatus;
  addresses: string[];
  /** What the probe saw, in English. */
  detail: string;
  /** The same, as a message by id for the printer. */
  detailSaid?: Message;
  /** The addresses that did not answer (a subset of `addresses`). */
  failed?: string[];
  /** Why the pair failed, in English. */
  cause?: string;
  /** The same, as a message by id for the printer. */
  causeSaid?: Message;
  method?: string;
}

export interface TaskProbe {
  task: StackTask;
  service: StackService;
  /** The network the probe runs on: one probe per (node, network) serves all tasks there. */
  networkId: string;
  targets: StackService[];
  output?: ProbeOutput;
  /** Why the probe did not run or finish: by id, or the runner's own words (rawMessage). */
  error?: Message;
  method?: string;
}
