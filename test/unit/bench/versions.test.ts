// One host, three benchmark versions: each version's ids and titles, the same verdict for the same requirement,
// the fixes and findings by requirement, the docker-bench format on 1.6.0, and what a move between versions changes.
import { describe, expect, it } from 'vitest';
import { CATALOGUES, CIS_VERSIONS } from '../../../src/bench/catalogue.js';
import { fixPlan, affectedChecks } from '../../../src/bench/fix.js';
import { benchFindings, compareCis, dockerBenchJson, findingsFromLog, isScored, parseSelection, runBench } from '../../../src/bench/runner.js';
import { benchVersion, renderReport } from '../../../src/cli/bench.js';
import { UserError } from '../../../src/core/errors.js';
import { localizeFindings } from '../../../src/i18n/findings.js';
import { JA_CIS } from '../../../src/i18n/ja/cis.js';
import { careless } from '../i18n/bench-fixtures.js';
import { renderCisComparison } from '../../../src/bench/text.js';
import { createStyler } from '../../../src/core/style.js';
import { setLocale } from '../../../src/i18n/locale.js';

const report = (cis: (typeof CIS_VERSIONS)[number]) => runBench(careless(), { cis }, 0);

describe('a benchmark version per run', () => {
  it('reports every recommendation of the version, with its id and title', () => {
    for (const v of CIS_VERSIONS) {
      const r = report(v);
      expect(r.benchmark).toBe(v);
      expect(r.results.map((x) => [x.id, x.title])).toEqual(CATALOGUES[v].map((e) => [e.id, e.title]));
    }
  });

  it('gives the same verdict to the same requirement, whatever its number', () => {
    const [r16, r18] = [report('1.6.0'), report('1.8.0')];
    for (const r of r18.results) {
      const old = r16.results.find((x) => x.check === r.check);
      if (old) expect([r.id, r.verdict, r.details]).toEqual([r.id, old.verdict, old.details]);
    }
    // TLS: 2.7 in 1.6.0, 2.8 in 1.8.0; a daemon on TCP without TLS warns under both.
    expect(r16.results.find((x) => x.id === '2.7')!.verdict).toBe('WARN');
    expect(r18.results.find((x) => x.id === '2.8')).toMatchObject({ verdict: 'WARN', check: '2.7' });
    expect(r18.results.find((x) => x.id === '2.7')).toMatchObject({ check: '1.8.0/2.7', verdict: 'PASS' });
  });

  it('scores the docker-bench set under every version, so a privileged container still fails --exit-code under 1.8.0', () => {
    const r18 = report('1.8.0');
    const privileged = r18.results.find((x) => x.id === '5.5')!;
    expect(privileged).toMatchObject({ verdict: 'WARN', automated: false });
    expect(isScored(privileged)).toBe(true);
    expect(r18.results.find((x) => x.id === '2.7')!.scored).toBe(true);
    // Here the new requirements balance: devicemapper passes (+1), the docker.sock audit warns (−1); the docker.socket
    // unit 1.6.0 audited is absent (INFO, 0).
    expect(r18.score).toBe(report('1.6.0').score);
  });

  it('selects by the version’s numbers and refuses one it has not', () => {
    expect(parseSelection('2.19', '--check', '1.8.0')).toEqual(['2.19']);
    expect(() => parseSelection('2.19', '--check', '1.7.0')).toThrow(/no check or section "2.19" in CIS Docker Benchmark 1.7.0/);
    expect(runBench(careless(), { cis: '1.8.0', checks: ['2.8'] }, 0).results.map((x) => x.title)).toEqual([
      'Ensure TLS authentication for Docker daemon is configured',
    ]);
  });

  it('takes --cis, defaults to the newest, and keeps docker-bench on 1.6.0', () => {
    expect(benchVersion({ format: 'json' })).toBe('1.8.0');
    expect(benchVersion({ format: 'json', cis: '1.7.0' })).toBe('1.7.0');
    expect(benchVersion({ format: 'docker-bench' })).toBe('1.6.0');
    expect(() => benchVersion({ format: 'docker-bench', cis: '1.8.0' })).toThrow(UserError);
    expect(() => benchVersion({ format: 'text', cis: '1.9.0' })).toThrow(/not a CIS Docker Benchmark version/);
  });

  it('writes the version in the JSON log, and the docker-bench format says it is 1.6.0', async () => {
    expect(dockerBenchJson(report('1.8.0'))).toMatchObject({ cis: '1.8.0', dockerbenchsecurity: '1.8.0' });
    const compat = JSON.parse(await renderReport(report('1.6.0'), { format: 'docker-bench', color: false })) as {
      notes: string[];
      dockerbenchsecurity: string;
    };
    expect(compat.dockerbenchsecurity).toBe('1.6.0');
    expect(compat.notes[0]).toMatch(/^docker-bench format: CIS Docker Benchmark 1\.6\.0 ids/);
  });

  it('carries the version in SARIF rules and findings', async () => {
    const sarif = JSON.parse(await renderReport(report('1.8.0'), { format: 'sarif', color: false })) as {
      runs: { tool: { driver: { rules: { id: string; shortDescription?: { text: string } }[] } }; results: { ruleId: string }[] }[];
    };
    const rules = sarif.runs[0]!.tool.driver.rules as { id: string; properties: { tags: string[] } }[];
    expect(rules.map((r) => r.id)).toEqual(CATALOGUES['1.8.0'].map((e) => e.id));
    expect(rules.find((r) => r.id === '2.8')!.properties.tags).toContain('CIS-Docker-1.8.0-2.8');
    const findings = benchFindings(report('1.8.0'));
    const tls = findings.find((f) => f.id === '2.8')!;
    expect(tls.title).toBe('Ensure TLS authentication for Docker daemon is configured');
    expect(tls.references[0]).toMatchObject({ type: 'cis-docker', id: '2.8', version: '1.8.0' });
    // Japanese by requirement: 1.8.0's 2.8 is explained as TLS (1.6.0's 2.7), not ulimits (1.6.0's 2.8).
    expect(localizeFindings([tls], 'ja')[0]!.title).toContain(JA_CIS['2.7']!);
  });

  it('reads a node log by the version it names, and a log without one as 1.6.0', () => {
    const log = (cis?: string) => ({ ...(cis ? { cis } : {}), tests: [{ id: '2', results: [{ id: '2.8', result: 'WARN', details: 'x' }] }] });
    expect(findingsFromLog(log('1.8.0'), 'n1')[0]!.title).toBe('Ensure TLS authentication for Docker daemon is configured');
    expect(findingsFromLog(log(), 'n1')[0]!.title).toBe('Ensure the default ulimit is configured appropriately');
  });

  it('plans and re-runs the same fixes under every version, named by the version’s ids', () => {
    for (const v of CIS_VERSIONS) {
      const ctx = careless();
      const r = runBench(ctx, { cis: v }, 0);
      const daemon = fixPlan(ctx, r).find((s) => s.kind === 'daemon');
      expect(daemon?.action, v).toContain('"no-new-privileges":true');
      // no-new-privileges: 2.14 in 1.6.0 and 1.7.0, 2.15 in 1.8.0.
      expect(daemon?.ids, v).toContain(v === '1.8.0' ? '2.15' : '2.14');
      expect(affectedChecks(['daemon'], r), v).toContain(v === '1.8.0' ? '2.15' : '2.14');
    }
  });
});

