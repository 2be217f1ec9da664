// The text each main command prints, in Japanese, holds no English sentence: compose lint, the swarm audit and
// stack verify findings, bench and bench --remediation, the bench fix plan, the audit summary and its HTML report,
// image scan (scan-text-ja.test.ts), stack verify and network tables (verify-text-ja, network-text-ja) and every
// error (user-errors-ja). What may stay English: ids, names, paths, commands, values, official CIS titles.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditSwarmServices } from '../../../src/audit/swarm-checks.js';
import { CATALOGUE, SECTIONS } from '../../../src/bench/catalogue.js';
import { fixPlan } from '../../../src/bench/fix.js';
import { benchFindings, excludedNote, runBench } from '../../../src/bench/runner.js';
import { renderBenchText } from '../../../src/bench/text.js';
import { loadCompose } from '../../../src/compose/load.js';
import { runRules } from '../../../src/compose/rules/index.js';
import type { Finding } from '../../../src/core/finding.js';
import { createStyler } from '../../../src/core/style.js';
import { localizeBenchReport, localizeFixSteps } from '../../../src/i18n/bench.js';
import { localizeFindings } from '../../../src/i18n/findings.js';
import { localizeNotes } from '../../../src/i18n/notes.js';
import { auditMessages as A } from '../../../src/audit/messages.js';
import { joinNotes, pushNote, rawMessage, type Message } from '../../../src/core/message.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { auditSummaryText } from '../../../src/report/audit-text.js';
import { renderHtml } from '../../../src/report/html.js';
import { textReporter } from '../../../src/report/text.js';
import { snapshotOf } from '../../helpers/engine-snapshot.js';
import { careless, carelessService, halfway } from './bench-fixtures.js';
import { englishSentences } from './english.js';

const root = path.resolve(import.meta.dirname, '../../..');
const styler = createStyler(false);
// Official CIS titles of the recommendations and sections stay in English, with the Japanese beside them.
const CIS_TITLES = [...CATALOGUE.map((c) => c.title), ...Object.values(SECTIONS)];
// The notes an audit writes, said by id as src/audit/audit.ts raises them.
const NOTES: string[] = joinNotes(excludedNote([{ kind: 'container', name: 'swarmguard-bench-1', role: 'bench' }]));
for (const m of [
  A.say('audit.note.notManager'),
  A.say('audit.note.noBench'),
  A.say('audit.note.noImages'),
  A.say('audit.note.noDatabase', { db: '/var/lib/swarmguard/vuln.db' }),
  A.say('audit.note.imageAbsent', { ref: 'shop/web:1.2', services: 'shop_web' }),
  A.say('audit.note.notChecked', { part: A.say('audit.part.compose', { files: 'stack.yml' }), error: rawMessage('stack.yml:3: duplicate key "image"') }),
])
  pushNote(NOTES, m);
const partsChecked = (...parts: Message[]): string[] => {
  const list: string[] = [];
  for (const p of parts) pushNote(list, p);
  return list;
};

function textOf(findings: readonly Finding[], notes: string[] = []): string {
  return textReporter.render(localizeFindings(findings, 'ja'), { command: 'x', toolVersion: '0', styler, notes: localizeNotes(notes, 'ja') });
}

beforeEach(() => setLocale('ja'));
afterEach(() => setLocale('en'));

describe('no English sentence in the Japanese output of the main commands', () => {
  it('compose lint of the insecure example', async () => {
    const findings = runRules(await loadCompose(['examples/insecure-stack.yaml'], { cwd: root, env: {} }));
    expect(findings.length).toBeGreaterThan(20);
    expect(englishSentences(textOf(findings))).toEqual([]);
  });

  it('the swarm audit of careless services', () => {
    const snapshot = snapshotOf({
      info: { Swarm: { LocalNodeState: 'active', ControlAvailable: true } },
      swarm: {
        inspect: {},
        nodes: [],
        services: [carelessService],
      },
    });
    const findings = auditSwarmServices(snapshot);
    expect(findings.length).toBeGreaterThan(2);
    const text = textOf(findings);
    expect(text).not.toContain('hunter2');
    expect(text).toMatch(/^サービス shop_web$/m);
    expect(englishSentences(textReporter.render(findings, { command: 'x', toolVersion: '0', styler }))).not.toEqual([]);
    expect(englishSentences(text)).toEqual([]);
  });

  it('bench and bench --remediation, every check, with official CIS titles kept', () => {
    for (const ctx of [careless(), halfway()]) {
      const report = localizeBenchReport(runBench(ctx, {}, 0), 'ja');
      const text = renderBenchText(report, styler, { remediation: true, engine: '20.10.24' });
      expect(englishSentences(text, CIS_TITLES)).toEqual([]);
    }
  });

  it('the bench fix plan', () => {
    for (const ctx of [careless(), halfway()]) {
      const actions = localizeFixSteps(fixPlan(ctx, runBench(ctx, {}, 0)), 'ja').map((s) => s.action);
      expect(englishSentences(actions.join('\n'))).toEqual([]);
    }
  });

  it('the audit summary and its notes', () => {
    const findings = benchFindings(runBench(careless(), {}, 0));
    const text =
      textOf(findings, NOTES) +
      auditSummaryText({ findings, score: 42, checked: partsChecked(A.say('audit.part.swarm'), A.say('audit.part.hostTips')), coverage: NOTES }, styler);
    expect(text).toContain('スコア: 42/100 — 確認した部分: 2、確認できなかった部分: 7');
    expect(englishSentences(text, CIS_TITLES)).toEqual([]);
  });

  it('the audit HTML report: headings, coverage list, findings data', () => {
    const findings = localizeFindings(benchFindings(runBench(careless(), {}, 0)), 'ja');
    const html = renderHtml(
      findings,
      {
        toolVersion: '0',
        command: 'audit',
        scanned: partsChecked(A.say('audit.part.swarm'), A.say('audit.part.benchOn', { version: '1.6.0', node: 'node1' })),
      },
      { coverage: NOTES, score: 42 },
    );
    const visible = html
      .replace(/<style>[\s\S]*?<\/style>/, '')
      .replace(/<script>[\s\S]*?<\/script>/, '')
      .replace(/<[^>]+>/g, '\n')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    expect(visible).toContain('node1 の CIS Docker Benchmark 1.6.0');
    expect(englishSentences(visible, CIS_TITLES)).toEqual([]);
    const data = /<script[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const messages = [...data.matchAll(/"(?:message|remediation)":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    expect(messages.length).toBeGreaterThan(10);
    expect(englishSentences(messages.join('\n'), CIS_TITLES)).toEqual([]);
  });
});
