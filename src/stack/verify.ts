// `stack verify NAME`: tasks running as desired, every stack network encrypted, and service-to-service TCP by name
// from each running task, with the reason when a pair fails. Collect → probe → pure evaluation.
import { EngineError, errorMessage, UserError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import type { EngineConnection } from '../engine/connection.js';
import { evaluateOverlays } from '../network/checks/overlay.js';
import { collectNodeFacts, parseClusterNodes } from '../network/collect-node.js';
import type { NodeNetworkFacts } from '../network/node-facts.js';
import { parseOverlayNetwork, type OverlayNetwork } from '../network/overlay.js';
import { NIST_NETWORK_SEPARATION } from '../network/references.js';
import { buildProbeScript, isSafeProbeName, parseProbeOutput } from './probe-script.js';
import { runProbe, type ProbeMethod } from './probe-run.js';
import { explainFailure } from './verify-cause.js';
import { STATUS_OF, type PairStatus, type ProbePair, type StackService, type StackSnapshot, type StackTask, type TaskProbe } from './verify-model.js';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const STACK_LABEL = 'com.docker.stack.namespace';

/** Parses GET /services entries of one stack (pure). Ports are filled in later. */
export function parseStackServices(raw: unknown[], tasks: StackTask[]): StackService[] {
  return raw.map((s) => {
    const r = rec(s);
    const spec = rec(r.Spec);
    const mode = rec(spec.Mode);
    const id = str(r.ID);
    const mine = tasks.filter((t) => t.serviceId === id);
    const running = mine.filter((t) => t.state === 'running').length;
    let kind: StackService['mode'] = 'replicated';
    let desired = 0;
    if (mode.Replicated !== undefined) desired = Number(rec(mode.Replicated).Replicas ?? 1);
    else if (mode.Global !== undefined) {
      kind = 'global';
      desired = mine.filter((t) => t.desiredState === 'running').length;
    } else {
      kind = 'job';
    }
    const endpoint = rec(r.Endpoint);
    const epSpec = rec(spec.EndpointSpec);
    const networks = arr(rec(spec.TaskTemplate).Networks).map((n) => str(rec(n).Target)).filter(Boolean);
    const published = arr(epSpec.Ports).map((p) => Number(rec(p).TargetPort)).filter((p) => Number.isInteger(p) && p > 0);
    return {
      id,
      name: str(spec.Name),
      mode: kind,
      desired: Number.isFinite(desired) ? desired : 0,
      running,
      endpointMode: epSpec.Mode === 'dnsrr' ? 'dnsrr' : 'vip',
      networks,
      ports: [...new Set(published)],
      portSource: published.length > 0 ? 'the service\'s published ports' : '',
      vips: arr(endpoint.VirtualIPs).map((v) => ({ networkId: str(rec(v).NetworkID), addr: str(rec(v).Addr).split('/')[0] ?? '' })),
    };
  });
}

export function parseStackTasks(raw: unknown[]): StackTask[] {
  return raw.map((t) => {
    const r = rec(t);
    const status = rec(r.Status);
    return {
      id: str(r.ID),
      serviceId: str(r.ServiceID),
      ...(typeof r.Slot === 'number' ? { slot: r.Slot } : {}),
      nodeId: str(r.NodeID),
      ...(str(rec(status.ContainerStatus).ContainerID) ? { containerId: str(rec(status.ContainerStatus).ContainerID) } : {}),
      state: str(status.State),
      desiredState: str(r.DesiredState),
      addresses: arr(r.NetworksAttachments).flatMap((a) => {
        const networkId = str(rec(rec(a).Network).ID);
        return arr(rec(a).Addresses).map((x) => ({ networkId, ip: str(x).split('/')[0] ?? '' }));
      }),
    };
  });
}

export interface VerifyOptions {
  /** Ports to try on every target, overriding everything else. */
  ports?: number[];
  /** Ports per short service name from a compose file. */
  composePorts?: Record<string, number[]>;
  timeoutSeconds: number;
  probeImage: string;
  /** Force one probe method; default: container on the local node, pinned job service elsewhere. */
  method?: ProbeMethod;
  marker?: string;
  /** Collect the local node's network facts for cause analysis (default true). */
  hostFacts?: boolean;
  /** Called as probes finish, for progress. */
  onProbe?: (done: number, total: number) => void;
}

export async function collectStack(conn: EngineConnection, stack: string, opts: VerifyOptions): Promise<StackSnapshot> {
  const info = rec(await conn.docker.info());
  const swarm = rec(info.Swarm);
  if (swarm.ControlAvailable !== true) {
    throw new UserError('stack verify needs a swarm manager', { hint: 'point DOCKER_HOST at a manager node', exitCode: 2 });
  }
  const filters = { label: [`${STACK_LABEL}=${stack}`] };
  let rawServices: unknown[];
  let rawTasks: unknown[];
  try {
    rawServices = arr(await conn.docker.listServices({ filters }));
    rawTasks = arr(await conn.docker.listTasks({ filters }));
  } catch (e) {
    throw new EngineError(`cannot read stack ${stack}: ${errorMessage(e)}`, { cause: e });
  }
  if (rawServices.length === 0) throw new UserError(`no stack named "${stack}"`, { hint: 'list stacks with `docker stack ls`' });
  const tasks = parseStackTasks(rawTasks).filter((t) => t.desiredState === 'running' || t.state === 'running');
  const services = parseStackServices(rawServices, tasks);
  // Ports: --port, then the compose file, then published targets, then the image's EXPOSE.
  for (const s of services) {
    const short = s.name.startsWith(`${stack}_`) ? s.name.slice(stack.length + 1) : s.name;
    if (opts.ports && opts.ports.length > 0) {
      s.ports = opts.ports;
      s.portSource = '--port';
    } else if (opts.composePorts?.[short]?.length) {
      s.ports = opts.composePorts[short]!;
      s.portSource = 'the compose file';
    } else if (s.ports.length === 0) {
      const raw = rawServices.find((r) => str(rec(r).ID) === s.id);
      const image = str(rec(rec(rec(rec(raw).Spec).TaskTemplate).ContainerSpec).Image);
      try {
        const inspected = rec(await conn.docker.getImage(image).inspect());
        const exposed = Object.keys(rec(rec(inspected.Config).ExposedPorts))
          .filter((k) => k.endsWith('/tcp'))
          .map((k) => Number(k.split('/')[0]))
          .filter((p) => Number.isInteger(p) && p > 0);
        if (exposed.length > 0) {
          s.ports = exposed;
          s.portSource = `EXPOSE of ${image}`;
        }
      } catch {
        // Image not on this node: the port stays unknown and the pair says so.
      }
    }
  }
  const networkIds = [...new Set(services.flatMap((s) => s.networks))];
  const networks: OverlayNetwork[] = [];
  for (const id of networkIds) {
    try {
      const n = parseOverlayNetwork(await conn.docker.getNetwork(id).inspect());
      if (n) networks.push(n);
    } catch {
      // A network removed under us: its services fail DNS and say so.
    }
  }
  const nodes = parseClusterNodes(await conn.docker.listNodes());
  let hostFacts: NodeNetworkFacts | undefined;
  if (opts.hostFacts !== false) hostFacts = await collectNodeFacts(conn, { sampleMs: 0 });
  return { stack, services, tasks, networks, nodes, localNodeId: str(swarm.NodeID), ...(hostFacts ? { hostFacts } : {}) };
}

/** Which targets each running task probes: every other service of the stack it shares a network with. */
export function planProbes(s: StackSnapshot): TaskProbe[] {
  const plan: TaskProbe[] = [];
  for (const service of s.services) {
    const targets = s.services.filter((b) => b.id !== service.id && b.networks.some((n) => service.networks.includes(n)));
    if (targets.length === 0) continue;
    for (const task of s.tasks.filter((t) => t.serviceId === service.id && t.state === 'running')) plan.push({ task, service, targets });
  }
  return plan;
}

async function runPlanned(conn: EngineConnection, s: StackSnapshot, plan: TaskProbe[], opts: VerifyOptions): Promise<void> {
  let done = 0;
  const queue = [...plan];
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      const withPorts = p.targets.filter((t) => t.ports.length > 0 && isSafeProbeName(t.name));
      const script = buildProbeScript(
        withPorts.map((t) => ({ name: t.name, ports: t.ports, tasksToo: t.endpointMode === 'vip' })),
        { timeoutSeconds: opts.timeoutSeconds, ...(opts.marker !== undefined ? { marker: opts.marker } : {}) },
      );
      const method: ProbeMethod = opts.method ?? (p.task.nodeId === s.localNodeId && p.task.containerId ? 'container' : 'service');
      const perTarget = withPorts.reduce((n, t) => n + t.ports.length * (t.endpointMode === 'vip' ? 2 : 4), 0);
      try {
        const r = await runProbe(conn, {
          image: opts.probeImage,
          script,
          ...(p.task.containerId ? { containerId: p.task.containerId } : {}),
          nodeId: p.task.nodeId,
          networks: p.service.networks,
          method,
          deadlineMs: (perTarget * (opts.timeoutSeconds + 2) + 15) * 1000,
          stack: s.stack,
        });
        p.output = parseProbeOutput(r.output);
        p.method = r.method;
        if (!p.output.complete) p.error = `the probe did not finish: ${r.output.split('\n').filter((l) => !l.startsWith('SG-')).join(' ').slice(0, 200) || 'no output'}`;
      } catch (e) {
        if (e instanceof UserError && e.exitCode === 4) throw e;
        p.error = errorMessage(e);
        p.method = method;
      }
      done += 1;
      opts.onProbe?.(done, plan.length);
    }
  };
  // Two at a time: each probe is a container or a job on a node; more only adds contention.
  await Promise.all([worker(), worker()]);
}

