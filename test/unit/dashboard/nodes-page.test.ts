// The nodes page: every benchmark verdict per node and section (PASS, WARN, INFO, NOTE counts and the list), in the
// reader's language; runs kept before every verdict was recorded say that their other counts are unknown.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toText } from '../../../src/dashboard/html.js';
import { nodesPage } from '../../../src/dashboard/pages.js';
import { AuditRunStore, benchBySection } from '../../../src/history/audit-runs.js';
import { HistoryStore } from '../../../src/history/store.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { benchVerdicts, seedHistory } from './seed-history.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-dash-nodes-'));
const file = path.join(dir, 'history.db');
let scans: HistoryStore;
let runs: AuditRunStore;

beforeAll(() => {
  seedHistory(file);
  scans = new HistoryStore(file);
  runs = AuditRunStore.open(file, { readonly: true });
});
afterAll(() => {
  scans.close();
  runs.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => setLocale('en'));

/** The PASS/WARN/INFO/NOTE counts shown in one node's cell of one section. */
function cell(page: string, node: string, column: number): Record<string, string> {
  const row = new RegExp(`<tr data-node="${node}">([\\s\\S]*?)</tr>`).exec(page)?.[1] ?? '';
  const cells = [...row.matchAll(/<td class="num[^"]*">([\s\S]*?)<\/td>/g)].map((m) => m[1] ?? '');
  const spans = [...(cells[column] ?? '').matchAll(/data-verdict="(\w+)">(?:<a [^>]*>)?<abbr title="\w+">\w<\/abbr> ([\d–]+)/g)];
  return Object.fromEntries(spans.map((m): [string, string] => [m[1] ?? '', m[2] ?? '']));
}

describe('nodes page', () => {
  it('counts every verdict per node and section, as recorded, with WARN linking to the findings', () => {
    const page = toText(nodesPage({ scans, runs }).body);
    // Sections in order: 2, 5.
    expect(cell(page, 'manager-1', 0)).toEqual({ PASS: '1', WARN: '1', INFO: '1', NOTE: '0' });
    expect(cell(page, 'manager-1', 1)).toEqual({ PASS: '1', WARN: '1', INFO: '0', NOTE: '1' });
    // The latest run (day 4): worker-1's 5.12 passes now.
    expect(cell(page, 'worker-1', 1)).toEqual({ PASS: '2', WARN: '0', INFO: '0', NOTE: '0' });
    expect(page).toMatch(/href="\/runs\/5\?target=manager-1&amp;section=5"><abbr title="WARN">W<\/abbr> 1/);
  });

  it('lists every verdict of each node with the official title', () => {
    const page = toText(nodesPage({ scans, runs }).body);
    const list = /<details class="verdicts" data-node="manager-1">([\s\S]*?)<\/details>/.exec(page)?.[1] ?? '';
    const rows = [...list.matchAll(/<tr data-verdict="(\w+)">\s*<td>([\d.]+)<\/td>/g)].map((m) => `${m[2]} ${m[1]}`);
    expect(rows).toEqual(
      benchVerdicts(4)
        .filter((v) => v.node === 'manager-1')
        .map((v) => `${v.id} ${v.verdict}`),
    );
    expect(list).toContain('Every verdict on manager-1 (6 checks)');
    expect(list).toContain('<td>Ensure network traffic is restricted between containers on the default bridge</td>');
  });

  it('names the benchmark version the run used in its heading', () => {
    const f = path.join(dir, 'history-1.8.0.db');
    seedHistory(f, '1.8.0');
    const s = new HistoryStore(f);
    const r = AuditRunStore.open(f, { readonly: true });
    try {
      expect(toText(nodesPage({ scans: s, runs: r }).body)).toContain('<h2>CIS Docker Benchmark 1.8.0: verdicts per section</h2>');
    } finally {
      s.close();
      r.close();
    }
  });

  it('is in Japanese with LANG=ja: headings, legend, section names, the CIS explanation beside the title', () => {
    setLocale('ja');
    const r = nodesPage({ scans, runs });
    const page = toText(r.body);
    expect(r.title).toBe('ノード');
    expect(page).toContain('<h2>CIS Docker Benchmark 1.6.0: セクションごとの判定</h2>');
    expect(page).toContain('P は PASS、W は WARN');
    expect(page).toContain('Docker デーモンの構成');
    expect(page).toContain('manager-1 のすべての判定（6 件のチェック）');
    expect(page).toContain(
      '<td>Ensure network traffic is restricted between containers on the default bridge（既定のブリッジ上のコンテナ間通信を制限する（icc: false））</td>',
    );
    expect(page).toMatch(/監査の実行 <a href="\/runs\/5">#5<\/a>（.+ UTC）の時点。/);
    expect(page).toContain('<h2>ネットワークの前提条件とノードの指摘</h2>');
  });

  it('a run kept with WARNs only shows its WARN counts and "–" for the verdicts it did not keep', () => {
    expect(benchBySection([], [])).toEqual([]);
    const old = runs.get(1);
    expect(old?.bench.every((b) => b.verdicts === undefined)).toBe(true);
    const latest = runs.latest();
    expect(latest?.bench.find((b) => b.node === 'manager-1' && b.section === '2')).toEqual({
      node: 'manager-1',
      section: '2',
      warn: 1,
      verdicts: [
        { id: '2.1', verdict: 'INFO' },
        { id: '2.2', verdict: 'WARN' },
        { id: '2.14', verdict: 'PASS' },
      ],
    });
  });
});
