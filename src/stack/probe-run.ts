// Runs the probe script next to a task: a short-lived container sharing the task's netns on the node we talk to,
// or a one-shot job service pinned to the task's node and attached to its networks, read back through service logs.
import { randomBytes } from 'node:crypto';
import { EngineError, errorMessage, UserError } from '../core/errors.js';
import type { EngineConnection } from '../engine/connection.js';
import { demuxDockerLogs } from './probe-script.js';

export const PROBE_LABEL = 'org.swarmguard.probe';
export const DEFAULT_PROBE_IMAGE = 'busybox:stable';

export type ProbeMethod = 'container' | 'service';

export interface ProbeRunRequest {
  image: string;
  script: string;
  /** The task whose view we want. */
  containerId?: string;
  nodeId: string;
  /** Network ids to attach a service-mode probe to. */
  networks: string[];
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
const isNotFound = (e: unknown) => (e as { statusCode?: number }).statusCode === 404;

function imageHint(image: string): string {
  return `the probe image ${image} must exist on every node that runs a task (it needs /bin/sh, nslookup, nc, timeout and awk: busybox has them); \`docker pull ${image}\` or load it there, or pass --probe-image`;
}

async function runInContainer(conn: EngineConnection, req: ProbeRunRequest): Promise<ProbeRunResult> {
  if (!req.containerId) throw new EngineError('the task has no container yet');
  let container;
  try {
    container = await conn.docker.createContainer({
      Image: req.image,
      Cmd: ['sh', '-c', req.script],
      Labels: { [PROBE_LABEL]: req.stack },
      NetworkDisabled: false,
      HostConfig: { NetworkMode: `container:${req.containerId}`, AutoRemove: false, ReadonlyRootfs: true, CapDrop: ['ALL'] },
    });
  } catch (e) {
    if (isNotFound(e) && /image/i.test(errorMessage(e))) throw new UserError(`probe image ${req.image} is not on this node`, { hint: imageHint(req.image), exitCode: 4 });
    throw new EngineError(`cannot create the probe container: ${errorMessage(e)}`, { cause: e });
  }
  try {
    await container.start();
    const waited = await Promise.race([container.wait(), sleep(req.deadlineMs).then(() => 'deadline' as const)]);
    if (waited === 'deadline') await container.kill().catch(() => undefined);
    const logs = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    return { output: demuxDockerLogs(Buffer.isBuffer(logs) ? logs : Buffer.from(String(logs))), method: 'container' };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});

async function runAsService(conn: EngineConnection, req: ProbeRunRequest): Promise<ProbeRunResult> {
  const name = `sgprobe-${randomBytes(4).toString('hex')}`;
  let serviceId: string;
  try {
    const created = (await conn.docker.createService({
      Name: name,
      Labels: { [PROBE_LABEL]: req.stack },
      TaskTemplate: {
        ContainerSpec: { Image: req.image, Command: ['sh', '-c', req.script], ReadOnly: true },
        RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
        Placement: { Constraints: [`node.id==${req.nodeId}`] },
        Networks: req.networks.map((Target) => ({ Target })),
      },
      Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
    } as never)) as { id?: string; ID?: string };
    serviceId = created.id ?? created.ID ?? name;
  } catch (e) {
    throw new EngineError(`cannot create the probe service: ${errorMessage(e)}`, { cause: e, hint: 'stack verify needs a manager node' });
  }
  const service = conn.docker.getService(serviceId);
  try {
    const end = Date.now() + req.deadlineMs + 20_000; // scheduling and image start on a remote node take a while
    let state = '';
    let err = '';
    while (Date.now() < end) {
      const tasks = (await conn.docker.listTasks({ filters: { service: [serviceId] } })) as unknown[];
      const t = rec(tasks[0]);
      state = String(rec(t.Status).State ?? '');
      err = String(rec(t.Status).Err ?? '');
      if (['complete', 'failed', 'rejected', 'shutdown', 'orphaned'].includes(state)) break;
      await sleep(500);
    }
    if (state === 'rejected' && /No such image|pull access|not found/i.test(err)) {
      throw new UserError(`probe image ${req.image} is not available on node ${req.nodeId}: ${err}`, { hint: imageHint(req.image), exitCode: 4 });
    }
    const logs = (await service.logs({ stdout: true, stderr: true, follow: false } as never)) as unknown as Buffer;
    const output = demuxDockerLogs(Buffer.isBuffer(logs) ? logs : Buffer.from(String(logs)));
    return { output: output === '' && err ? `SG-ERROR ${err}` : output, method: 'service' };
  } finally {
    await service.remove().catch(() => undefined);
  }
}

export async function runProbe(conn: EngineConnection, req: ProbeRunRequest): Promise<ProbeRunResult> {
  return req.method === 'container' ? runInContainer(conn, req) : runAsService(conn, req);
}
