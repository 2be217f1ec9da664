// Setup file of the integration tests: makes a slow test say what it is waiting for.
// - Every 30 s a test runs, it prints its name, how long it has run, and what it waits for (set by
//   waitingFor(), which test/helpers/run.ts calls).
// - A synchronous child process (spawnSync, execFileSync, execSync) that blocks the test worker for
//   more than 15 s is reported by command: a worker blocked for 60 s fails the whole run with
//   `Timeout calling "onTaskUpdate"`, so such calls belong in test/helpers/run.ts (asynchronous).
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { afterEach, beforeEach } from 'vitest';

const NOTE_EVERY_MS = 30_000;
const BLOCK_WARN_MS = 15_000;

// One state per worker process: each test file evaluates this module anew (isolation), while the
// wrapped child_process functions are installed once.
interface State {
  test: string;
  waiting: string | undefined;
  timer: NodeJS.Timeout | undefined;
  wrapped: boolean;
}
const NO_TEST = '(a hook, outside any test)';
const key = Symbol.for('swarmguard.watchdog');
const g = globalThis as typeof globalThis & { [key]?: State };
const state: State = (g[key] ??= { test: NO_TEST, waiting: undefined, timer: undefined, wrapped: false });

/** Names what the running test waits for, until cleared with `undefined`. */
export function waitingFor(what: string | undefined): void {
  state.waiting = what;
}

const note = (line: string) => process.stderr.write(`[watchdog] ${line}\n`);

beforeEach((ctx) => {
  state.test = ctx.task.name;
  const started = Date.now();
  state.timer = setInterval(() => {
    const s = Math.round((Date.now() - started) / 1000);
    note(`"${state.test}" still running after ${s} s${state.waiting ? `, waiting for ${state.waiting}` : ''}`);
  }, NOTE_EVERY_MS);
  state.timer.unref();
});

afterEach(() => {
  clearInterval(state.timer);
  state.waiting = undefined;
  state.test = NO_TEST;
});

const describeCall = (file: unknown, args: unknown): string => {
  const argv = Array.isArray(args) ? args.map(String) : [];
  return [String(file), ...argv].join(' ').slice(0, 160);
};

type SyncFn = (...a: never[]) => unknown;
function timed<F extends SyncFn>(name: string, fn: F): F {
  const wrapped = function (this: unknown, ...a: Parameters<F>): ReturnType<F> {
    const t0 = Date.now();
    try {
      return fn.apply(this, a) as ReturnType<F>;
    } finally {
      const ms = Date.now() - t0;
      if (ms > BLOCK_WARN_MS) {
        note(`"${state.test}": ${name}(${describeCall(a[0], a[1])}) blocked the test worker for ${Math.round(ms / 1000)} s; use test/helpers/run.ts`);
      }
    }
  };
  return wrapped as F;
}

if (!state.wrapped) {
  state.wrapped = true;
  const cp = childProcess;
  cp.spawnSync = timed('spawnSync', cp.spawnSync);
  cp.execFileSync = timed('execFileSync', cp.execFileSync);
  cp.execSync = timed('execSync', cp.execSync);
  syncBuiltinESMExports();
}
