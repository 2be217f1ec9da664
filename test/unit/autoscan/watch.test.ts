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
import { BLOCK_CONSTRAINT } from '../../../src/autoscan/enforce.js';
import type { EngineEvent } from '../../../src/autoscan/events.js';

const BAD = `sha256:${'b'.repeat(64)}`;
const CLEAN_ID = `sha256:${'c'.repeat(64)}`;
const GOOD = `reg:5000/team/ok:1@${CLEAN_ID}`;
const BAD_REF = `reg:5000/team/deb:1@${BAD}`;
const critical: Finding = { id: 'CVE-2099-0101', severity: 'CRITICAL', title: 'bash', target: { kind: 'image', ref: 'x' } } as Finding;

interface Svc {
  ID: string;
  UpdatedAt: string;
  Version: { Index: number };
  Spec: {
    Name: string;
    Mode: { Replicated?: { Replicas: number }; Global?: object; ReplicatedJob?: object };
    TaskTemplate: { ContainerSpec: { Image: string }; Placement?: { Constraints?: string[] } };
  };
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
      update: (opts: { _query: { rollback?: string; version: string }; _body: Svc['Spec'] }): Promise<void> => {
        const s = services.get(id)!;
        if (opts._query.version !== String(s.Version.Index)) return Promise.reject(new Error('update out of sequence'));
        if (opts._query.rollback === 'previous') {
          const prev = s.PreviousSpec!;
          s.PreviousSpec = s.Spec;
          s.Spec = prev;
          updates.push(`rollback ${id} → ${prev.TaskTemplate.ContainerSpec.Image}`);
        } else {
          s.PreviousSpec = s.Spec;
          s.Spec = opts._body;
          const c = opts._body.TaskTemplate.Placement?.Constraints ?? [];
          updates.push(opts._body.Mode.Replicated ? `update ${id} replicas=${opts._body.Mode.Replicated.Replicas}` : `update ${id} constraints=${c.join(',')}`);
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
  const deploy = (id: string, image: string, mode: Svc['Spec']['Mode'] = { Replicated: { Replicas: 1 } }) => {
    const old = services.get(id);
    const spec = { Name: `svc-${id}`, Mode: mode, TaskTemplate: { ContainerSpec: { Image: image } } };
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

/** Runs on the clean image (judged clean), deploys the bad one, and holds its scan open until `release`. */
async function badScanHeldOpen() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const t = setup({}, {}, async (job) => {
    if (job.digest === BAD) await gate;
    return job.digest === BAD ? [critical] : [];
  });
  t.history.record({ digest: CLEAN_ID, repository: 'reg:5000/team/ok', tag: '1', trigger: 'push' }, []);
  t.engine.deploy('s1', GOOD);
  t.engine.deploy('s1', BAD_REF);
  await t.watcher.onEvent(event('s1'));
  return { t, release };
}

/** Deploys `image` on s1 while the bad image's scan is held open, then lets that scan end. */
async function deployDuringBadScan(image: string) {
  const { t, release } = await badScanHeldOpen();
  t.engine.deploy('s1', image);
  await t.watcher.onEvent(event('s1'));
  release();
  await t.settle();
  return t;
}

describe('ServiceWatcher', () => {
  it('enforces on a digest another scan already judged (push → serve scans → deploy), back to a spec judged clean', async () => {
    const t = setup({});
    // serve scanned the push a minute ago, and the running image before that.
    t.history.record({ digest: BAD, repository: 'reg:5000/team/deb', tag: '1', trigger: 'push' }, [critical]);
    t.history.record({ digest: CLEAN_ID, repository: 'reg:5000/team/ok', tag: '1', trigger: 'push' }, []);
    t.engine.deploy('s1', GOOD);
    t.engine.deploy('s1', BAD_REF);
    await t.watcher.onEvent(event('s1'));
    await t.settle();
    expect(t.engine.updates).toEqual([`rollback s1 → ${GOOD}`]);
    expect(t.scanned).toEqual([]);
    expect(t.history.enforcements()[0]).toMatchObject({ service: 'svc-s1', action: 'rolled-back', digest: BAD });
    expect(t.history.enforcements()[0]!.reason).toMatch(/1 finding\(s\) at or above CRITICAL.*rolled svc-s1 back/);
    t.history.close();
  });

  it('rolls back an immediate redeploy of the same bad digest, but not its own rollback', async () => {
    const t = setup({});
    t.engine.deploy('s1', GOOD);
    await t.watcher.onEvent(event('s1', 'create'));
    await t.settle();
    t.engine.deploy('s1', BAD_REF);
    await t.watcher.onEvent(event('s1'));
    await t.settle();
    expect(t.engine.updates).toEqual([`rollback s1 → ${GOOD}`]);
    // The events of the rollback itself are ignored…
    await t.watcher.onEvent(event('s1'));
    await t.watcher.onEvent(event('s1'));
    expect(t.engine.updates).toHaveLength(1);
    // …a redeploy of the bad digest a moment later is not.
    t.engine.deploy('s1', BAD_REF);
    await t.watcher.onEvent(event('s1'));
    await t.settle();
    expect(t.engine.updates).toEqual([`rollback s1 → ${GOOD}`, `rollback s1 → ${GOOD}`]);
    expect(t.engine.imageOf('s1')).toBe(GOOD);
    expect(t.scanned).toEqual([`reg:5000/team/ok@${CLEAN_ID}`, `reg:5000/team/deb@${BAD}`]);
    t.history.close();
  });

  it('scans the pinned digest, never the manager’s tag (which points at a clean image)', async () => {
    const t = setup({ 'reg:5000/team/deb:1': CLEAN_ID });
    t.history.record({ digest: CLEAN_ID, repository: 'reg:5000/team/ok', tag: '1', trigger: 'push' }, []);
    t.engine.deploy('s1', GOOD);
    t.engine.deploy('s1', BAD_REF);
    await t.watcher.onEvent(event('s1'));
    await t.settle();
    expect(t.scanned).toEqual([`reg:5000/team/deb@${BAD}`]);
    expect(t.history.latestVerdict(BAD)).toMatchObject({ repository: 'reg:5000/team/deb', tag: '1' });
    expect(t.engine.updates).toEqual([`rollback s1 → ${GOOD}`]);
    t.history.close();
  });

  it('repro A: update to bad@B, then --force before B’s scan ends: never rolls back to B, scales to 0', async () => {
    // `service update --force`: same image, the previous spec is now B too.
    const t = await deployDuringBadScan(BAD_REF);
    expect(t.engine.updates).toEqual(['update s1 replicas=0']);
    expect(t.lines.join('\n')).toMatch(/previous spec's image reg:5000\/team\/deb:1@sha256:b+ fails the policy too: scaled it to 0 replicas/);
    // Its own scale-down runs a failing image: never exempt, but nothing more to do.
    await t.watcher.onEvent(event('s1'));
    expect(t.engine.updates).toHaveLength(1);
    t.history.close();
  });

  it('repro B: deploy bad B, then good G before B’s scan ends: G stays, never “rolled back” to B', async () => {
    const t = await deployDuringBadScan(GOOD);
    expect(t.engine.updates).toEqual([]);
    expect(t.engine.imageOf('s1')).toBe(GOOD);
    expect(t.lines.join('\n')).toMatch(/no longer runs the judged image/);
    expect(t.history.enforcements()[0]).toMatchObject({ action: 'moved', digest: BAD });
    t.history.close();
  });

  it('rolls back only to a previous spec judged clean: an unscanned previous image means scale to 0', async () => {
    const t = setup({});
    t.history.record({ digest: BAD, repository: 'reg:5000/team/deb', tag: '1', trigger: 'push' }, [critical]);
    t.engine.deploy('s1', `reg:5000/team/never:1@sha256:${'e'.repeat(64)}`);
    t.engine.deploy('s1', BAD_REF);
    await t.watcher.onEvent(event('s1'));
    expect(t.engine.updates).toEqual(['update s1 replicas=0']);
    expect(t.lines.join('\n')).toMatch(/has no clean verdict: scaled it to 0 replicas/);
    t.history.close();
  });

  it('constrains a global service and a job with a failing verdict to no node', async () => {
    const t = setup({});
    t.history.record({ digest: BAD, repository: 'reg:5000/team/deb', tag: '1', trigger: 'push' }, [critical]);
    t.engine.deploy('g', BAD_REF, { Global: {} });
    t.engine.deploy('j', BAD_REF, { ReplicatedJob: {} });
    await t.watcher.onEvent(event('g', 'create'));
    await t.watcher.onEvent(event('j', 'create'));
    expect(t.engine.updates).toEqual([`update g constraints=${BLOCK_CONSTRAINT}`, `update j constraints=${BLOCK_CONSTRAINT}`]);
    expect(t.lines.join('\n')).toMatch(/constrained the global service to no node/);
    expect(t.lines.join('\n')).toMatch(/constrained the job to no node/);
    t.history.close();
  });

  it('never stays silent about an image it cannot scan, and blocks it by default under --enforce', async () => {
    for (const [policy, expectUpdates, expectLine] of [
      ['allow', 0, /SCAN FAILED: .*allowed/],
      ['alert', 0, /ALERT: service svc-s1 runs .* could not be scanned/],
      ['block', 1, /POLICY: .*could not be scanned.*scaled it to 0 replicas/],
      [undefined, 1, /POLICY: .*could not be scanned.*--on-scan-failure block/],
    ] as const) {
      const t = setup({}, policy ? { onScanFailure: policy } : {}, () => Promise.reject(new Error('registry down')));
      t.engine.deploy('s1', GOOD);
      t.engine.deploy('s1', BAD_REF);
      await t.watcher.onEvent(event('s1'));
      await t.settle();
      expect(t.engine.updates, policy).toHaveLength(expectUpdates);
      expect(t.lines.join('\n'), policy).toMatch(expectLine);
      t.history.close();
    }
  });

  it('treats an unpinned spec as an image it cannot judge, even when the manager has the tag', async () => {
    const t = setup({ 'ghost/app:1': CLEAN_ID }, { enforce: 'scale-zero' });
    t.engine.deploy('s1', 'ghost/app:1');
    await t.watcher.onEvent(event('s1', 'create'));
    expect(t.engine.updates).toEqual(['update s1 replicas=0']);
    expect(t.scanned).toEqual([]);
    expect(t.lines.join('\n')).toMatch(/not pinned by digest: cannot tell which image the nodes run/);
    // Its own scale-down is not acted on again.
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
    t.engine.deploy('s1', BAD_REF);
    await t.watcher.onEvent(event('s1', 'create'));
    await t.settle();
    expect(t.engine.updates).toEqual([]);
    expect(t.lines.join('\n')).toMatch(/ALERT: service svc-s1 now runs .* has 1 finding\(s\) at or above CRITICAL \(scan #1\)/);
    t.history.close();
  });

  it('keeps a clean verdict when a fresh scan of the same digest fails', async () => {
    const t = setup(
      {},
      { onScanFailure: 'block' },
      () => Promise.reject(new Error('registry down')),
      // A window that ends a day in the future: no earlier scan counts as recent, so the digest is scanned again.
      -86_400_000,
    );
    t.history.record({ digest: CLEAN_ID, repository: 'reg:5000/team/ok', trigger: 'push' }, []);
    t.engine.deploy('s1', GOOD);
    await t.watcher.onEvent(event('s1'));
    await t.settle();
    expect(t.scanned).toEqual([`reg:5000/team/ok@${CLEAN_ID}`]);
    expect(t.engine.updates).toEqual([]);
    expect(t.lines.join('\n')).toMatch(/the earlier verdict stands/);
    t.history.close();
  });

  it('at start, judges the services deployed while it was not running', async () => {
    const t = setup({});
    t.history.record({ digest: CLEAN_ID, repository: 'reg:5000/team/ok', trigger: 'push' }, []);
    t.engine.deploy('old', BAD_REF);
    t.engine.deploy('s1', GOOD);
    // First start: remembers where it begins, judges nothing that was there before.
    expect(await t.watcher.catchUp(t.engine.now())).toBe(0);
    // watch stops; a bad digest is deployed meanwhile.
    t.engine.deploy('s1', BAD_REF);
    const restarted = t.restart();
    expect(await restarted.catchUp(t.engine.now())).toBe(1);
    await t.settle();
    expect(t.engine.updates).toEqual([`rollback s1 → ${GOOD}`]);
    expect(t.lines.join('\n')).toMatch(/catching up: 1 service/);
    t.history.close();
  });
});

describe('one enforcement at a time per service', () => {
  it('two events of one deploy enforce once: the later attempt waits, inspects again, and finds the service moved, never "out of sequence"', async () => {
    const { engine, watcher, history, lines } = setup({});
    history.record({ digest: CLEAN_ID, repository: 'reg:5000/team/ok', tag: '1', trigger: 'manual' }, []);
    history.record({ digest: BAD, repository: 'reg:5000/team/deb', tag: '1', trigger: 'manual' }, [critical]);
    engine.deploy('s1', GOOD);
    engine.deploy('s1', BAD_REF);
    await Promise.all([watcher.onEvent(event('s1')), watcher.onEvent(event('s1'))]);
    expect(engine.updates).toEqual([`rollback s1 → ${GOOD}`]);
    expect(engine.imageOf('s1')).toBe(GOOD);
    expect(lines.join('\n')).not.toMatch(/could not enforce|out of sequence/);
    expect(history.enforcements().map((e) => e.action)).not.toContain('failed');
  });

  it('blocks once when three events of a bad deploy without a clean previous spec race', async () => {
    const { engine, watcher, history, lines } = setup({});
    history.record({ digest: BAD, repository: 'reg:5000/team/deb', tag: '1', trigger: 'manual' }, [critical]);
    engine.deploy('s2', BAD_REF);
    await Promise.all([watcher.onEvent(event('s2')), watcher.onEvent(event('s2')), watcher.onEvent(event('s2'))]);
    expect(engine.updates).toEqual(['update s2 replicas=0']);
    expect(lines.join('\n')).not.toMatch(/could not enforce|out of sequence/);
  });
});
