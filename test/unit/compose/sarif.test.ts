import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sarifValidator } from './sarif-validator.js';
import { loadCompose } from '../../../src/compose/load.js';
import { ruleMetas, runRules } from '../../../src/compose/rules/index.js';
import { createStyler } from '../../../src/core/style.js';
import { sarifReporter } from '../../../src/report/sarif.js';

const root = path.resolve(import.meta.dirname, '../../..');

describe('compose lint findings as SARIF', () => {
  it('validates against the SARIF 2.1.0 schema, with regions at the right lines', async () => {
    const loaded = await loadCompose(['examples/insecure-stack.yaml'], { cwd: root, env: {} });
    const findings = runRules(loaded);
    const text = sarifReporter.render(findings, { command: 'compose lint', toolVersion: '0.1.0', styler: createStyler(false), cwd: root, rules: ruleMetas() });
    const doc = JSON.parse(text) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
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
