// Why a probe pair failed: pure reasoning over the probe output, the stack's shape and the local node's facts.
import { english, type Message } from '../core/message.js';
import { evaluateAll, PROTO_ESP, PROTO_UDP } from '../network/firewall.js';
import { kernelSupport } from '../network/node-facts.js';
import type { OverlayNetwork } from '../network/overlay.js';
import { stackMessages as M } from './messages.js';
import type { ProbeOutput } from './probe-script.js';
import type { ProbePair, StackService, StackSnapshot, StackTask } from './verify-model.js';

export interface CauseContext {
  snapshot: StackSnapshot;
  from: StackTask;
  target: StackService;
  output: ProbeOutput;
}

function nodeName(s: StackSnapshot, id: string): string {
  return s.nodes.find((n) => n.id === id)?.hostname || id;
}

function nodeAddr(s: StackSnapshot, id: string): string {
  return s.nodes.find((n) => n.id === id)?.addr ?? '';
}

/** The nodes behind the addresses a probe tried (task IPs map to tasks; a VIP maps to every task of the service). */
export function destinationNodes(s: StackSnapshot, target: StackService, addresses: string[]): string[] {
  const nodes = new Set<string>();
  for (const a of addresses) {
    const task = s.tasks.find((t) => t.serviceId === target.id && t.addresses.some((x) => x.ip === a));
    if (task) nodes.add(task.nodeId);
    else if (target.vips.some((v) => v.addr === a)) for (const t of s.tasks) if (t.serviceId === target.id && t.state === 'running') nodes.add(t.nodeId);
  }
  return [...nodes];
}

/**
 * Addresses a dnsrr name resolves to that belong to no running task of the service and did not answer: what
 * a vip → dnsrr update in place leaves behind (the old VIP stays registered in the embedded DNS).
 */
export function staleAddresses(s: StackSnapshot, target: StackService, pair: ProbePair): string[] {
  if (target.endpointMode !== 'dnsrr' || pair.status === 'DNS failed') return [];
  const taskIps = new Set(s.tasks.filter((t) => t.serviceId === target.id && t.state === 'running').flatMap((t) => t.addresses.map((a) => a.ip)));
  if (taskIps.size === 0) return [];
  const failed = new Set(pair.failed ?? []);
  return pair.addresses.filter((a) => !taskIps.has(a) && failed.has(a));
}

function sharedNetworks(s: StackSnapshot, a: string[], b: string[]): OverlayNetwork[] {
  return s.networks.filter((n) => a.includes(n.id) && b.includes(n.id));
}

/** One sentence saying why `pair` failed, in English, or undefined when nothing more specific than its status is known. */
export function explainFailure(pair: ProbePair, ctx: CauseContext): string | undefined {
  const cause = failureCause(pair, ctx);
  return cause === undefined ? undefined : english(cause);
}