/** Turns probe outputs into A → B pairs with a status and, on failure, a cause (pure). */
export function evaluatePairs(s: StackSnapshot, plan: TaskProbe[]): ProbePair[] {
  const pairs: ProbePair[] = [];
  const nodeName = (id: string) => s.nodes.find((n) => n.id === id)?.hostname || id;
  for (const p of plan) {
    const from = { service: p.service.name, taskId: p.task.id, ...(p.task.slot !== undefined ? { slot: p.task.slot } : {}), nodeId: p.task.nodeId, node: nodeName(p.task.nodeId) };
    for (const target of p.targets) {
      if (target.ports.length === 0) {
        pairs.push({ from, to: { service: target.name }, status: 'no port', addresses: [], detail: 'no port known: pass --port or -c FILE' });
        continue;
      }
      for (const port of target.ports) {
        const base = { from, to: { service: target.name, port }, ...(p.method ? { method: p.method } : {}) };
        if (!p.output || p.error) {
          pairs.push({ ...base, status: 'not run', addresses: [], detail: p.error ?? 'probe did not run' });
          continue;
        }
        const dns = p.output.dns.find((d) => d.name === target.name);
        let pair: ProbePair;
        if (!dns || !dns.ok) {
          pair = { ...base, status: 'DNS failed', addresses: [], detail: dns?.error ?? 'not resolved' };
        } else {
          const tcp = p.output.tcp.filter((t) => t.name === target.name && t.port === port);
          const bad = tcp.find((t) => t.outcome !== 'ok');
          const status: PairStatus = tcp.length === 0 ? 'error' : bad ? STATUS_OF[bad.outcome] : 'OK';
          pair = {
            ...base,
            status,
            addresses: dns.addresses,
            detail: tcp.length === 0 ? 'no connection attempted' : bad ? `${bad.address}: ${bad.detail || bad.outcome}` : `${tcp.length} address(es) answered`,
          };
        }
        const cause = explainFailure(pair, { snapshot: s, from: p.task, target, output: p.output });
        if (cause) pair.cause = cause;
        pairs.push(pair);
      }
    }
  }
  return pairs;
}

