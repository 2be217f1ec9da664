// The watcher's decisions, against an engine double that answers service and image inspects and records
// updates. test/integration/watch.test.ts proves the same on the real swarm.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { HistoryStore } from '../../../src/history/store.js';
import { ScanQueue, type ScanJob } from '../../../src/autoscan/queue.js';
import { ServiceWatcher, type WatchPolicy } from '../../../src/autoscan/watch.js';
import type { EngineEvent } from '../../../src/autoscan/events.js';

const BAD = `sha256:${'b'.repeat(64)}`;
const CLEAN_ID = `sha256:${'c'.repeat(64)}`;
const critical: Finding = { id: 'CVE-2099-0101', severity: 'CRITICAL', title: 'bash', target: { kind: 'image', ref: 'x' } } as Finding;

interface Svc {
  ID: string;
  UpdatedAt: string;
  Version: { Index: number };
  Spec: { Name: string; Mode: { Replicated: { Replicas: number } }; TaskTemplate: { ContainerSpec: { Image: string } } };
  PreviousSpec?: Svc['Spec'];
}

/** Just enough of dockerode: services that can be inspected and updated (rollback swaps Spec and PreviousSpec), local images by name. */
function fakeEngine(localImages: Record<string, string>) {
  const services = new Map<string, Svc>();
  const updates: string[] = [];
  let clock = Date.parse('2026-11-29T10:00:00Z');
  const docker = {
    listServices: () => Promise.resolve([...services.values()].map((s) => structuredClone(s))),
    getService: (id: string) => ({
      inspect: () => Promise.resolve(structuredClone(services.get(id)!)),
      update: (opts: { _query: { rollback?: string }; _body: Svc['Spec'] }): Promise<void> => {
        const s = services.get(id)!;
        if (opts._query.rollback === 'previous') {
          const prev = s.PreviousSpec!;
          s.PreviousSpec = s.Spec;
          s.Spec = prev;
          updates.push(`rollback ${id} → ${prev.TaskTemplate.ContainerSpec.Image}`);
        } else {
          s.PreviousSpec = s.Spec;
          s.Spec = opts._body;
          updates.push(`update ${id} replicas=${opts._body.Mode.Replicated.Replicas}`);
        }
        s.Version.Index += 1;
        return Promise.resolve();
      },
    }),
    getImage: (name: string) => ({
      inspect: () => {
        const id = localImages[name];
        return id ? Promise.resolve({ Id: id }) : Promise.reject(new Error(`No such image: ${name}`));
      },
    }),
  };
  const deploy = (id: string, image: string) => {
    const old = services.get(id);
    const spec = { Name: `svc-${id}`, Mode: { Replicated: { Replicas: 1 } }, TaskTemplate: { ContainerSpec: { Image: image } } };
    clock += 1000;
    services.set(id, {
      ID: id,
      UpdatedAt: new Date(clock).toISOString(),
      Version: { Index: (old?.Version.Index ?? 0) + 1 },
      Spec: spec,
      ...(old ? { PreviousSpec: old.Spec } : {}),
    });
  };
  return {
    docker: docker as unknown as Docker,
    deploy,
    updates,
    now: () => clock,
    imageOf: (id: string) => services.get(id)!.Spec.TaskTemplate.ContainerSpec.Image,
  };
}

