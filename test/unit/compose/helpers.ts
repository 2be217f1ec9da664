// Test helpers: write compose files to a temporary directory, load them, run one rule.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../../src/core/finding.js';
import { loadCompose } from '../../../src/compose/load.js';
import type { LoadedCompose, LoadOptions } from '../../../src/compose/model.js';
import { composeRules, runRules } from '../../../src/compose/rules/index.js';
import { tempDir as sharedTempDir } from '../../helpers/tmp.js';

export function tempDir(prefix = 'sg-compose-'): string {
  return sharedTempDir(prefix);
}

/** Writes `files` (name → content) into a fresh directory and returns its path. */
export function writeFiles(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

export async function loadText(yaml: string, extra: Record<string, string> = {}, opts: LoadOptions = {}): Promise<LoadedCompose> {
  const dir = writeFiles({ 'stack.yml': yaml, ...extra });
  return loadCompose(['stack.yml'], { env: {}, cwd: dir, ...opts });
}

/** Runs one rule over `yaml` and returns its findings. */
export async function lintWith(ruleId: string, yaml: string, extra: Record<string, string> = {}): Promise<Finding[]> {
  const rule = composeRules.get(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return runRules(await loadText(yaml, extra), [rule]);
}

export function lines(f: readonly Finding[]): number[] {
  return f.map((x) => (x.target.kind === 'file' ? (x.target.line ?? 0) : 0));
}
