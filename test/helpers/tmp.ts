// Temporary directories for tests, removed when the test file is done: one helper instead of a mkdtempSync (and a
// forgotten rmSync) in every file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made = new Set<string>();
// Registered when a test file imports this helper (while vitest collects the file), so it runs after its last test.
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
});

/** A fresh directory under the system's temporary directory, removed after the test file's last test. */
export function tempDir(prefix = 'sg-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}
