// The benchmark's remediations, details and fix plans in Japanese: every implemented recommendation has its text;
// commands, paths and rule lines are kept as they must be typed; ids and verdicts never change.
import { afterEach, describe, expect, it } from 'vitest';
import { REQUIREMENTS, benchChecks } from '../../../src/bench/checks/index.js';
import { fixPlan } from '../../../src/bench/fix.js';
import { runBench } from '../../../src/bench/runner.js';
import { renderBenchText } from '../../../src/bench/text.js';
import { createStyler } from '../../../src/core/style.js';
import { benchRemediation, localizeBenchReport, localizeFixSteps } from '../../../src/i18n/bench.js';
import { benchMessages } from '../../../src/bench/messages.js';
import { joinMessages } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { JA_BENCH_REMEDIATION, JA_BENCH_REMEDIATION_IMPACT } from '../../../src/i18n/ja/bench-remediations.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { careless, halfway } from './bench-fixtures.js';
import { JAPANESE } from './ja-helpers.js';

/** Checks whose English remediation puts a description where a path goes (the path is only known on the host). */
const DESCRIBED_PATHS = new Set(['1.1.3', '1.1.7', '1.1.8', '1.1.9', '1.7.0/1.1.9']);
const codeSpans = (s: string): string[] => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');

afterEach(() => setLocale('en'));

describe('benchmark remediations in Japanese', () => {
  it('gives every implemented recommendation a Japanese remediation, different from the English, and no other id', () => {
    const ids = benchChecks.ids();
    // One check per requirement: the 1.6.0 ones, and those 1.7.0 and 1.8.0 stated anew.
    expect([...ids].sort()).toEqual([...REQUIREMENTS].sort());
    expect(Object.keys(JA_BENCH_REMEDIATION).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const en = benchChecks.get(id)?.meta.remediation ?? '';
      const ja = benchRemediation(id, en, 'ja');
      expect(ja, id).toMatch(JAPANESE);
      expect(ja, id).not.toBe(en);
      expect(benchRemediation(id, en, 'en')).toBe(en);
    }
  });

  it('keeps every command of the English remediation, as it must be typed', () => {
    for (const id of benchChecks.ids()) {
      if (DESCRIBED_PATHS.has(id)) continue;
      const en = benchChecks.get(id)?.meta.remediation ?? '';
      for (const span of codeSpans(en)) expect(JA_BENCH_REMEDIATION[id], `${id}: ${span}`).toContain(span);
      // Section 3 remediations are bare chown/chmod lines: their owner and mode are kept.
      const m = /^(chown|chmod) (\S+) /.exec(en);
      if (m) expect(JA_BENCH_REMEDIATION[id], id).toContain(`${m[1]} ${m[2]} `);
    }
  });

  it('translates every remediation impact a check has', () => {
    for (const id of benchChecks.ids()) {
      const impact = benchChecks.get(id)?.remediationImpact;
      if (impact !== undefined) expect(JA_BENCH_REMEDIATION_IMPACT[impact], id).toMatch(JAPANESE);
    }
  });
});

describe('a benchmark report in Japanese', () => {
  for (const [name, ctx] of [
    ['careless', careless()],
    ['halfway', halfway()],
  ] as const) {
    it(`${name} host: remediations and what the checks saw are Japanese; ids, verdicts and items unchanged`, () => {
      const report = runBench(ctx, {}, 0);
      const ja = localizeBenchReport(report, 'ja');
      expect(ja.results.map((r) => [r.id, r.verdict, r.items])).toEqual(report.results.map((r) => [r.id, r.verdict, r.items]));
      for (const r of ja.results) expect(r.remediation, r.id).toMatch(JAPANESE);
      // Every WARN of sections 1, 2, 3 and 7 (the host, the daemon, its files, the swarm) reads in Japanese.
      const hostWarns = ja.results.filter((x) => x.verdict === 'WARN' && /^[1237]\./.test(x.id));
      expect(
        hostWarns.some((r) => r.details.length > 0),
        'a WARN with details to read',
      ).toBe(true);
      for (const r of hostWarns) {
        for (const d of r.details) expect(localizeMessage(d, 'ja'), `${r.id}: ${d.id}`).toMatch(JAPANESE);
      }
      expect(localizeBenchReport(report, 'en')).toBe(report);
    });
  }

  it('puts back what a detail names, untranslated', () => {
    const ja = (m: Parameters<typeof localizeMessage>[0]) => localizeMessage(m, 'ja');
    expect(ja(benchMessages.say('bench.file.modeTooOpen', { path: '/etc/docker', mode: '777', max: '755' }))).toBe(
      '/etc/docker のパーミッションは 777 で、755 より緩くなっています',
    );
    expect(ja(benchMessages.say('bench.file.notOwnedByGroup', { path: '/etc/docker', has: '1000', hasGroup: 'alice', group: 'root' }))).toBe(
      '/etc/docker の所有者は 1000:alice です（root:root であるべきです）',
    );
    // A detail that holds "; " itself stays whole: the details are messages, joined only when printed.
    const list = joinMessages([benchMessages.say('bench.audit.noFileNoAuditd', { path: '/usr/bin/runc' }), benchMessages.say('bench.swarm.quorumLost')], '; ');
    expect(ja(list)).toMatch(/^読んだルールファイルに \/usr\/bin\/runc のルールはなく.*; クォーラムが失われています$/);
  });

  it('bench --remediation prints the Japanese remediation under each WARN', () => {
    setLocale('ja');
    const report = localizeBenchReport(runBench(careless(), { checks: ['1.1.18', '5.5'] }, 0), 'ja');
    const text = renderBenchText(report, createStyler(false), { remediation: true });
    expect(text).toContain(`        対処: ${JA_BENCH_REMEDIATION['5.5']}`);
    expect(text).toContain(`        対処: ${JA_BENCH_REMEDIATION['1.1.18']}`);
    expect(text).toContain('[WARN]      * /usr/bin/runc を監視する監査ルールがありません（auditctl -l、読んだルールファイル 0 個）');
    expect(text).toMatch(/\[INFO\] チェック数: 2\n\[INFO\] スコア: -2\n/);
  });
});

describe('bench fix plans in Japanese', () => {
  it('every step reads in Japanese and keeps its ids, kind, rule lines, files and flags', () => {
    for (const ctx of [careless(), halfway()]) {
      const steps = fixPlan(ctx, runBench(ctx, {}, 0));
      const ja = localizeFixSteps(steps, 'ja');
      expect(ja.map((s) => [s.ids, s.kind])).toEqual(steps.map((s) => [s.ids, s.kind]));
      for (const [i, s] of ja.entries()) {
        expect(s.action, steps[i]?.action).toMatch(JAPANESE);
        const en = steps[i]?.action ?? '';
        for (const line of en.split('\n').filter((l) => l.startsWith('    -'))) expect(s.action).toContain(line);
      }
      expect(localizeFixSteps(steps, 'en')).toEqual(steps);
    }
  });

  it('names the flag and the key of a daemon.json change dockerd would refuse', () => {
    const ctx = halfway();
    const steps = localizeFixSteps(fixPlan(ctx, runBench(ctx, {}, 0)), 'ja');
    const manual = steps.find((s) => s.ids.includes('2.2'));
    expect(manual?.action).toBe(
      'dockerd は --icc=true 付きで起動しているため、daemon.json に "icc" を書いてはいけません（dockerd が起動しなくなります）。dockerd のコマンドライン（`systemctl edit docker.service` の ExecStart=）で --icc=false に変えて、dockerd を再起動してください',
    );
  });
});
