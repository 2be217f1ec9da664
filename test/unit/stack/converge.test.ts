import { describe, expect, it } from 'vitest';
import { CRASH_LOOP_FAILURES, judgeService, templateChanged } from '../../../src/stack/converge.js';
import { parseService, parseTaskList } from '../../../src/engine/models.js';
import type { EngineService, EngineTask, ServiceSpec } from '../../../src/stack/engine-types.js';

const SINCE = Date.parse('2026-01-01T10:00:00Z');
const at = (s: number) => new Date(SINCE + s * 1000).toISOString();

function spec(image = 'web:1', replicas = 1): ServiceSpec {
  return { Name: 'st_web', Labels: {}, TaskTemplate: { ContainerSpec: { Image: image, Labels: {} } }, Mode: { Replicated: { Replicas: replicas } } };
}

/** A service as the engine lists it, through the same parser the engine's answers go through. */
function service(over: Record<string, unknown> = {}): EngineService {
  return parseService({ ID: 'svc1', Version: { Index: 1 }, Spec: spec(), ...over });
}

function task(id: string, state: string, createdS: number, over: Record<string, unknown> = {}): EngineTask {
  const [t] = parseTaskList([
    {
      ID: id,
      ServiceID: 'svc1',
      DesiredState: FAILED.includes(state) ? 'shutdown' : 'running',
      CreatedAt: at(createdS),
      Status: { State: state, Timestamp: at(createdS + 1) },
      ...over,
    },
  ]);
  return t!;
}
const FAILED = ['failed', 'rejected'];