const event = (id: string, action = 'update'): EngineEvent => ({
  Type: 'service',
  Action: action,
  Actor: { ID: id, Attributes: { name: `svc-${id}` } },
  time: 0,
  timeNano: 0,
  timeNanoText: '0',
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(localImages: Record<string, string>, policy: Partial<WatchPolicy> = {}, scanner?: (job: ScanJob) => Promise<Finding[]>, recentMs?: number) {
  const d = mkdtempSync(path.join(os.tmpdir(), 'sg-watcher-'));
  dirs.push(d);
  const history = new HistoryStore(path.join(d, 'h.db'));
  const engine = fakeEngine(localImages);
  const scanned: string[] = [];
  const lines: string[] = [];
  let watcher!: ServiceWatcher;
  const queue = new ScanQueue(
    history,
    async (job) => {
      scanned.push(job.ref);
      return (scanner ?? ((j) => Promise.resolve(j.digest === BAD ? [critical] : [])))(job);
    },
    {
      log: (l) => lines.push(l),
      retryDelayMs: 1,
      attempts: 1,
      ...(recentMs !== undefined ? { recentMs } : {}),
      onDone: (job, _id, f) => watcher.onScanned(job, f),
      onFailed: (job, _id, e) => watcher.onScanFailed(job, e),
    },
  );
  watcher = new ServiceWatcher(engine.docker, queue, history, { threshold: 'CRITICAL', enforce: 'rollback', ...policy }, (l) => lines.push(l));
  const settle = async () => {
    await queue.idle();
  };
  /** A new watcher on the same history and queue, as after a restart. */
  const restart = () => {
    watcher = new ServiceWatcher(engine.docker, queue, history, { threshold: 'CRITICAL', enforce: 'rollback', ...policy }, (l) => lines.push(l));
    return watcher;
  };
  return { history, engine, watcher, queue, scanned, lines, settle, restart };
}

describe('ServiceWatcher', () => {
  it('enforces on a digest another scan already judged (push → serve scans → deploy)', async () => {
    const t = setup({});
    // serve scanned the push a minute ago.
    t.history.record({ digest: BAD, repository: 'reg:5000/team/deb', tag: '1', trigger: 'push' }, [critical]);
    t.engine.deploy('s1', 'busybox:latest');
    t.engine.deploy('s1', `reg:5000/team/deb:1@${BAD}`);
    await t.watcher.onEvent(event('s1'));
    await t.settle();
    expect(t.engine.updates).toEqual(['rollback s1 → busybox:latest']);
    expect(t.scanned).toEqual([]);
    t.history.close();
  });

  it('rolls back an immediate redeploy of the same bad digest, but not its own rollback', async () => {
    const t = setup({ 'busybox:latest': CLEAN_ID });
    t.engine.deploy('s1', 'busybox:latest');
    await t.watcher.onEvent(event('s1', 'create'));
    t.engine.deploy('s1', `reg:5000/team/deb:1@${BAD}`);
    await t.watcher.onEvent(event('s1'));
    await t.settle();
    expect(t.engine.updates).toEqual(['rollback s1 → busybox:latest']);
    // The events of the rollback itself are ignored…
    await t.watcher.onEvent(event('s1'));
    await t.watcher.onEvent(event('s1'));
    expect(t.engine.updates).toHaveLength(1);
    // …a redeploy of the bad digest a moment later is not.
    t.engine.deploy('s1', `reg:5000/team/deb:1@${BAD}`);
    await t.watcher.onEvent(event('s1'));
    await t.settle();
    expect(t.engine.updates).toEqual(['rollback s1 → busybox:latest', 'rollback s1 → busybox:latest']);
    expect(t.engine.imageOf('s1')).toBe('busybox:latest');
    expect(t.scanned).toEqual([CLEAN_ID, `reg:5000/team/deb@${BAD}`]);
    t.history.close();
  });

  it('scans the pinned digest, never the manager’s tag (which points at a clean image)', async () => {
    const t = setup({ 'reg:5000/team/deb:1': CLEAN_ID, 'busybox:latest': CLEAN_ID });
    t.engine.deploy('s1', 'busybox:latest');
    t.engine.deploy('s1', `reg:5000/team/deb:1@${BAD}`);
    await t.watcher.onEvent(event('s1'));
    await t.settle();
    expect(t.scanned).toEqual([`reg:5000/team/deb@${BAD}`]);
    expect(t.history.latestVerdict(BAD)).toMatchObject({ repository: 'reg:5000/team/deb', tag: '1' });
    expect(t.history.latestVerdict(CLEAN_ID)).toBeUndefined();
    expect(t.engine.updates).toEqual(['rollback s1 → busybox:latest']);
    t.history.close();
  });

  it('never stays silent about an image it cannot scan, and enforces when told to', async () => {
    for (const [policy, expectUpdates, expectLine] of [
      ['allow', 0, /SCAN FAILED: .*allowed/],
      ['alert', 0, /ALERT: service svc-s1 runs .* could not be scanned/],
      ['enforce', 1, /POLICY: .*could not be scanned.*rolled svc-s1 back/],
    ] as const) {
      const t = setup({}, { onScanFailure: policy }, () => Promise.reject(new Error('registry down')));
      t.engine.deploy('s1', 'busybox:latest');
      t.engine.deploy('s1', `reg:5000/team/deb:1@${BAD}`);
      await t.watcher.onEvent(event('s1'));
      await t.settle();
      expect(t.engine.updates, policy).toHaveLength(expectUpdates);
      expect(t.lines.join('\n'), policy).toMatch(expectLine);
      t.history.close();
    }
  });

  it('treats an unpinned image missing from the manager as a scan failure', async () => {
    const t = setup({}, { onScanFailure: 'enforce', enforce: 'scale-zero' });
    t.engine.deploy('s1', 'ghost/app:1');
    await t.watcher.onEvent(event('s1', 'create'));
    expect(t.engine.updates).toEqual(['update s1 replicas=0']);
    expect(t.lines.join('\n')).toMatch(/not pinned by digest and not on this manager/);
    // Its own scale-down is not judged again; scaling it back up is.
    await t.watcher.onEvent(event('s1'));
    expect(t.engine.updates).toHaveLength(1);
    t.history.close();
  });

  it('keeps control characters from a service spec out of the log', async () => {
    const t = setup({}, { onScanFailure: 'alert' });
    t.engine.deploy('s1', 'x:1\u001b[2J\nFORGED');
    await t.watcher.onEvent(event('s1', 'create'));
    expect(t.lines.join('\n')).not.toContain('\u001b');
    expect(t.lines.join('\n')).not.toContain('\nFORGED');
    t.history.close();
  });

  it('without --enforce, reports a deploy of a digest an earlier scan found bad', async () => {
    const t = setup({}, { enforce: undefined });
    t.history.record({ digest: BAD, repository: 'reg:5000/team/deb', trigger: 'push' }, [critical]);
    t.engine.deploy('s1', `reg:5000/team/deb:1@${BAD}`);
    await t.watcher.onEvent(event('s1', 'create'));
    await t.settle();
    expect(t.engine.updates).toEqual([]);
    expect(t.lines.join('\n')).toMatch(/ALERT: service svc-s1 now runs .* has 1 finding\(s\) at or above CRITICAL \(scan #1\)/);
    t.history.close();
  });

  it('keeps a clean verdict when a fresh scan of the same digest fails', async () => {
    const t = setup(
      {},
      { onScanFailure: 'enforce' },
      () => Promise.reject(new Error('registry down')),
      // A window that ends a day in the future: no earlier scan counts as recent, so the digest is scanned again.
      -86_400_000,
    );
    const OK = `sha256:${'d'.repeat(64)}`;
    t.history.record({ digest: OK, repository: 'reg:5000/team/ok', trigger: 'push' }, []);
    t.engine.deploy('s1', 'busybox:latest');
    t.engine.deploy('s1', `reg:5000/team/ok:1@${OK}`);
    await t.watcher.onEvent(event('s1'));
    await t.settle();
    expect(t.scanned).toEqual([`reg:5000/team/ok@${OK}`]);
    expect(t.engine.updates).toEqual([]);
    expect(t.lines.join('\n')).toMatch(/the earlier verdict stands/);
    t.history.close();
  });

  it('at start, judges the services deployed while it was not running', async () => {
    const t = setup({ 'busybox:latest': CLEAN_ID });
    t.engine.deploy('old', `reg:5000/team/deb:1@${BAD}`);
    t.engine.deploy('s1', 'busybox:latest');
    // First start: remembers where it begins, judges nothing that was there before.
    expect(await t.watcher.catchUp(t.engine.now())).toBe(0);
    // watch stops; a bad digest is deployed meanwhile.
    t.engine.deploy('s1', `reg:5000/team/deb:1@${BAD}`);
    const restarted = t.restart();
    expect(await restarted.catchUp(t.engine.now())).toBe(1);
    await t.settle();
    expect(t.engine.updates).toEqual(['rollback s1 → busybox:latest']);
    expect(t.lines.join('\n')).toMatch(/catching up: 1 service/);
    t.history.close();
  });
});
