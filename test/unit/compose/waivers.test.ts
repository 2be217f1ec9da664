// In-file waivers of compose lint (x-swarmguard.waivers): a waived finding stays in every report, marked with its
// reason (SARIF: suppressed), and no longer counts; a bad waiver is refused with the place and what to do.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCompose } from '../../../src/compose/load.js';
import { lintCompose, ruleMetas, selectRules } from '../../../src/compose/rules/index.js';
import { InputError } from '../../../src/core/errors.js';
import { createStyler } from '../../../src/core/style.js';
import { jsonReporter } from '../../../src/report/json.js';
import { sarifReporter } from '../../../src/report/sarif.js';
import { textReporter } from '../../../src/report/text.js';
import { sarifValidator } from './sarif-validator.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-waivers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STACK = `services:
  agent:
    image: agent@sha256:${'a'.repeat(64)}
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
  other:
    image: other@sha256:${'b'.repeat(64)}
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
`;
let n = 0;
async function lint(extra: string, rules = selectRules()) {
  const file = path.join(dir, `s${n++}.yaml`);
  writeFileSync(file, `${STACK}${extra}`);
  return lintCompose(await loadCompose([file], { cwd: dir, env: {} }), rules);
}
const waiver = (rule: string, service: string, reason?: string) =>
  `x-swarmguard:\n  waivers:\n    - rule: ${rule}\n      service: ${service}\n${reason !== undefined ? `      reason: ${reason}\n` : ''}`;
const REASON = 'the agent manages containers through the engine API, on dedicated nodes';

describe('compose lint waivers', () => {
  it('marks the findings of the named rule and service only, with the reason and the place', async () => {
    const { findings, unused } = await lint(waiver('docker-socket-mount', 'agent', REASON));
    const socket = findings.filter((f) => f.id === 'docker-socket-mount');
    expect(socket.map((f) => [f.target.kind === 'file' ? f.target.pointer : '', f.waived?.reason])).toEqual([
      ['services.agent.volumes.0', REASON],
      ['services.other.volumes.0', undefined],
    ]);
    expect(socket[0]!.waived!.where).toMatch(/s\d+\.yaml:12$/);
    expect(unused).toEqual([]);
  });

  it('shows a waived finding as waived in text, counts it apart in JSON, and marks it suppressed in SARIF', async () => {
    const { findings } = await lint(waiver('docker-socket-mount', 'agent', REASON));
    const ctx = { command: 'compose lint', toolVersion: '0.1.0', styler: createStyler(false), cwd: dir, rules: ruleMetas() };
    const text = textReporter.render(findings, ctx);
    expect(text).toMatch(/CRITICAL waived\s+docker-socket-mount\s+service "agent".*\(waived: the agent manages containers/);
    expect(text).toMatch(/CRITICAL\s+docker-socket-mount\s+service "other"/);
    expect(text).toMatch(/1 waived in the file/);
    const json = JSON.parse(jsonReporter.render(findings, ctx)) as { summary: { total: number; waived: number; bySeverity: { CRITICAL: number } } };
    expect(json.summary.waived).toBe(1);
    expect(json.summary.total).toBe(findings.length - 1);
    expect(json.summary.bySeverity.CRITICAL).toBe(1);
    const sarif = JSON.parse(sarifReporter.render(findings, ctx)) as { runs: { results: { ruleId: string; suppressions?: unknown }[] }[] };
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const suppressed = sarif.runs[0]!.results.filter((r) => r.suppressions);
    expect(suppressed).toEqual([
      expect.objectContaining({ ruleId: 'docker-socket-mount', suppressions: [{ kind: 'inSource', status: 'accepted', justification: REASON }] }),
    ]);
  });

  it('names a waiver that matches nothing, unless its rule was not run', async () => {
    expect((await lint(waiver('user-root', 'agent', REASON))).unused.map((w) => w.rule)).toEqual([]);
    const stale = await lint(waiver('secret-in-environment', 'agent', REASON));
    expect(stale.unused.map((w) => [w.rule, w.service])).toEqual([['secret-in-environment', 'agent']]);
    expect((await lint(waiver('secret-in-environment', 'agent', REASON), selectRules({ only: ['docker-socket-mount'] }))).unused).toEqual([]);
  });

  it.each([
    ['an unknown rule', waiver('no-such-rule', 'agent', REASON), /:12: x-swarmguard.waivers\[0\]: unknown rule "no-such-rule"/, /compose rules/],
    ['no reason', waiver('docker-socket-mount', 'agent'), /:12: x-swarmguard.waivers\[0\]: the reason says why .* at least 12 characters/, undefined],
    ['a reason of a word', waiver('docker-socket-mount', 'agent', 'needed'), /at least 12 characters/, undefined],
    ['the wrong service', waiver('docker-socket-mount', 'nope', REASON), /no service "nope" in this stack/, /agent, other/],
    ['another key', `${waiver('docker-socket-mount', 'agent', REASON)}      until: 2027\n`, /exactly rule, service and reason/, undefined],
    ['not a list', 'x-swarmguard:\n  waivers: docker-socket-mount\n', /must be a list/, undefined],
    ['an unknown key', 'x-swarmguard:\n  waive: []\n', /unknown key "waive"/, undefined],
  ])('refuses %s with a clear error at its line', async (_what, extra, message, hint) => {
    const e = await lint(extra).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).message).toMatch(message);
    if (hint) expect(String((e as InputError).hint)).toMatch(hint);
  });

  it('stays bounded on a flood of waivers', async () => {
    const many = `x-swarmguard:\n  waivers:\n${`    - { rule: docker-socket-mount, service: agent, reason: "${REASON}" }\n`.repeat(1001)}`;
    await expect(lint(many)).rejects.toThrow(/more than 1000 waivers/);
  });
});

describe('the deploy gate and waivers', () => {
  it('does not block on a waived finding, and still blocks on the same finding of another service', async () => {
    const { prepareStack } = await import('../../../src/stack/deploy-stack.js');
    const file = path.join(dir, 'gate.yaml');
    const req = {
      stack: 'gate',
      files: [file],
      cwd: dir,
      env: {},
      failOn: 'HIGH' as const,
      force: false,
      dryRun: true,
      prune: false,
      resolveImage: 'never' as const,
    };
    writeFileSync(file, `${STACK}${waiver('docker-socket-mount', 'agent', REASON)}`);
    const one = await prepareStack(req);
    const socket = (g: { blocking: { id: string; target: { kind: string; pointer?: string } }[] }) =>
      g.blocking.filter((f) => f.id === 'docker-socket-mount').map((f) => f.target.pointer);
    expect(socket(one.gate)).toEqual(['services.other.volumes.0']);
    expect(one.gate.findings.filter((f) => f.waived).length).toBe(1);
    writeFileSync(
      file,
      `${STACK}x-swarmguard:\n  waivers:\n${['agent', 'other'].map((s) => `    - { rule: docker-socket-mount, service: ${s}, reason: "${REASON}" }\n`).join('')}`,
    );
    expect(socket((await prepareStack(req)).gate)).toEqual([]);
  });
});
