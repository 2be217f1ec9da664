// The bound on engine calls in flight that the snapshot's container and image inspections share.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedRunner, mapBounded } from '../../../src/engine/snapshot.js';

/** A task that stays in flight until released, recording how many ran at once. */
function gate() {
  let inFlight = 0;
  let peak = 0;
  const started: number[] = [];
  const release: (() => void)[] = [];
  const task =
    (i: number, fail = false) =>
    async (): Promise<number> => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      started.push(i);
      await new Promise<void>((r) => release.push(r));
      inFlight -= 1;
      if (fail) throw new Error(`task ${i} failed`);
      return i * 10;
    };
  return { task, started, release, peak: () => peak, inFlight: () => inFlight };
}

/** Lets every promise callback queued so far run. */
const settle = () => new Promise<void>((r) => setImmediate(r));

describe('boundedRunner', () => {
  it('runs at most `limit` tasks at once, starts the rest in the order given, and returns each result', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(fc.boolean(), { maxLength: 25 }), async (limit, fails) => {
        const g = gate();
        const run = boundedRunner(limit);
        const all = Promise.allSettled(fails.map((fail, i) => run(g.task(i, fail))));
        await settle();
        expect(g.inFlight()).toBe(Math.min(limit, fails.length));
        // Release one task at a time, as the engine answers: a failed one frees its slot too.
        while (g.release.length > 0) {
          g.release.shift()!();
          await settle();
          expect(g.inFlight()).toBeLessThanOrEqual(limit);
        }
        const results = await all;
        expect(g.peak()).toBe(Math.min(limit, fails.length));
        expect(g.started).toEqual(fails.map((_, i) => i));
        results.forEach((r, i) => {
          if (fails[i]) expect(r).toMatchObject({ status: 'rejected', reason: new Error(`task ${i} failed`) });
          else expect(r).toEqual({ status: 'fulfilled', value: i * 10 });
        });
      }),
      { numRuns: 60 },
    );
  });

  it('shares one bound between callers (containers and images together)', async () => {
    const g = gate();
    const run = boundedRunner(3);
    const a = Promise.all([0, 1, 2, 3].map((i) => run(g.task(i))));
    const b = Promise.all([4, 5, 6].map((i) => run(g.task(i))));
    await settle();
    expect(g.started).toEqual([0, 1, 2]);
    while (g.release.length > 0) {
      g.release.shift()!();
      await settle();
    }
    expect(await a).toEqual([0, 10, 20, 30]);
    expect(await b).toEqual([40, 50, 60]);
    expect(g.peak()).toBe(3);
  });

  it('keeps the bound for tasks that arrive while others hand their slot on', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.nat({ max: 12 }), fc.nat({ max: 12 }), fc.nat({ max: 12 }), async (limit, first, released, later) => {
        const g = gate();
        const run = boundedRunner(limit);
        const batch1 = Promise.all(Array.from({ length: first }, (_, i) => run(g.task(i))));
        await settle();
        for (let k = 0; k < released && g.release.length > 0; k++) {
          g.release.shift()!();
          await settle();
        }
        const batch2 = Promise.all(Array.from({ length: later }, (_, i) => run(g.task(first + i))));
        await settle();
        expect(g.inFlight()).toBeLessThanOrEqual(limit);
        while (g.release.length > 0) {
          g.release.shift()!();
          await settle();
          expect(g.inFlight()).toBeLessThanOrEqual(limit);
        }
        await Promise.all([batch1, batch2]);
        expect(g.peak()).toBeLessThanOrEqual(limit);
        expect(g.started).toEqual(Array.from({ length: first + later }, (_, i) => i));
      }),
      { numRuns: 80 },
    );
  });

  it('treats a limit below one as one', async () => {
    const g = gate();
    const run = boundedRunner(0);
    const all = Promise.all([0, 1].map((i) => run(g.task(i))));
    await settle();
    expect(g.inFlight()).toBe(1);
    while (g.release.length > 0) {
      g.release.shift()!();
      await settle();
    }
    expect(await all).toEqual([0, 10]);
  });
});

describe('mapBounded', () => {
  it('maps every item in order with at most `limit` in flight', async () => {
    const g = gate();
    const out = mapBounded([1, 2, 3, 4, 5], 2, (i) => g.task(i)());
    await settle();
    expect(g.inFlight()).toBe(2);
    while (g.release.length > 0) {
      g.release.shift()!();
      await settle();
    }
    expect(await out).toEqual([10, 20, 30, 40, 50]);
    expect(g.peak()).toBe(2);
    expect(await mapBounded([], 4, () => Promise.resolve(1))).toEqual([]);
  });
});
