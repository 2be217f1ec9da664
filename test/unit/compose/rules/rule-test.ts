// The tests of one compose rule: `lint` runs that rule alone over a stack file.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../src/core/finding.js';
import { lines, lintWith } from '../helpers.js';

export type Lint = (yaml: string, extra?: Record<string, string>) => Promise<Finding[]>;

/** `describe(ruleId, …)` whose tests get `lint`: the rule run alone over a stack file (and the files beside it). */
export function describeRule(ruleId: string, tests: (lint: Lint) => void): void {
  describe(ruleId, () => tests((yaml, extra = {}) => lintWith(ruleId, yaml, extra)));
}

/** The first three lines of a stack file whose service `a` runs image a:1; what follows is written under the service. */
export const SERVICE_A = 'services:\n  a:\n    image: a:1';

/** A test that the rule, run over `yaml`, reports at these lines of it and nowhere else. */
export function reportsAt(lint: Lint, what: string, yaml: string, at: number[]): void {
  it(`reports ${what}`, async () => expect(lines(await lint(yaml))).toEqual(at));
}

/** A test that the rule reports nothing in `yaml`. */
export function accepts(lint: Lint, what: string, yaml: string): void {
  it(`accepts ${what}`, async () => expect(await lint(yaml)).toEqual([]));
}
