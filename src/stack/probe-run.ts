// Runs the probe script for one (node, network): a short-lived container sharing the network namespace of a task
// on the node we talk to, or a one-shot service (one replica, no restart) pinned to the node and attached to the network, read back
// through its logs. Either is labelled com.swarmguard.role=probe, named for what it is, and removed when done,
// also after a failure or an interrupt.
import { EngineError, UserError, messageOf } from '../core/errors.js';
import { containerLogs, createService, listContainers, listTasks, serviceLogs } from '../engine/api.js';
import { createContainer, killContainer, removeContainer, removeObject, startContainer, waitContainer } from '../engine/objects.js';
import type { EngineConnection } from '../engine/connection.js';
import { engineMessage, engineStatus } from '../engine/models.js';
import { demuxDockerLogs } from './probe-script.js';
import { namePart, roleLabels, shortId, withCleanup } from './self-cleanup.js';
import { stackMessages as M } from './messages.js';
import { rawMessage, type Message } from '../core/message.js';

export const DEFAULT_PROBE_IMAGE = 'busybox:stable';

export type ProbeMethod = 'container' | 'service';

export interface ProbeRunRequest {
  image: string;
  script: string;
  /** A task container on the local node whose network namespace the probe shares (container method). */
  containerId?: string;
  nodeId: string;
  /** For names: the node's hostname and the network's name. */
  nodeName: string;
  networkName: string;
  /** Network id a service-mode probe attaches to. */
  networkId: string;
  method: ProbeMethod;
  /** Upper bound for the whole run, in ms. */
  deadlineMs: number;
  stack: string;
}

export interface ProbeRunResult {
  output: string;
  method: ProbeMethod;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isNotFound = (e: unknown) => engineStatus(e) === 404;

const imageHint = (image: string): Message => M.say('stack.probe.image.hint', { image });

export function probeName(req: Pick<ProbeRunRequest, 'stack' | 'nodeName' | 'networkName'>): string {
  const net = req.networkName.startsWith(`${req.stack}_`) ? req.networkName.slice(req.stack.length + 1) : req.networkName;
  return `swarmguard-probe-${namePart(req.stack)}-${namePart(req.nodeName, 16)}-${namePart(net, 16)}-${shortId()}`;
}

function probeLabels(req: ProbeRunRequest): Record<string, string> {
  return roleLabels('probe', { 'com.swarmguard.stack': req.stack, 'com.swarmguard.node': req.nodeId, 'com.swarmguard.network': req.networkId });
}

/** Waits, bounded, until `fn` is true. */
async function until(fn: () => Promise<boolean>, ms: number, stepMs = 200): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn().catch(() => false)) return true;
    if (Date.now() >= end) return false;
    await sleep(stepMs);
  }
}

async function runInContainer(conn: EngineConnection, req: ProbeRunRequest): Promise<ProbeRunResult> {
  if (!req.containerId) throw new EngineError(M.say('stack.probe.noContainer'));
  const name = probeName(req);
  let container: string | undefined;
  const remove = async () => {
    await removeContainer(conn.docker, container ?? name).catch(() => undefined);
  };
  return withCleanup(remove, async () => {
    try {
      container = await createContainer(conn.docker, {
        name,
        Image: req.image,
        Cmd: ['sh', '-c', req.script],
        Labels: probeLabels(req),
        HostConfig: { NetworkMode: `container:${req.containerId}`, AutoRemove: false, ReadonlyRootfs: true, CapDrop: ['ALL'] },
      });
    } catch (e) {
      if (isNotFound(e) && /image/i.test(engineMessage(e)))
        throw new UserError(M.say('stack.probe.imageMissing', { image: req.image }), { hint: imageHint(req.image), code: 'failed' });
      throw new EngineError(M.say('stack.probe.container', { error: rawMessage(engineMessage(e)) }), { cause: e });
    }
    const id = container;
    await startContainer(conn.docker, id);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((r) => (timer = setTimeout(() => r('deadline'), req.deadlineMs)));
    try {
      const waited = await Promise.race([waitContainer(conn.docker, id), deadline]);
      if (waited === 'deadline') await killContainer(conn.docker, id).catch(() => undefined);
    } finally {
      clearTimeout(timer);
    }
    return { output: demuxDockerLogs(await containerLogs(conn.docker, id)), method: 'container' as const };
  });
}

async function runAsService(conn: EngineConnection, req: ProbeRunRequest): Promise<ProbeRunResult> {
  const name = probeName(req);
  let serviceId: string | undefined;
  const remove = async () => {
    const id = serviceId ?? name;
    await removeObject(conn.docker, 'service', id).catch(() => undefined);
    // The task's container goes with the service, a moment later: wait for it on this node, so nothing is left.
    await until(async () => {
      const left = await listContainers(conn.docker, { all: true, filters: { label: [`com.docker.swarm.service.name=${name}`] } });
      return left.length === 0;
    }, 15_000);
  };
  return withCleanup(remove, async () => {
    try {
      serviceId = await createService(conn.docker, {
        Name: name,
        Labels: probeLabels(req),
        TaskTemplate: {
          ContainerSpec: { Image: req.image, Command: ['sh', '-c', req.script], ReadOnly: true, Labels: probeLabels(req) },
          RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
          Placement: { Constraints: [`node.id==${req.nodeId}`] },
          Networks: [{ Target: req.networkId }],
        },
        // One replica that is never restarted, not a ReplicatedJob: a worker node keeps the exited container of a job
        // after its service is removed, while it removes a replicated service's container with the service.
        Mode: { Replicated: { Replicas: 1 } },
      });
    } catch (e) {
      throw new EngineError(M.say('stack.probe.service', { error: messageOf(e) }), { cause: e, hint: M.say('stack.probe.service.hint') });
    }
    const end = Date.now() + req.deadlineMs + 20_000; // scheduling and image start on a remote node take a while
    let state = '';
    let err = '';
    while (Date.now() < end) {
      const [t] = await listTasks(conn.docker, { service: [serviceId] });
      state = t?.Status.State ?? '';
      err = t?.Status.Err ?? '';
      if (['complete', 'failed', 'rejected', 'shutdown', 'orphaned'].includes(state)) break;
      await sleep(300);
    }
    if (state === 'rejected' && /No such image|pull access|not found/i.test(err)) {
      throw new UserError(M.say('stack.probe.imageMissingOn', { image: req.image, node: req.nodeName, error: rawMessage(err) }), {
        hint: imageHint(req.image),
        code: 'failed',
      });
    }
    const output = demuxDockerLogs(await serviceLogs(conn.docker, serviceId));
    return { output: output === '' && err ? `SG-ERROR ${err}` : output, method: 'service' as const };
  });
}

export async function runProbe(conn: EngineConnection, req: ProbeRunRequest): Promise<ProbeRunResult> {
  return req.method === 'container' ? runInContainer(conn, req) : runAsService(conn, req);
}
