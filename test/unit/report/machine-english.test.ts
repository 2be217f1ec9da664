// Machine formats stay English whatever --lang says: JSON, SARIF, CycloneDX, OpenVEX and docker-bench JSON are read
// by tools and compared across runs. Only the formats a person reads (text, table, HTML) follow the language. Checked
// on the real checks' findings (swarm audit, the benchmark) and on a scan of the real advisory fixtures.
import { afterEach, describe, expect, it } from 'vitest';
import { auditSwarmServices } from '../../../src/audit/swarm-checks.js';
import { benchFindings, runBench } from '../../../src/bench/runner.js';
import { createStyler } from '../../../src/core/style.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { renderReport, formatsFor, type Report } from '../../../src/report/formats.js';
import { allNotes, scanInventory } from '../../../src/scan/scan.js';
import { coverageOf } from '../../../src/scan/coverage.js';
import { snapshotOf } from '../../helpers/engine-snapshot.js';
import { careless } from '../i18n/bench-fixtures.js';
import { JAPANESE } from '../i18n/ja-helpers.js';
import { fixtureStore, inv, pkg } from '../scan/fixture-store.js';

const fx = fixtureStore('sg-machine-en-', ['test/fixtures/vulndb/alpine-secdb/v3.9/main.yaml']);
const ctx = (command: string) => ({ command, toolVersion: '0.0.0', styler: createStyler(false) });
const HUMAN = new Set(['text', 'table', 'html']);

afterEach(() => setLocale('en'));

/**
 * Every format of the report's kind rendered with --lang ja: the machine ones hold no Japanese, the human ones do
 * (except those that `worded` leaves out: the benchmark's table shows ids, verdicts and the official titles only).
 */
async function inJapanese(report: Report, worded: (format: string) => boolean = () => true): Promise<{ machine: string[]; human: string[] }> {
  setLocale('ja');
  const machine: string[] = [];
  const human: string[] = [];
  for (const format of formatsFor(report.kind)) {
    const out = await renderReport(format, report);
    if (HUMAN.has(format)) {
      if (worded(format)) expect(out, format).toMatch(JAPANESE);
      human.push(format);
    } else {
      expect(out.match(new RegExp(JAPANESE.source, 'gu')) ?? [], format).toEqual([]);
      machine.push(format);
    }
  }
  return { machine, human };
}

describe('machine formats are English whatever the language', () => {
  it('audit: JSON and SARIF keep the English titles and messages; text and HTML say them in Japanese', async () => {
    const findings = auditSwarmServices(
      snapshotOf({
        swarm: {
          services: [
            {
              Spec: {
                Name: 'shop_web',
                Labels: { 'com.docker.stack.namespace': 'shop' },
                TaskTemplate: { ContainerSpec: { Image: 'img', User: '0:0', Mounts: [{ Type: 'bind', Source: '/run', Target: '/r' }] } },
                EndpointSpec: { Ports: [{ PublishedPort: 8080, TargetPort: 80, Protocol: 'tcp' }] },
              },
            },
          ],
        },
      }),
    );
    expect(findings.length).toBeGreaterThan(0);
    // The benchmark's WARNs as audit reports them: what each check saw is kept by id beside the English message.
    const bench = benchFindings(runBench(careless(), { cis: '1.8.0' }));
    const privileged = bench.find((f) => f.id === '5.5');
    expect(privileged?.message).toBe('Ensure that privileged containers are not used: web: privileged');
    const report: Report = { kind: 'findings', findings: [...findings, ...bench], ctx: { ...ctx('audit'), notes: ['a note'] } };
    const { machine, human } = await inJapanese(report);
    expect(machine).toEqual(['json', 'sarif']);
    expect(human).toEqual(['text', 'html']);
    setLocale('ja');
    const doc = JSON.parse(await renderReport('json', report)) as { findings: { title: string; message: string }[] };
    expect(doc.findings.map((f) => f.title).sort()).toEqual(report.findings.map((f) => f.title).sort());
    expect(doc.findings.map((f) => f.message)).toContain(privileged?.message);
    // The text says the check's words in Japanese (by id), not only the CIS explanation before the English.
    expect(await renderReport('text', report)).toMatch(/web: 特権モードで動いています/);
  });

  it('bench: JSON, docker-bench JSON, SARIF and findings JSON in English (details said by id beside them); text and table in Japanese', async () => {
    const bench = runBench(careless(), { cis: '1.8.0' });
    const report: Report = { kind: 'bench', bench, ctx: ctx('bench') };
    const { machine, human } = await inJapanese(report, (f) => f === 'text');
    expect(machine).toEqual(['json', 'docker-bench', 'sarif', 'findings']);
    expect(human).toEqual(['text', 'table']);
    setLocale('ja');
    const doc = JSON.parse(await renderReport('json', report)) as { tests: { results: { details?: string; 'details-said'?: { id: string }[] }[] }[] };
    const said = doc.tests.flatMap((t) => t.results).filter((r) => r.details !== undefined);
    expect(said.length).toBeGreaterThan(0);
    for (const r of said) expect(r['details-said']?.[0]?.id, r.details).toMatch(/^[a-z]/);
  });

  it('image scan: JSON, SARIF, CycloneDX and OpenVEX in English; the table in Japanese', async () => {
    const scan = scanInventory(
      fx.store,
      inv({ family: 'alpine', version: '3.9.6', source: 'etc/os-release' }, [pkg({ type: 'apk', name: 'musl', version: '1.1.20-r4' })]),
      { now: new Date('2026-06-01T00:00:00Z') },
    );
    // The end-of-life note, which the table says in Japanese.
    expect(allNotes(scan).join('\n')).toMatch(/end of life/);
    const report: Report = {
      kind: 'scan',
      scan,
      ctx: { ...ctx('image scan'), scanned: [scan.ref], notes: allNotes(scan), coverage: coverageOf(scan) },
      severities: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'],
    };
    const { machine, human } = await inJapanese(report);
    expect(machine).toEqual(['json', 'sarif', 'cyclonedx', 'openvex']);
    expect(human).toEqual(['table']);
    setLocale('ja');
    expect(await renderReport('json', report)).toContain('end of life since 2020-11-01');
  });
});
