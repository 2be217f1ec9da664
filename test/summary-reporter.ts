// Prints one plain closing line, "N passed, N failed, N skipped", that any CI can read.
import type { Reporter } from 'vitest/node';

type Task = { type: string; mode?: string; result?: { state?: string }; tasks?: Task[] };

function count(task: Task, totals: { passed: number; failed: number; skipped: number }): void {
  if (task.type === 'test') {
    const state = task.result?.state;
    if (state === 'pass') totals.passed += 1;
    else if (state === 'fail') totals.failed += 1;
    else totals.skipped += 1;
    return;
  }
  for (const child of task.tasks ?? []) count(child, totals);
}

export default class SummaryReporter implements Reporter {
  onFinished(files: Task[] = [], errors: unknown[] = []): void {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    for (const file of files) {
      const before = totals.failed + totals.passed + totals.skipped;
      count(file, totals);
      // A file that failed to load has no tests but must not look green.
      if (file.result?.state === 'fail' && totals.failed + totals.passed + totals.skipped === before) totals.failed += 1;
    }
    totals.failed += errors.length;
    process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
  }
}
