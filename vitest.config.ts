import { defineConfig } from 'vitest/config';

// Chosen for a busy 2-core machine, where the suite must not flake:
// - forks, not threads: native addons (better-sqlite3) and process.chdir/env changes stay per process.
// - Integration tests share one Docker engine: one fork runs their files one after another (singleFork), so no
//   two of them race for the engine. The tests of the multi-node lab alone (project `lab`) do the same, beside them.
// - Unit tests use the other core(s) meanwhile.
// - Timeouts are generous, because the machine is shared; a test waits for a condition, never a fixed time.
// - A test worker must not block its event loop for long (spawnSync/execFileSync of a slow command): a
//   worker that is blocked for 60 s misses the answer to its own progress report to vitest and fails
//   with `Timeout calling "onTaskUpdate"`, whatever the test did. test/helpers/watchdog.ts reports such
//   calls by name; test/helpers/run.ts runs commands without blocking and says what it waits for.
/** Tests against a real engine, one file after another in one fork: test/NAME/. */
function engineProject(name: string) {
  return {
    test: {
      name,
      include: [`test/${name}/**/*.test.ts`],
      setupFiles: ['./test/helpers/watchdog.ts', './test/helpers/fast-check-seed.ts', './test/helpers/display-width.ts'],
      testTimeout: 300_000,
      hookTimeout: 600_000,
      pool: 'forks' as const,
      poolOptions: { forks: { singleFork: true } },
    },
  };
}

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    slowTestThreshold: 10_000,
    teardownTimeout: 60_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['./test/helpers/fast-check-seed.ts', './test/helpers/display-width.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      // Tests against real engines: the default one, the lab's alone beside it (test/helpers/lab.ts: they never
      // touch the default engine or the kernel's audit rules), then the ones that need the lab and the kernel's
      // audit state to themselves (scripts/test.sh runs the three in that arrangement).
      engineProject('integration'),
      engineProject('lab'),
      engineProject('serial'),
    ],
  },
});
