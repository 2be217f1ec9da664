// Prints one plain closing line, "N passed, N failed, N skipped", that any CI can read.
import type { Reporter } from 'vitest/node';

type Task = { type: string; mode?: string; result?: { state?: string }; tasks?: Task[] };

/** Counts the tests under a task; returns how many of them failed. */
function count(task: Task, totals: { passed: number; failed: number; skipped: number }): number {
  if (task.type === 'test') {
    const state = task.result?.state;
    if (state === 'pass') totals.passed += 1;
    else if (state === 'fail') totals.failed += 1;
    else totals.skipped += 1;
    return state === 'fail' ? 1 : 0;
  }
  let failedBelow = 0;
  for (const child of task.tasks ?? []) failedBelow += count(child, totals);
  // A file or suite that failed outside its tests (load error, beforeAll/afterAll) must not look green.
  if (task.result?.state === 'fail' && failedBelow === 0) {
    totals.failed += 1;
    return 1;
  }
  return failedBelow;
}

export default class SummaryReporter implements Reporter {
  onFinished(files: Task[] = [], errors: unknown[] = []): void {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    for (const file of files) count(file, totals);
    totals.failed += errors.length;
    process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
  }
}
