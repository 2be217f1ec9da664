import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { loadCompose } from '../../../src/compose/load.js';
import { ruleMetas, runRules } from '../../../src/compose/rules/index.js';
import { createStyler } from '../../../src/core/style.js';
import { sarifReporter } from '../../../src/report/sarif.js';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../../..');

/** The SARIF 2.1.0 schema is draft-04, so it needs Ajv's draft-04 class. */
export function sarifValidator(): ValidateFunction {
  const Ajv04 = require('ajv-draft-04') as new (o: object) => { compile(s: object): ValidateFunction };
  const addFormats = require('ajv-formats') as (a: unknown) => void;
  // The schema's `language` pattern has a stray "]" that is only valid without the u flag.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(path.join(root, 'test/fixtures/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  return ajv.compile(schema);
}

describe('compose lint findings as SARIF', () => {
  it('validates against the SARIF 2.1.0 schema, with regions at the right lines', async () => {
    const loaded = await loadCompose(['examples/insecure-stack.yaml'], { cwd: root, env: {} });
    const findings = runRules(loaded);
    const text = sarifReporter.render(findings, { command: 'compose lint', toolVersion: '0.1.0', styler: createStyler(false), cwd: root, rules: ruleMetas() });
    const doc = JSON.parse(text) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const validate = sarifValidator();
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const results = doc.runs[0]?.results ?? [];
    expect(results.length).toBe(findings.length);
    const socket = results.find((r) => r.ruleId === 'docker-socket-mount');
    expect(socket?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('examples/insecure-stack.yaml');
    expect(socket?.locations[0]?.physicalLocation.region.startLine).toBe(54);
    expect(text).not.toContain('correct-horse-battery-staple');
  });

  it('the validator rejects a broken document (the test can fail)', () => {
    const validate = sarifValidator();
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });
});