/** Why `pair` failed, as a message by id with its values, or undefined when nothing more specific than its status is known. */
export function failureCause(pair: ProbePair, ctx: CauseContext): Message | undefined {
  const { snapshot: s, from, target, output } = ctx;
  if (pair.status === 'OK' || pair.status === 'not run' || pair.status === 'DNS only') return undefined;
  const stale = staleAddresses(s, target, pair);
  if (stale.length > 0) {
    const running = s.tasks.filter((t) => t.serviceId === target.id && t.state === 'running').length;
    return M.say(stale.length === 1 ? 'stack.verify.cause.staleVip.one' : 'stack.verify.cause.staleVip.other', {
      service: target.name,
      count: pair.addresses.length,
      running,
      stale: stale.join(', '),
      stack: s.stack,
    });
  }
  if (pair.status === 'DNS failed') {
    if (target.running === 0) return M.say('stack.verify.cause.dnsNoTask', { service: target.name });
    const fromService = s.services.find((x) => x.id === from.serviceId);
    if (
      fromService &&
      sharedNetworks(s, fromService.networks, target.networks).length === 0 &&
      !fromService.networks.some((n) => target.networks.includes(n))
    ) {
      return M.say('stack.verify.cause.dnsNoNetwork', { service: target.name });
    }
    return M.say('stack.verify.cause.dnsNotResolved', { service: target.name });
  }
  if (pair.status === 'refused') {
    const port = pair.to.port ?? '?';
    const source = target.portSourceSaid ?? (target.portSource ? target.portSource : undefined);
    return source === undefined
      ? M.say('stack.verify.cause.refused', { port, service: target.name })
      : M.say('stack.verify.cause.refusedFrom', { port, service: target.name, source });
  }
  // timeout / unreachable / error: the packets went nowhere.
  const viaVip = pair.addresses.some((a) => target.vips.some((v) => v.addr === a)) || (target.endpointMode === 'vip' && pair.addresses.length > 0);
  const hostIsLocal = from.nodeId === s.localNodeId;
  const ipvsMissing = output.facts.ipvs === false || (hostIsLocal && s.hostFacts !== undefined && kernelSupport(s.hostFacts.kernel, 'ipvs').state === 'no');
  if (viaVip && ipvsMissing) {
    const tasksName = `tasks.${target.name}`;
    const tasksOk = output.tcp.some((t) => t.name === tasksName && t.outcome === 'ok');
    return tasksOk ? M.say('stack.verify.cause.noIpvsTasksAnswer', { tasks: tasksName }) : M.say('stack.verify.cause.noIpvs');
  }
  const fromService = s.services.find((x) => x.id === from.serviceId);
  const shared = sharedNetworks(s, fromService?.networks ?? [], target.networks);
  const encrypted = shared.filter((n) => n.encrypted);
  const addresses = viaVip
    ? s.tasks.filter((t) => t.serviceId === target.id && t.state === 'running').flatMap((t) => t.addresses.map((a) => a.ip))
    : pair.addresses;
  const destNodes = destinationNodes(s, target, addresses).filter((id) => id !== from.nodeId);
  const here = nodeName(s, from.nodeId);
  if (destNodes.length === 0) {
    return M.say('stack.verify.cause.sameNode', { service: target.name, node: here, port: pair.to.port ?? '?' });
  }
  const there = destNodes.map((id) => `${nodeName(s, id)}${nodeAddr(s, id) ? ` (${nodeAddr(s, id)})` : ''}`).join(', ');
  const facts = hostIsLocal ? s.hostFacts : undefined;
  if (encrypted.length > 0) {
    const netNames = encrypted.map((n) => n.name).join(', ');
    const espConfig = output.facts.espConfig ?? '';
    const espMissing = /is not set/.test(espConfig) || (facts !== undefined && kernelSupport(facts.kernel, 'esp').state === 'no');
    if (espMissing) {
      return M.say('stack.verify.cause.noEsp', { node: here, networks: netNames, peers: there });
    }
    if (facts?.xfrm.states !== undefined) {
      const self = nodeAddr(s, from.nodeId);
      const missing = destNodes.filter((id) => {
        const peer = nodeAddr(s, id);
        return !facts.xfrm.states!.some((st) => st.proto === 'esp' && st.src === self && st.dst === peer);
      });
      if (missing.length > 0) {
        const drops = facts.xfrm.statLater?.XfrmOutNoStates ?? facts.xfrm.stat?.XfrmOutNoStates;
        const peers = missing.map((id) => nodeName(s, id)).join(', ');
        return drops
          ? M.say('stack.verify.cause.noSaDrops', { node: here, peers, networks: netNames, drops })
          : M.say('stack.verify.cause.noSa', { node: here, peers, networks: netNames });
      }
    }
    if (facts && facts.firewall.rulesets.length > 0) {
      for (const id of destNodes) {
        const e = evaluateAll(facts.firewall.rulesets, { proto: PROTO_ESP, saddr: nodeAddr(s, id) });
        if (e.verdict === 'drop') return M.say('stack.verify.cause.firewallEsp', { node: here, peer: nodeName(s, id), rule: e.decidedBy });
      }
    }
    return M.say('stack.verify.cause.encryptedAcross', { networks: netNames, node: here, peers: there });
  }
  if (facts && facts.firewall.rulesets.length > 0) {
    for (const id of destNodes) {
      const e = evaluateAll(facts.firewall.rulesets, { proto: PROTO_UDP, dport: 4789, saddr: nodeAddr(s, id) });
      if (e.verdict === 'drop') return M.say('stack.verify.cause.firewallVxlan', { node: here, peer: nodeName(s, id), rule: e.decidedBy });
    }
  }
  return M.say('stack.verify.cause.across', { node: here, peers: there });
}
