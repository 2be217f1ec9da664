// The dashboard says what the history kept by id in the reader's language: an audit run's notes (what was not
// checked) and the findings on its nodes. What was stored with markup is shown as text.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { auditMessages } from '../../../src/audit/messages.js';
import type { Finding } from '../../../src/core/finding.js';
import { pushNote, type Message } from '../../../src/core/message.js';
import { toText } from '../../../src/dashboard/html.js';
import { nodesPage, runPage } from '../../../src/dashboard/pages.js';
import { AuditRunStore } from '../../../src/history/audit-runs.js';
import { HistoryStore } from '../../../src/history/store.js';
import { setLocale } from '../../../src/i18n/locale.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-dash-said-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setLocale('en'));

function page(findings: Finding[], coverage: string[], show: (src: { scans: HistoryStore; runs: AuditRunStore }, id: number) => string): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.db`);
  const w = AuditRunStore.open(file);
  const node = {
    id: 'N',
    hostname: 'h1',
    role: 'manager' as const,
    leader: true,
    availability: 'active',
    state: 'ready',
    address: '10.0.0.1',
    engineVersion: '20.10.24',
  };
  const id = w.record({
    finishedAt: '2026-12-01T00:00:00.000Z',
    score: 1,
    findings,
    coverage,
    checked: [],
    state: { services: [], nodes: [node], networks: [] },
    toolVersion: 't',
  });
  w.close();
  const scans = new HistoryStore(file);
  const runs = AuditRunStore.open(file, { readonly: true });
  try {
    return show({ scans, runs }, id);
  } finally {
    scans.close();
    runs.close();
  }
}

/** A finding on node h1 that says its message by id. */
const onNode = (message: Message): Finding => ({
  id: 'node-only',
  title: 'Only this node was checked',
  severity: 'LOW',
  category: 'swarm',
  target: { kind: 'node', hostname: 'h1' },
  message: 'only this node was checked',
  references: [],
  said: { message },
});

describe('the dashboard says what the history kept by id', () => {
  it('in Japanese: the run’s notes and the findings on its nodes', () => {
    const coverage: string[] = [];
    pushNote(coverage, auditMessages.say('audit.note.noDatabase', { db: '/var/lib/db' }));
    setLocale('ja');
    const run = page([], coverage, (src, id) => toText(runPage(src, String(id), new URLSearchParams()).body));
    expect(run).toContain('脆弱性スキャン: /var/lib/db にデータベースがありません');
    const nodes = page([onNode(auditMessages.say('audit.note.thisNodeOnly'))], [], (src) => toText(nodesPage(src).body));
    expect(nodes).toContain('このエンジンは Swarm のマネージャーではありません');
    setLocale('en');
    expect(page([], coverage, (src, id) => toText(runPage(src, String(id), new URLSearchParams()).body))).toContain(
      'vulnerability scan: no database at /var/lib/db',
    );
  });

  it('shows markup kept in a note or a message as text', () => {
    const coverage: string[] = [];
    pushNote(coverage, auditMessages.say('audit.note.noDatabase', { db: '<script>alert(1)</script>' }));
    const marked = onNode({ id: 'x.unknown', en: '<img src=x onerror=alert(2)>', data: {} });
    setLocale('ja');
    const run = page([], coverage, (src, id) => toText(runPage(src, String(id), new URLSearchParams()).body));
    expect(run).not.toContain('<script>');
    expect(run).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const nodes = page([marked], [], (src) => toText(nodesPage(src).body));
    expect(nodes).not.toContain('<img src=x');
    expect(nodes).toContain('&lt;img src=x onerror=alert(2)&gt;');
  });
});
