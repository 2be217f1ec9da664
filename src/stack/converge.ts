// After a deploy: follows each service's UpdateStatus and tasks until it converges, crash-loops, is rolled back
// or paused by Swarm, or the time is up. Judging one poll is pure (judgeService); the loop reads the engine.
import type Docker from 'dockerode';
import type { EngineService, EngineTask } from './engine-types.js';
import { demuxDockerLogs } from './probe-script.js';
import { listServices, listTasks, readInfo } from '../engine/api.js';

export type ConvergeState = 'waiting' | 'converged' | 'crash-loop' | 'rolled-back' | 'paused' | 'timeout';

export interface ServiceProgress {
  name: string;
  id: string;
  state: ConvergeState;
  running: number;
  desired: number;
  /** What Swarm says of the update ("updating", "rollback_completed"…), when one started with this deploy. */
  update?: string;
  /** One line for a person: what we wait for, or why it failed. */
  detail: string;
  /** The error of the latest failed task ("task: non-zero exit (1)"). */
  taskError?: string;
  /** The last line the failed task logged. */
  lastLog?: string;
  failedTaskId?: string;
}

export interface WatchTarget {
  name: string;
  /** create: every task is new; update: compared with the previous spec; unchanged: must still be running. */
  action: 'create' | 'update' | 'unchanged';
}

/** Failed tasks since the deploy began that make a service "crash-looping" while it is short of its replicas. */
export const CRASH_LOOP_FAILURES = 3;

const FAILED = new Set(['failed', 'rejected']);

function time(s: string | undefined): number {
  const t = Date.parse(s ?? '');
  return Number.isFinite(t) ? t : 0;
}

/** Key order independent JSON, to compare a spec with the previous one. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** True when this deploy changed the task template, so Swarm replaces the tasks. */
export function templateChanged(svc: EngineService): boolean {
  if (!svc.PreviousSpec) return false;
  return stable(svc.Spec.TaskTemplate) !== stable(svc.PreviousSpec.TaskTemplate);
}

export interface JudgeInput {
  service: EngineService;
  tasks: readonly EngineTask[];
  action: WatchTarget['action'];
  /** Engine time (ms) just before the deploy changed anything. */
  since: number;
  /** Engine-clock ms since the service first looked converged without an update status (see below). */
  stableForMs?: number;
  /** Engine time (ms) of this poll; running tasks count once they have run for `settleMs` (a crash-loop runs briefly). */
  now?: number;
  settleMs?: number;
}

/** How long a task must stay running to count, as `docker service create` waits before "Service converged". */
export const SETTLE_MS = 5000;

/** The state of one service at one poll (pure). */
export function judgeService(input: JudgeInput): ServiceProgress {
  const { service: svc, tasks, action, since } = input;
  const base = { name: svc.Spec.Name, id: svc.ID };
  const mode = svc.Spec.Mode;
  if (mode.ReplicatedJob || mode.GlobalJob) return { ...base, state: 'converged', running: 0, desired: 0, detail: 'job (not followed)' };
  const u = svc.UpdateStatus;
  const fresh = u !== undefined && time(u.StartedAt) >= since ? u : undefined;
  const update = fresh?.State;
  const renew = action === 'create' || (action === 'update' && templateChanged(svc));
  const live = tasks.filter((t) => t.DesiredState === 'running' && t.Status.State === 'running');
  const newLive = live.filter((t) => time(t.CreatedAt) >= since);
  const desired = mode.Replicated ? (mode.Replicated.Replicas ?? 1) : (svc.ServiceStatus?.DesiredTasks ?? live.length);
  const counted = renew ? newLive : live;
  const running = counted.length;
  const settled = input.now === undefined ? running : counted.filter((t) => input.now! - time(t.Status.Timestamp) >= (input.settleMs ?? SETTLE_MS)).length;
  const failed = tasks
    .filter((t) => FAILED.has(t.Status.State) && time(t.CreatedAt) >= since)
    .sort((a, b) => time(b.Status.Timestamp ?? b.CreatedAt) - time(a.Status.Timestamp ?? a.CreatedAt));
  const last = failed[0];
  const failure = last ? { failedTaskId: last.ID, taskError: last.Status.Err || last.Status.Message || last.Status.State } : {};
  const out = { ...base, running, desired, ...(update ? { update } : {}) };
  const msg = fresh?.Message ? `: ${fresh.Message}` : '';

  if (update === 'rollback_completed') return { ...out, ...failure, state: 'rolled-back', detail: `the update failed and Swarm rolled it back${msg}` };
  if (update === 'paused' || update === 'rollback_paused') {
    return { ...out, ...failure, state: 'paused', detail: `Swarm paused the ${update === 'paused' ? 'update' : 'rollback'}${msg}` };
  }
  if (update === 'rollback_started') return { ...out, ...failure, state: 'waiting', detail: `the update failed, Swarm is rolling it back${msg}` };
  const updating = update === 'updating';
  if (!updating && failed.length >= CRASH_LOOP_FAILURES && running < desired) {
    return { ...out, ...failure, state: 'crash-loop', detail: `${failed.length} tasks failed since the deploy and ${running}/${desired} run` };
  }
  if (desired === 0) return { ...out, state: 'converged', detail: 'no task wanted' };
  if (updating) return { ...out, state: 'waiting', detail: `updating${msg}` };
  if (running >= desired && settled < desired) return { ...out, state: 'waiting', detail: `${running}/${desired} running, making sure they stay up` };
  if (running >= desired) {
    // A changed template without an update status yet: Swarm may not have started replacing the tasks.
    if (renew && action === 'update' && update !== 'completed' && live.length !== newLive.length)
      return { ...out, state: 'waiting', detail: 'waiting for Swarm to replace the tasks' };
    return { ...out, state: 'converged', detail: `${running}/${desired} running` };
  }
  if (renew && action === 'update' && update === undefined && live.length >= desired && (input.stableForMs ?? 0) >= 5000) {
    // Swarm judged the change not to need new tasks (e.g. a placement change the node still meets).
    return { ...out, running: live.length, state: 'converged', detail: `${live.length}/${desired} running` };
  }
  const starting = tasks.filter((t) => t.DesiredState === 'running' && t.Status.State !== 'running' && !FAILED.has(t.Status.State));
  const states = [...new Set(starting.map((t) => t.Status.State))].join(', ');
  return {
    ...out,
    ...failure,
    state: 'waiting',
    detail: `${running}/${desired} running${states ? ` (${states})` : ''}${failed.length > 0 ? `, ${failed.length} failed` : ''}`,
  };
}

