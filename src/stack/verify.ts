// `stack verify NAME`: tasks running as desired, every stack network encrypted, and service-to-service TCP by name
// from each running task, with the reason when a pair fails. Collect → probe → pure evaluation.
import { EngineError, UserError, messageOf } from '../core/errors.js';
import { findingOf, freezeMeta } from '../core/check.js';
import type { Finding } from '../core/finding.js';
import type { EngineConnection } from '../engine/connection.js';
import { evaluateOverlays } from '../network/checks/overlay.js';
import { collectNodeFacts, parseClusterNodes } from '../network/collect-node.js';
import type { NodeNetworkFacts } from '../network/node-facts.js';
import { parseOverlayNetwork, type OverlayNetwork } from '../network/overlay.js';
import { NIST_NETWORK_SEPARATION } from '../network/references.js';
import { buildProbeScript, isSafeProbeName, parseProbeOutput, type ProbeOutput, type TcpOutcome, type TcpResult } from './probe-script.js';
import { runProbe, type ProbeMethod } from './probe-run.js';
import { failureCause } from './verify-cause.js';
import { STATUS_OF, type PairStatus, type ProbePair, type StackService, type StackSnapshot, type StackTask, type TaskProbe } from './verify-model.js';
import { stackMessages as M } from './messages.js';
import { english, listMessage, rawMessage, type Message } from '../core/message.js';
import { inspectImage, inspectNetwork, listNodes, listServices, listTasks } from '../engine/api.js';

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
    const networks = arr(rec(spec.TaskTemplate).Networks)
      .map((n) => str(rec(n).Target))
      .filter(Boolean);
    const published = arr(epSpec.Ports)
      .map((p) => Number(rec(p).TargetPort))
      .filter((p) => Number.isInteger(p) && p > 0);
    return {
      id,
      name: str(spec.Name),
      mode: kind,
      desired: Number.isFinite(desired) ? desired : 0,
      running,
      endpointMode: epSpec.Mode === 'dnsrr' ? 'dnsrr' : 'vip',
      networks,
      ports: [...new Set(published)],
      ...portFrom(published.length > 0 ? M.say('stack.verify.port.published') : undefined),
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
    throw new UserError(M.say('stack.verify.needsManager'), { hint: M.say('stack.verify.needsManager.hint'), code: 'usage' });
  }
  const filters = { label: [`${STACK_LABEL}=${stack}`] };
  let rawServices: unknown[];
  let rawTasks: unknown[];
  try {
    rawServices = await listServices(conn.docker, { filters });
    rawTasks = await listTasks(conn.docker, filters);
  } catch (e) {
    throw new EngineError(M.say('stack.verify.cannotRead', { stack, error: messageOf(e) }), { cause: e });
  }
  if (rawServices.length === 0) throw new UserError(M.say('stack.verify.noStack', { stack }), { hint: M.say('stack.list.hint') });
  const tasks = parseStackTasks(rawTasks).filter((t) => t.desiredState === 'running' || t.state === 'running');
  const services = parseStackServices(rawServices, tasks);
  // Ports: --port, then the compose file, then published targets, then the image's EXPOSE.
  for (const s of services) {
    const short = s.name.startsWith(`${stack}_`) ? s.name.slice(stack.length + 1) : s.name;
    if (opts.ports && opts.ports.length > 0) {
      s.ports = opts.ports;
      Object.assign(s, portFrom(M.say('stack.verify.port.flag', { flag: '--port' })));
    } else if (opts.composePorts?.[short]?.length) {
      s.ports = opts.composePorts[short]!;
      Object.assign(s, portFrom(M.say('stack.verify.port.compose')));
    } else if (s.ports.length === 0) {
      const raw = rawServices.find((r) => str(rec(r).ID) === s.id);
      const image = str(rec(rec(rec(rec(raw).Spec).TaskTemplate).ContainerSpec).Image);
      try {
        const inspected = await inspectImage(conn.docker, image);
        const exposed = inspected.Config.ExposedPorts.filter((k) => k.endsWith('/tcp'))
          .map((k) => Number(k.split('/')[0]))
          .filter((p) => Number.isInteger(p) && p > 0);
        if (exposed.length > 0) {
          s.ports = exposed;
          Object.assign(s, portFrom(M.say('stack.verify.port.expose', { image })));
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
      const n = parseOverlayNetwork(await inspectNetwork(conn.docker, id));
      if (n) networks.push(n);
    } catch {
      // A network removed under us: its services fail DNS and say so.
    }
  }
  const nodes = parseClusterNodes(await listNodes(conn.docker));
  let hostFacts: NodeNetworkFacts | undefined;
  if (opts.hostFacts !== false) hostFacts = await collectNodeFacts(conn, { sampleMs: 0 });
  return { stack, services, tasks, networks, nodes, localNodeId: str(swarm.NodeID), ...(hostFacts ? { hostFacts } : {}) };
}

/**
 * Which targets each running task probes, per network: every other service of the stack it shares that network
 * with (a target shared on several networks is probed on the first).
 */
export function planProbes(s: StackSnapshot): TaskProbe[] {
  const plan: TaskProbe[] = [];
  for (const service of s.services) {
    const byNetwork = new Map<string, StackService[]>();
    for (const b of s.services) {
      if (b.id === service.id) continue;
      const shared = service.networks.find((n) => b.networks.includes(n));
      if (shared !== undefined) byNetwork.set(shared, [...(byNetwork.get(shared) ?? []), b]);
    }
    for (const task of s.tasks.filter((t) => t.serviceId === service.id && t.state === 'running')) {
      for (const [networkId, targets] of byNetwork) plan.push({ task, service, targets, networkId });
    }
  }
  return plan;
}

/** One probe run per (node, network): it serves every task of that node on that network. */
export interface ProbeGroup {
  nodeId: string;
  networkId: string;
  members: TaskProbe[];
  targets: StackService[];
}

export function groupProbes(plan: readonly TaskProbe[]): ProbeGroup[] {
  const groups = new Map<string, ProbeGroup>();
  for (const p of plan) {
    const key = `${p.task.nodeId} ${p.networkId}`;
    const g = groups.get(key) ?? { nodeId: p.task.nodeId, networkId: p.networkId, members: [], targets: [] };
    g.members.push(p);
    for (const t of p.targets) if (!g.targets.some((x) => x.id === t.id)) g.targets.push(t);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** Probes run at the same time; each is a container or a job on one node. */
const PROBE_CONCURRENCY = 6;

async function runPlanned(conn: EngineConnection, s: StackSnapshot, plan: TaskProbe[], opts: VerifyOptions): Promise<void> {
  const groups = groupProbes(plan);
  let done = 0;
  opts.onProbe?.(0, groups.length);
  const queue = [...groups];
  const nodeName = (id: string) => s.nodes.find((n) => n.id === id)?.hostname || id;
  const networkName = (id: string) => s.networks.find((n) => n.id === id)?.name ?? id;
  const worker = async () => {
    for (let g = queue.shift(); g; g = queue.shift()) {
      const safe = g.targets.filter((t) => isSafeProbeName(t.name));
      const script = buildProbeScript(
        safe.map((t) => ({ name: t.name, ports: t.ports, tasksToo: t.endpointMode === 'vip' && t.ports.length > 0 })),
        { timeoutSeconds: opts.timeoutSeconds, maxAddresses: 8, ...(opts.marker !== undefined ? { marker: opts.marker } : {}) },
      );
      const local = g.nodeId === s.localNodeId ? g.members.find((m) => m.task.containerId !== undefined) : undefined;
      const method: ProbeMethod = opts.method ?? (local ? 'container' : 'service');
      const borrowed = local ?? g.members.find((m) => m.task.containerId !== undefined);
      // Connect attempts run one after another inside the script: its deadline grows with them.
      const attempts = safe.reduce((n, t) => n + t.ports.length * (t.endpointMode === 'vip' ? 2 : 8), 0);
      let output: ProbeOutput | undefined;
      let error: Message | undefined;
      let ran: string = method;
      try {
        const r = await runProbe(conn, {
          image: opts.probeImage,
          script,
          ...(borrowed?.task.containerId ? { containerId: borrowed.task.containerId } : {}),
          nodeId: g.nodeId,
          nodeName: nodeName(g.nodeId),
          networkId: g.networkId,
          networkName: networkName(g.networkId),
          method,
          deadlineMs: (attempts * (opts.timeoutSeconds + 2) + 15) * 1000,
          stack: s.stack,
        });
        output = parseProbeOutput(r.output);
        ran = r.method;
        if (!output.complete) {
          const said = r.output
            .split('\n')
            .filter((l) => !l.startsWith('SG-'))
            .join(' ')
            .slice(0, 200);
          error = M.say('stack.verify.detail.unfinished', { output: said !== '' ? said : M.say('stack.verify.detail.noOutput') });
        }
      } catch (e) {
        if (e instanceof UserError && e.exitCode === 4) throw e;
        error = messageOf(e);
      }
      for (const m of g.members) {
        if (output) m.output = output;
        if (error !== undefined) m.error = error;
        m.method = ran;
      }
      done += 1;
      opts.onProbe?.(done, groups.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PROBE_CONCURRENCY, groups.length) }, () => worker()));
}

/** Where a service's ports came from: the English the JSON keeps, and the message the printer says. */
function portFrom(source: Message | undefined): Pick<StackService, 'portSource' | 'portSourceSaid'> {
  return source === undefined ? { portSource: '' } : { portSource: english(source), portSourceSaid: source };
}

/** What a probe saw: the English the JSON keeps, and the message the printer says. */
function detailOf(detail: Message): Pick<ProbePair, 'detail' | 'detailSaid'> {
  return { detail: english(detail), detailSaid: detail };
}

/** A probe that could not run: the runner's own error, else that it did not run. */
const notRun = (p: TaskProbe) => detailOf(p.error ?? M.say('stack.verify.detail.notRun'));

/** A name that did not resolve: nslookup's own words as they are, else that it was not resolved. */
const notResolved = (error: string | undefined) => detailOf(error !== undefined ? rawMessage(error) : M.say('stack.verify.detail.notResolved'));

function withCause(pair: ProbePair, cause: Message | undefined): void {
  if (cause === undefined) return;
  pair.cause = english(cause);
  pair.causeSaid = cause;
}

const OUTCOME: Readonly<Record<Exclude<TcpOutcome, 'ok'>, Message>> = {
  refused: M.say('stack.verify.outcome.refused'),
  timeout: M.say('stack.verify.outcome.timeout'),
  unreachable: M.say('stack.verify.outcome.unreachable'),
  error: M.say('stack.verify.outcome.error'),
};

/** Turns probe outputs into A → B pairs with a status and, on failure, a cause (pure). */
export function evaluatePairs(s: StackSnapshot, plan: TaskProbe[]): ProbePair[] {
  const pairs: ProbePair[] = [];
  const nodeName = (id: string) => s.nodes.find((n) => n.id === id)?.hostname || id;
  for (const p of plan) {
    const from = {
      service: p.service.name,
      taskId: p.task.id,
      ...(p.task.slot !== undefined ? { slot: p.task.slot } : {}),
      nodeId: p.task.nodeId,
      node: nodeName(p.task.nodeId),
    };
    for (const target of p.targets) {
      if (target.ports.length === 0) {
        // No port known at all: name resolution is all that can be checked.
        const base = { from, to: { service: target.name }, ...(p.method ? { method: p.method } : {}) };
        const dns = p.output?.dns.find((d) => d.name === target.name);
        if (!p.output || p.error) pairs.push({ ...base, status: 'not run', addresses: [], ...notRun(p) });
        else if (dns?.ok)
          pairs.push({
            ...base,
            status: 'DNS only',
            addresses: dns.addresses,
            ...detailOf(M.say('stack.verify.detail.dnsOnly', { addresses: dns.addresses.join(', ') })),
          });
        else {
          const pair: ProbePair = { ...base, status: 'DNS failed', addresses: [], ...notResolved(dns?.error) };
          withCause(pair, failureCause(pair, { snapshot: s, from: p.task, target, output: p.output }));
          pairs.push(pair);
        }
        continue;
      }
      for (const port of target.ports) {
        const base = { from, to: { service: target.name, port }, ...(p.method ? { method: p.method } : {}) };
        if (!p.output || p.error) {
          pairs.push({ ...base, status: 'not run', addresses: [], ...notRun(p) });
          continue;
        }
        const dns = p.output.dns.find((d) => d.name === target.name);
        let pair: ProbePair;
        if (!dns || !dns.ok) {
          pair = { ...base, status: 'DNS failed', addresses: [], ...notResolved(dns?.error) };
        } else {
          // Every address the name resolves to is tried: one stale address is enough to fail some clients.
          const tcp = p.output.tcp.filter((t) => t.name === target.name && t.port === port);
          const bad = tcp.filter((t): t is TcpResult & { outcome: Exclude<TcpOutcome, 'ok'> } => t.outcome !== 'ok');
          const good = tcp.filter((t) => t.outcome === 'ok');
          const status: PairStatus = tcp.length === 0 ? 'error' : bad[0] ? STATUS_OF[bad[0].outcome] : 'OK';
          const answered = good.map((g) => g.address).join(', ');
          const detail =
            tcp.length === 0
              ? M.say('stack.verify.detail.noAttempt')
              : bad.length > 0
                ? listMessage(
                    [
                      ...bad.map((b) =>
                        M.say('stack.verify.detail.failedAt', { address: b.address, outcome: b.detail ? rawMessage(b.detail) : OUTCOME[b.outcome] }),
                      ),
                      ...(good.length > 0 ? [M.say('stack.verify.detail.othersAnswered', { addresses: answered })] : []),
                    ],
                    '; ',
                  )
                : M.say('stack.verify.detail.answered', { count: tcp.length, addresses: answered });
          pair = { ...base, status, addresses: dns.addresses, ...detailOf(detail), ...(bad.length > 0 ? { failed: bad.map((b) => b.address) } : {}) };
        }
        withCause(pair, failureCause(pair, { snapshot: s, from: p.task, target, output: p.output }));
        pairs.push(pair);
      }
    }
  }
  return pairs;
}

const PROBE_REFS = [NIST_NETWORK_SEPARATION];

// What stack verify reports, as rule metadata: the findings are built from it by the one check engine.
const NOT_CONVERGED = freezeMeta({
  id: 'stack-service-not-converged',
  title: 'Service is not running as many tasks as desired',
  severity: 'HIGH',
  description: 'A service of the stack runs fewer tasks than it asks for, so part of it cannot be probed.',
  remediation: 'see why with `swarmguard stack ps STACK --no-trunc` (placement constraints, image not found on the node, failing health checks)',
  references: [],
});
const DNS_ONLY = freezeMeta({
  id: 'stack-probe-dns-only',
  title: 'Only name resolution was checked: no port is known for the target',
  severity: 'INFO',
  description: 'With no port from the stack file, the image or --port, only the service name was resolved.',
  remediation: 'declare the port (EXPOSE in the image, ports in the stack file with -c FILE) or pass --port to test the connection too',
  references: [],
});
const NOT_RUN = freezeMeta({
  id: 'stack-probe-not-run',
  title: 'Service-to-service connectivity could not be probed',
  severity: 'MEDIUM',
  description: 'The probe between two services could not run.',
  remediation: 'check that both services share a network and the target listens on the port',
  references: PROBE_REFS,
});
const FAILED = freezeMeta({
  ...NOT_RUN,
  id: 'stack-probe-failed',
  title: 'Service-to-service connection by name failed',
  severity: 'HIGH',
  description: 'A service could not reach another by its name over their network.',
});

/** Findings for everything that keeps the stack from being verified (pure). */
export function verifyFindings(s: StackSnapshot, pairs: ProbePair[]): Finding[] {
  const findings: Finding[] = [];
  for (const svc of s.services) {
    if (svc.mode === 'job' || svc.running >= svc.desired) continue;
    findings.push(
      findingOf(
        NOT_CONVERGED,
        {
          target: { kind: 'service', name: svc.name, id: svc.id, stack: s.stack },
          message: `${svc.name}: ${svc.running}/${svc.desired} tasks running`,
          evidence: { desired: svc.desired, running: svc.running, mode: svc.mode },
          remediation: NOT_CONVERGED.remediation.replace('STACK', s.stack),
        },
        'swarm',
      ),
    );
  }
  findings.push(...evaluateOverlays(s.networks.filter((n) => !n.ingress)));
  for (const p of pairs) {
    if (p.status === 'OK') continue;
    const label = `${p.from.service}${p.from.slot !== undefined ? `.${p.from.slot}` : ''}@${p.from.node} → ${p.to.service}${p.to.port ? `:${p.to.port}` : ''}`;
    const target = { kind: 'service' as const, name: p.from.service, stack: s.stack };
    if (p.status === 'DNS only') {
      findings.push(
        findingOf(
          DNS_ONLY,
          { target, message: `${label}: ${p.detail}`, evidence: { from: p.from.service, to: p.to.service, status: p.status, addresses: p.addresses } },
          'swarm',
        ),
      );
      continue;
    }
    findings.push(
      findingOf(
        p.status === 'not run' ? NOT_RUN : FAILED,
        {
          target,
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
          // The evidence values said from messages, for the reader's language.
          said: { evidence: { ...(p.detailSaid ? { detail: p.detailSaid } : {}), ...(p.causeSaid ? { cause: p.causeSaid } : {}) } },
          ...(p.cause ? { remediation: p.cause } : {}),
        },
        'swarm',
      ),
    );
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