const PROBE_REFS = [NIST_NETWORK_SEPARATION];

/** Findings for everything that keeps the stack from being verified (pure). */
export function verifyFindings(s: StackSnapshot, pairs: ProbePair[]): Finding[] {
  const findings: Finding[] = [];
  for (const svc of s.services) {
    if (svc.mode === 'job' || svc.running >= svc.desired) continue;
    findings.push({
      id: 'stack-service-not-converged',
      title: 'Service is not running as many tasks as desired',
      severity: 'HIGH',
      category: 'swarm',
      target: { kind: 'service', name: svc.name, id: svc.id, stack: s.stack },
      message: `${svc.name}: ${svc.running}/${svc.desired} tasks running`,
      evidence: { desired: svc.desired, running: svc.running, mode: svc.mode },
      remediation: `see why with \`docker service ps --no-trunc ${svc.name}\` (placement constraints, image not found on the node, failing health checks)`,
      references: [],
    });
  }
  findings.push(...evaluateOverlays(s.networks.filter((n) => !n.ingress)));
  for (const p of pairs) {
    if (p.status === 'OK') continue;
    const label = `${p.from.service}${p.from.slot !== undefined ? `.${p.from.slot}` : ''}@${p.from.node} → ${p.to.service}${p.to.port ? `:${p.to.port}` : ''}`;
    const notRun = p.status === 'not run' || p.status === 'no port';
    findings.push({
      id: notRun ? 'stack-probe-not-run' : 'stack-probe-failed',
      title: notRun ? 'Service-to-service connectivity could not be probed' : 'Service-to-service connection by name failed',
      severity: notRun ? 'MEDIUM' : 'HIGH',
      category: 'swarm',
      target: { kind: 'service', name: p.from.service, stack: s.stack },
      message: `${label}: ${p.status}${p.cause ? ` — ${p.cause}` : p.detail ? ` (${p.detail})` : ''}`,
      evidence: {
        from: p.from.service,
        to: p.to.service,
        port: p.to.port ?? null,
        status: p.status,
        addresses: p.addresses,
        detail: p.detail,
        cause: p.cause ?? null,
        method: p.method ?? null,
      },
      remediation: p.cause ?? 'check that both services share a network and the target listens on the port',
      references: PROBE_REFS,
    });
  }
  return findings;
}

export interface VerifyResult {
  snapshot: StackSnapshot;
  pairs: ProbePair[];
  findings: Finding[];
}

export async function verifyStack(conn: EngineConnection, stack: string, opts: VerifyOptions): Promise<VerifyResult> {
  const snapshot = await collectStack(conn, stack, opts);
  const plan = planProbes(snapshot);
  await runPlanned(conn, snapshot, plan, opts);
  const pairs = evaluatePairs(snapshot, plan);
  return { snapshot, pairs, findings: verifyFindings(snapshot, pairs) };
}