describe('compareCis', () => {
  it('names what moving from 1.6.0 to 1.8.0 changes on this host, requirement by requirement', () => {
    const rows = compareCis(report('1.6.0'), report('1.8.0'));
    const row = (check: string) => rows.find((r) => r.check === check)!;
    expect(row('1.8.0/2.7')).toMatchObject({ changes: ['added'], to: { id: '2.7', verdict: 'PASS' } });
    expect(row('1.1.9').changes).toEqual(['removed']);
    expect(row('1.7.0/1.1.9').changes).toEqual(['added']);
    expect(row('2.7')).toMatchObject({ from: { id: '2.7' }, to: { id: '2.8' } });
    expect(row('2.7').changes).toEqual(expect.arrayContaining(['renumbered', 'automated']));
    expect(row('5.5').changes).toEqual(['automated']);
    expect(row('4.2').changes).toEqual([]);
    expect(rows).toHaveLength(119);
  });

  it('prints only what changes, in the reader’s language', () => {
    const rows = compareCis(report('1.6.0'), report('1.8.0'));
    const en = renderCisComparison(rows, '1.6.0', '1.8.0', createStyler(false));
    expect(en).toMatch(/^-\s+2\.7 \[PASS\] manual\s+new recommendation\s+Ensure devicemapper storage driver is not used$/m);
    expect(en).not.toMatch(/^4\.2 /m);
    expect(en).toMatch(/CIS Docker Benchmark 1\.6\.0 → 1\.8\.0 on this host: \d+ of 119 recommendation\(s\) change/);
    setLocale('ja');
    try {
      const ja = renderCisComparison(rows, '1.6.0', '1.8.0', createStyler(false));
      expect(ja).toContain('新しい推奨事項');
      expect(ja).toMatch(/（このホスト）: 119 件中 \d+ 件の推奨事項が変わり/);
    } finally {
      setLocale('en');
    }
  });

  it('finds nothing to change between a version and itself', () => {
    expect(compareCis(report('1.7.0'), report('1.7.0')).every((r) => r.changes.length === 0)).toBe(true);
  });
});
