// The check engine: every finding of every rule/check family is built from the check's metadata plus one occurrence.
import { readFileSync } from 'node:fs';
import { rawMessage } from '../../../src/core/message.js';
import { describe, expect, it } from 'vitest';
import { auditSwarmServices, swarmAuditChecks } from '../../../src/audit/swarm-checks.js';
import { CATALOGUE, CATALOGUE_BY_ID } from '../../../src/bench/catalogue.js';
import { defineBenchCheck, pass } from '../../../src/bench/check.js';
import { benchChecks } from '../../../src/bench/checks/index.js';
import { benchFindings, findingsFromLog, type BenchReport } from '../../../src/bench/runner.js';
import { composeRules, runRules } from '../../../src/compose/rules/index.js';
import { defineCheck, findingOf, metasOf, runChecks, type Check, type Occurrence } from '../../../src/core/check.js';
import { cis, nist, type Finding, type RuleMeta } from '../../../src/core/finding.js';
import { checkDockerGroup, dockerGroupFacts } from '../../../src/hardening/docker-group.js';
import { hostTipChecks } from '../../../src/hardening/index.js';
import { checkTcpApi } from '../../../src/hardening/tcp-api-check.js';
import type { ImageLintFacts } from '../../../src/imagelint/facts.js';
import { imageLintRules, lintImage } from '../../../src/imagelint/rules.js';
import { evaluateOverlays, overlayChecks } from '../../../src/network/checks/overlay.js';
import { parseOverlayNetwork, type OverlayNetwork } from '../../../src/network/overlay.js';
import { snapshotOf } from '../../helpers/engine-snapshot.js';
import { loadText } from '../compose/helpers.js';

const meta: RuleMeta = {
  id: 'demo-rule',
  title: 'A demo rule',
  severity: 'HIGH',
  description: 'What the demo rule looks for, and why it matters.',
  remediation: 'Do the safe thing.',
  references: [cis('5.32'), nist('4.4.3')],
  fixable: true,
};
const where = { kind: 'file' as const, path: 'stack.yml', line: 3 };

describe('check engine', () => {
  const demo = defineCheck<string[]>({ ...meta, references: [...meta.references] }, (names) =>
    names.map((n): Occurrence =>
      n === 'odd' ? { target: where, message: n, severity: 'INFO', remediation: 'here: do this', items: ['a'] } : { target: where, message: n },
    ),
  );

  it('takes id, title, severity, remediation, references and fixable from the metadata', () => {
    const [f] = runChecks([demo], ['x'], { category: 'compose' });
    expect(f).toEqual({
      id: 'demo-rule',
      title: 'A demo rule',
      severity: 'HIGH',
      category: 'compose',
      target: where,
      message: 'x',
      remediation: 'Do the safe thing.',
      references: meta.references,
      fixable: true,
    });
  });

  it('lets an occurrence set its severity, remediation, evidence, items and verdict, and nothing else', () => {
    const [, odd] = runChecks([demo], ['x', 'odd'], { category: 'compose' });
    expect(odd).toMatchObject({ id: 'demo-rule', title: 'A demo rule', severity: 'INFO', remediation: 'here: do this', items: ['a'] });
    // An occurrence that carries rule-level fields (built outside the type, as a careless caller might) cannot change them.
    const hostile = { target: where, message: 'm', id: 'other', title: 'Other', references: [], category: 'image', fixable: false, verdict: 'WARN' as const };
    const f = findingOf(demo.meta, hostile, 'bench');
    expect(f).toMatchObject({ id: 'demo-rule', title: 'A demo rule', category: 'bench', fixable: true, verdict: 'WARN', references: meta.references });
  });

  it('freezes the metadata and gives every finding its own reference list', () => {
    expect(Object.isFrozen(demo.meta)).toBe(true);
    expect(Object.isFrozen(demo.meta.references)).toBe(true);
    expect(() => {
      (demo.meta as { title: string }).title = 'changed';
    }).toThrow(TypeError);
    const [a, b] = runChecks([demo], ['x', 'y'], { category: 'compose' }) as [Finding, Finding];
    a.references.push(cis('5.1'));
    expect(b.references).toHaveLength(2);
    expect(demo.meta.references).toHaveLength(2);
  });

  it('lists the metadata of each check in order', () => {
    expect(metasOf([demo])).toEqual([demo.meta]);
  });
});

/** Every finding is its check's metadata plus an occurrence: id, title and references match the registered check. */
function expectFromMetadata(findings: readonly Finding[], checks: readonly Check<never, unknown>[], category: string): void {
  const byId = new Map(checks.map((c) => [c.id, c.meta]));
  expect(findings.length).toBeGreaterThan(0);
  for (const f of findings) {
    const m = byId.get(f.id);
    expect(m, f.id).toBeDefined();
    expect(f.category).toBe(category);
    expect(f.title).toBe(m!.title);
    expect(f.references).toEqual(m!.references);
    expect(f.fixable === true).toBe(m!.fixable === true);
  }
}