describe('judgeService', () => {
  it('a new service converges when its replicas run', () => {
    expect(judgeService({ service: service(), tasks: [task('t1', 'starting', 1)], action: 'create', since: SINCE }).state).toBe('waiting');
    const p = judgeService({ service: service(), tasks: [task('t1', 'running', 1)], action: 'create', since: SINCE });
    expect(p).toMatchObject({ state: 'converged', running: 1, desired: 1 });
  });

  it('a running task counts once it has stayed up a while (a crash-looping task runs briefly)', () => {
    const t = [task('t1', 'running', 1)];
    const early = judgeService({ service: service(), tasks: t, action: 'create', since: SINCE, now: SINCE + 3000 });
    expect(early.state).toBe('waiting');
    expect(early.detail).toMatch(/stay up/);
    expect(judgeService({ service: service(), tasks: t, action: 'create', since: SINCE, now: SINCE + 8000 }).state).toBe('converged');
  });

  it('a task left from before the deploy does not count for a new service', () => {
    expect(judgeService({ service: service(), tasks: [task('old', 'running', -60)], action: 'create', since: SINCE }).state).toBe('waiting');
  });

  it('crash-loop: repeated failed tasks since the deploy while short of replicas, with the latest task error', () => {
    const tasks = [
      task('t1', 'failed', 1, { Status: { State: 'failed', Err: 'task: non-zero exit (1)', Timestamp: at(2) } }),
      task('t2', 'failed', 6, { Status: { State: 'failed', Err: 'task: non-zero exit (3)', Timestamp: at(7) } }),
      task('t3', 'starting', 12),
    ];
    expect(judgeService({ service: service(), tasks, action: 'create', since: SINCE }).state).toBe('waiting');
    tasks.push(task('t4', 'failed', 11, { Status: { State: 'failed', Err: 'task: non-zero exit (7)', Timestamp: at(12) } }));
    const p = judgeService({ service: service(), tasks, action: 'create', since: SINCE });
    expect(CRASH_LOOP_FAILURES).toBe(3);
    expect(p).toMatchObject({ state: 'crash-loop', taskError: 'task: non-zero exit (7)', failedTaskId: 't4' });
  });

  it('failures from before the deploy are not counted', () => {
    const tasks = [task('a', 'failed', -30), task('b', 'failed', -20), task('c', 'failed', -10), task('d', 'starting', 1)];
    expect(judgeService({ service: service(), tasks, action: 'unchanged', since: SINCE }).state).toBe('waiting');
  });

  it("an update Swarm rolled back, or paused, is a failure with Swarm's message", () => {
    const rolled = service({ PreviousSpec: spec('web:0'), UpdateStatus: { State: 'rollback_completed', StartedAt: at(1), Message: 'rollback completed' } });
    expect(judgeService({ service: rolled, tasks: [task('t1', 'running', 5)], action: 'update', since: SINCE })).toMatchObject({
      state: 'rolled-back',
      update: 'rollback_completed',
    });
    const paused = service({
      PreviousSpec: spec('web:0'),
      UpdateStatus: { State: 'paused', StartedAt: at(1), Message: 'update paused due to failure or early termination of task x' },
    });
    expect(judgeService({ service: paused, tasks: [], action: 'update', since: SINCE }).detail).toMatch(/paused the update: update paused due to failure/);
    const rolling = service({ PreviousSpec: spec('web:0'), UpdateStatus: { State: 'rollback_started', StartedAt: at(1) } });
    expect(judgeService({ service: rolling, tasks: [], action: 'update', since: SINCE }).state).toBe('waiting');
  });

  it('an update status from an earlier deploy is ignored', () => {
    const old = service({ UpdateStatus: { State: 'rollback_completed', StartedAt: at(-600) } });
    expect(judgeService({ service: old, tasks: [task('t1', 'running', -500)], action: 'unchanged', since: SINCE }).state).toBe('converged');
  });

  it('a changed template waits for the update to complete and for new tasks', () => {
    const changed = { Spec: spec('web:2'), PreviousSpec: spec('web:1') };
    const svc = service(changed);
    expect(templateChanged(svc)).toBe(true);
    expect(judgeService({ service: svc, tasks: [task('old', 'running', -60)], action: 'update', since: SINCE }).state).toBe('waiting');
    const updating = service({ ...changed, UpdateStatus: { State: 'updating', StartedAt: at(0) } });
    expect(judgeService({ service: updating, tasks: [task('old', 'running', -60), task('new', 'running', 2)], action: 'update', since: SINCE }).state).toBe(
      'waiting',
    );
    const done = service({ ...changed, UpdateStatus: { State: 'completed', StartedAt: at(0) } });
    expect(judgeService({ service: done, tasks: [task('new', 'running', 2)], action: 'update', since: SINCE }).state).toBe('converged');
  });

  it('a change Swarm applies without new tasks converges once the old tasks have been stable a while', () => {
    const svc = service({
      Spec: { ...spec(), TaskTemplate: { ...spec().TaskTemplate, Placement: { Constraints: ['node.role==manager'] } } },
      PreviousSpec: spec(),
    });
    expect(judgeService({ service: svc, tasks: [task('old', 'running', -60)], action: 'update', since: SINCE, stableForMs: 1000 }).state).toBe('waiting');
    expect(judgeService({ service: svc, tasks: [task('old', 'running', -60)], action: 'update', since: SINCE, stableForMs: 6000 }).state).toBe('converged');
  });

  it('zero replicas and jobs need no waiting', () => {
    expect(judgeService({ service: service({ Spec: spec('web:1', 0) }), tasks: [], action: 'create', since: SINCE }).state).toBe('converged');
    expect(judgeService({ service: service({ Spec: { ...spec(), Mode: { ReplicatedJob: {} } } }), tasks: [], action: 'create', since: SINCE }).state).toBe(
      'converged',
    );
  });

  it('templateChanged ignores key order', () => {
    const a = spec();
    const b = JSON.parse(JSON.stringify({ TaskTemplate: { ContainerSpec: { Labels: {}, Image: 'web:1' } } })) as ServiceSpec;
    expect(templateChanged(service({ Spec: a, PreviousSpec: { ...a, TaskTemplate: b.TaskTemplate } }))).toBe(false);
    expect(templateChanged(service())).toBe(false);
  });
});