export interface ConvergeOptions {
  timeoutMs: number;
  pollMs?: number;
  onProgress?: (rows: readonly ServiceProgress[]) => void;
}

/** The engine's clock, so task and update times compare with the same clock that wrote them. */
export async function engineNow(docker: Docker): Promise<number> {
  const t = time((await readInfo(docker)).SystemTime);
  return t > 0 ? t : Date.now();
}

/** The last non-empty line a task logged; the log of a task that just failed can take a moment to be readable. */
export async function lastLogLine(docker: Docker, taskId: string, attempts = 4): Promise<string | undefined> {
  for (let i = 0; i < attempts; i++) {
    const line = await readLastLogLine(docker, taskId);
    if (line !== undefined) return line;
    if (i < attempts - 1) await new Promise((r) => setTimeout(r, 500));
  }
  return undefined;
}

async function readLastLogLine(docker: Docker, taskId: string): Promise<string | undefined> {
  try {
    // dockerode has Task#logs (GET /tasks/{id}/logs) but its typings do not declare it.
    const task = docker.getTask(taskId) as Docker.Task & { logs(opts: object): Promise<unknown> };
    // stdout and stderr come back as separate frames: order them by their timestamps, not by arrival.
    const raw = await task.logs({ stdout: true, stderr: true, tail: 20, follow: false, timestamps: true });
    const text = demuxDockerLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(typeof raw === 'string' ? raw : ''));
    const lines = text
      .split('\n')
      .map((l) => /^(\S+)\s(.*)$/.exec(l.replace(/\s+$/, '')))
      .filter((m): m is RegExpExecArray => m !== null && m[2] !== '')
      // RFC 3339 with trailing zeros trimmed from the nanoseconds: pad them so the strings compare in time order.
      .map((m) => ({ t: m[1]!.replace(/(\.\d+)?Z$/, (_z, frac: string | undefined) => `${(frac ?? '.').padEnd(10, '0')}Z`), text: m[2]! }))
      .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
    const line = lines.at(-1)?.text;
    return line === undefined ? undefined : line.slice(0, 300);
  } catch {
    return undefined;
  }
}

/** Polls until every target is decided or the timeout passes; failed services get their task error and last log line. */
export async function waitForConvergence(
  docker: Docker,
  stack: string,
  targets: readonly WatchTarget[],
  since: number,
  opts: ConvergeOptions,
): Promise<ServiceProgress[]> {
  const wanted = new Map(targets.map((t) => [t.name, t]));
  const decided = new Map<string, ServiceProgress>();
  const stableSince = new Map<string, number>();
  const started = Date.now();
  for (;;) {
    const services = (await listServices(docker, { status: true, filters: { label: [`com.docker.stack.namespace=${stack}`] } })).filter((s) =>
      wanted.has(s.Spec.Name),
    );
    const tasks = await listTasks(docker, { service: services.map((s) => s.ID) });
    const now = await engineNow(docker);
    const rows: ServiceProgress[] = [];
    for (const svc of services.sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name))) {
      const done = decided.get(svc.Spec.Name);
      if (done) {
        rows.push(done);
        continue;
      }
      const mine = tasks.filter((t) => t.ServiceID === svc.ID);
      const first = stableSince.get(svc.Spec.Name) ?? now;
      stableSince.set(svc.Spec.Name, first);
      const p = judgeService({ service: svc, tasks: mine, action: wanted.get(svc.Spec.Name)!.action, since, stableForMs: now - first, now });
      if (p.state !== 'waiting') {
        if (p.failedTaskId && p.state !== 'converged') {
          const line = await lastLogLine(docker, p.failedTaskId);
          if (line !== undefined) p.lastLog = line;
        }
        decided.set(svc.Spec.Name, p);
      }
      rows.push(p);
    }
    for (const name of wanted.keys()) {
      if (!services.some((s) => s.Spec.Name === name))
        rows.push({ name, id: '', state: 'waiting', running: 0, desired: 0, detail: 'not listed by the engine yet' });
    }
    opts.onProgress?.(rows);
    if (rows.every((r) => r.state !== 'waiting')) return rows;
    if (Date.now() - started >= opts.timeoutMs) {
      const out: ServiceProgress[] = [];
      for (const r of rows) {
        if (r.state !== 'waiting') {
          out.push(r);
          continue;
        }
        const t: ServiceProgress = { ...r, state: 'timeout', detail: `not converged after ${Math.round(opts.timeoutMs / 1000)}s: ${r.detail}` };
        if (r.failedTaskId) {
          const line = await lastLogLine(docker, r.failedTaskId);
          if (line !== undefined) t.lastLog = line;
        }
        out.push(t);
      }
      opts.onProgress?.(out);
      return out;
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000));
  }
}