describe('every family builds its findings through the engine', () => {
  it('compose lint', async () => {
    const loaded = await loadText(
      'services:\n  web:\n    image: nginx\n    user: root\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n    environment:\n      DB_PASSWORD: hunter2\n',
    );
    expectFromMetadata(runRules(loaded), composeRules.all(), 'compose');
  });

  it('image lint', () => {
    const facts: ImageLintFacts = {
      ref: 'nginx:latest',
      config: { config: { User: '', Env: ['API_TOKEN=abc123'] }, history: [{ created_by: 'RUN apt-get update' }] },
      size: 900 * 1024 * 1024,
      tracked: new Map([['bin/sh', { mode: 0o755, type: 'file', size: 1, layer: 'l', layerIndex: 0 }]]),
      files: new Map([['root/.netrc', Buffer.from('machine x login y password z')]]),
      warnings: [],
    };
    const findings = lintImage(facts, { allowedRegistries: ['ghcr.io'], maxSizeMiB: 500 });
    expect(findings.length).toBeGreaterThan(5);
    expectFromMetadata(findings, imageLintRules.all(), 'image');
  });

  it('swarm audit', () => {
    const snapshot = snapshotOf({
      swarm: { services: [{ Spec: { Name: 'web', TaskTemplate: { ContainerSpec: { Image: 'img', Env: ['API_TOKEN=abc123'], User: '0' } } } }], nodes: [] },
    });
    expectFromMetadata(auditSwarmServices(snapshot), swarmAuditChecks.all(), 'swarm');
  });

  it('network overlays', () => {
    const recorded = JSON.parse(readFileSync('test/fixtures/network/engine-networks-overlay.json', 'utf8')) as unknown[];
    const networks = recorded.map(parseOverlayNetwork).filter((n): n is OverlayNetwork => n !== undefined);
    expectFromMetadata(evaluateOverlays(networks), overlayChecks.all(), 'network');
  });

  it('host tips', () => {
    const group = checkDockerGroup(dockerGroupFacts('docker:x:106:alice\n', 'alice:x:1000:1000::/home/alice:/bin/bash\n'), 'h1');
    const api = checkTcpApi(
      [
        {
          pid: 1,
          config: { hosts: ['tcp://10.0.0.1:2375'], tls: false, tlsVerify: false, configFile: '' },
          listeners: [],
          probes: [{ port: 2376, bind: '0.0.0.0', result: { kind: 'open-tls' } }],
        },
      ],
      'h1',
    );
    expectFromMetadata([...group, ...api], hostTipChecks.all(), 'host');
  });

  it('the benchmark, from a run and from another node’s docker-bench log', () => {
    const report: BenchReport = {
      benchmark: '1.6.0',
      node: 'n1',
      start: 0,
      end: 0,
      results: [
        { id: '5.32', desc: '', section: '5', verdict: 'WARN', details: [rawMessage('web: mounts /run')], items: ['web'], remediation: 'x', automated: true },
        { id: '2.2', desc: '', section: '2', verdict: 'PASS', details: [], items: [], remediation: 'x', automated: true },
      ],
      score: 0,
      checks: 2,
      apiCalls: 0,
      errors: [],
      notes: [],
    };
    const local = benchFindings(report);
    const result = { id: '5.32', result: 'WARN', details: 'web: mounts /run', items: ['web'] };
    const remote = findingsFromLog({ tests: [{ id: '5', results: [result] }] }, 'n1');
    // A log that says what the check saw by id gives the same finding, its message kept by id too.
    expect(findingsFromLog({ tests: [{ id: '5', results: [{ ...result, 'details-said': report.results[0]!.details }] }] }, 'n1')).toEqual(local);
    for (const f of local) expect(f.said?.message).toBeDefined();
    expect(local.map((f) => ({ ...f, said: undefined }))).toEqual(remote);
    expect(local).toHaveLength(1);
    expect(local[0]).toMatchObject({
      verdict: 'WARN',
      severity: benchChecks.get('5.32')!.meta.severity,
      message: `${CATALOGUE_BY_ID.get('5.32')!.title}: web: mounts /run`,
    });
    expectFromMetadata(local, benchChecks.all(), 'bench');
  });
});

describe('benchmark checks and the CIS catalogue', () => {
  it('titles and references every check from its catalogue entry', () => {
    for (const entry of CATALOGUE) {
      const m = benchChecks.get(entry.id)?.meta;
      expect(m, entry.id).toBeDefined();
      expect(m!.title).toBe(entry.title);
      expect(m!.references[0]).toEqual({ type: 'cis-docker', id: entry.id, title: entry.title });
      expect(m!.references.slice(1).map((r) => r.id)).toEqual(entry.nist);
    }
  });

  it('refuses a check whose id is not in CIS Docker Benchmark 1.6.0', () => {
    expect(() => defineBenchCheck({ id: '5.33', remediation: 'r', evaluate: () => pass() })).toThrow(
      /5\.33: no such recommendation in CIS Docker Benchmark 1\.6\.0/,
    );
    expect(() => defineBenchCheck({ id: '1.1', remediation: 'r', evaluate: () => pass() })).toThrow(/no such recommendation/);
    expect(defineBenchCheck({ id: '5.32', remediation: 'r', severity: 'CRITICAL', evaluate: () => pass() }).meta).toMatchObject({
      id: '5.32',
      severity: 'CRITICAL',
    });
  });
});
