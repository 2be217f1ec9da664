// Findings and notes said by id keep their messages through the history: written to SQLite (the scan history and the
// audit runs) and read back, they are said in Japanese as they were before storing. What was stored by hand, malformed
// or hostile, is said in the English the finding kept, never crashes and never grows without bound.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchFindings, runBench } from '../../../src/bench/runner.js';
import type { Finding } from '../../../src/core/finding.js';
import { english, pushNote, rawMessage } from '../../../src/core/message.js';
import { openSqlite } from '../../../src/core/sqlite.js';
import { auditMessages } from '../../../src/audit/messages.js';
import { AuditRunStore } from '../../../src/history/audit-runs.js';
import { HistoryStore } from '../../../src/history/store.js';
import { localizeFindings } from '../../../src/i18n/findings.js';
import { localizeNotes } from '../../../src/i18n/notes.js';
import { evaluatePairs, verifyFindings } from '../../../src/stack/verify.js';
import type { TaskProbe } from '../../../src/stack/verify-model.js';
import { facts, out, snapshot } from '../stack/verify-fixtures.js';
import { careless } from './bench-fixtures.js';
import { JAPANESE } from './ja-helpers.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-stored-said-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const file = () => path.join(dir, `h${files++}.db`);

/** Probe findings whose cause and detail are said by id (refused, no IPVS, not run), and benchmark WARNs. */
function findings(): Finding[] {
  const s = snapshot(true, facts());
  const task = s.tasks.find((t) => t.id === 'ta')!;
  // From the first service to the second (refused, then not run) and to the third (no IPVS on the node).
  const outputs: [number, string[] | string][] = [
    [1, ['SG-DNS test_httpd OK 10.0.1.7', "SG-TCP test_httpd 10.0.1.7 80 1 nc: can't connect to remote host (10.0.1.7): Connection refused"]],
    [
      2,
      [
        'SG-FACT ipvs no',
        'SG-DNS test_vip OK 10.0.1.2',
        'SG-TCP test_vip 10.0.1.2 80 1 nc: timed out',
        'SG-DNS tasks.test_vip OK 10.0.1.3',
        'SG-TCP tasks.test_vip 10.0.1.3 80 0',
      ],
    ],
    [1, 'probe image busybox:stable is not on this node'],
  ];
  const plans = outputs.map(([to, seen]): TaskProbe => ({
    task,
    networkId: 'NET',
    service: s.services[0]!,
    targets: [s.services[to]!],
    ...(typeof seen === 'string' ? { error: rawMessage(seen) } : { output: out(seen) }),
  }));
  const pairs = evaluatePairs(s, plans);
  return [...verifyFindings(s, pairs), ...benchFindings(runBench(careless(), {}, 0))];
}

describe('findings said by id, stored and read back', () => {
  const before = findings();
  const ja = localizeFindings(before, 'ja');

  it('keeps the messages as plain data on the findings', () => {
    const probes = before.filter((f) => f.category === 'swarm' && f.said?.evidence !== undefined);
    expect(probes.length).toBeGreaterThanOrEqual(2);
    for (const f of probes) expect(english(f.said!.evidence!.detail!)).toBe(f.evidence!.detail);
    expect(before.filter((f) => f.category === 'bench' && f.said?.message !== undefined).length).toBeGreaterThan(10);
    // JSON keeps them: what goes into the history is what comes out of it.
    expect(JSON.parse(JSON.stringify(before))).toEqual(before);
  });

  it('says them in Japanese after the scan history (SQLite), as before storing', () => {
    const store = new HistoryStore(file());
    try {
      const id = store.record({ digest: `sha256:${'a'.repeat(64)}`, repository: 'r', trigger: 'manual' }, before);
      const back = store.get(id)!.findings;
      expect(back).toEqual(before);
      expect(localizeFindings(back, 'ja')).toEqual(ja);
    } finally {
      store.close();
    }
  });

  it('says them and the run’s notes in Japanese after the audit runs (SQLite), as before storing', () => {
    const coverage: string[] = ['written in English only'];
    pushNote(coverage, auditMessages.say('audit.note.thisNodeOnly'));
    pushNote(coverage, auditMessages.say('audit.note.noDatabase', { db: '/var/lib/db' }));
    const checked: string[] = [];
    pushNote(checked, auditMessages.say('audit.note.noImages'));
    const notesJa = localizeNotes(coverage, 'ja');
    expect(notesJa[1]).toMatch(JAPANESE);
    expect(notesJa[2]).toContain('/var/lib/db');
    const where = file();
    const runs = AuditRunStore.open(where);
    try {
      const id = runs.record({
        finishedAt: '2026-12-01T00:00:00.000Z',
        score: 10,
        findings: before,
        coverage,
        checked,
        state: { services: [], nodes: [], networks: [] },
        toolVersion: 'test',
      });
      const run = runs.get(id)!;
      expect(run.coverage).toEqual(coverage);
      expect(localizeNotes(run.coverage, 'ja')).toEqual(notesJa);
      expect(localizeNotes(run.checked, 'ja')).toEqual(localizeNotes(checked, 'ja'));
      const back = runs.findings({ runId: id, limit: 500 }).items.map((x) => x.finding);
      const key = (f: Finding) => `${f.id}|${f.target.kind}|${f.message}`;
      const sorted = (l: Finding[]) => [...l].sort((a, b) => key(a).localeCompare(key(b)));
      expect(sorted(localizeFindings(back, 'ja'))).toEqual(sorted(ja));
    } finally {
      runs.close();
    }
  });

  it('says what a benchmark check saw in Japanese even where the requirement has no Japanese explanation', () => {
    const bench = before.find((f) => f.category === 'bench' && f.said?.message !== undefined)!;
    const unexplained = { ...bench, id: '9.99', references: [{ type: 'cis-docker' as const, id: '9.99' }] };
    const [ja] = localizeFindings([unexplained], 'ja');
    expect(ja!.title).toBe(bench.title);
    expect(ja!.message.startsWith(`${bench.title}: `)).toBe(true);
    expect(ja!.message).toMatch(JAPANESE);
  });

  it('reads runs kept before the notes had messages (no notes_said) as their English', () => {
    const where = file();
    const runs = AuditRunStore.open(where);
    const id = runs.record({
      finishedAt: '2026-12-01T00:00:00.000Z',
      score: 1,
      findings: [],
      coverage: ['a', 'b'],
      checked: [],
      state: { services: [], nodes: [], networks: [] },
      toolVersion: 't',
    });
    runs.close();
    const db = openSqlite(where);
    db.prepare('UPDATE audit_runs SET notes_said = NULL').run();
    db.close();
    const again = AuditRunStore.open(where, { readonly: true });
    try {
      expect(again.get(id)!.coverage).toEqual(['a', 'b']);
      expect(localizeNotes(again.get(id)!.coverage, 'ja')).toEqual(localizeNotes(['a', 'b'], 'ja'));
    } finally {
      again.close();
    }
  });
});

describe('hostile messages in the history', () => {
  const probe = findings().find((f) => f.id === 'stack-probe-failed' && f.said?.evidence?.cause !== undefined)!;
  const bench = findings().find((f) => f.category === 'bench' && f.said?.message !== undefined)!;
  const deep = (n: number): unknown => {
    let m: unknown = { id: 'x.y', en: 'leaf', data: {} };
    for (let i = 0; i < n; i++) m = { id: 'x.y', en: '{v}', data: { v: m } };
    return m;
  };
  // A template that repeats a value that repeats a value…: small as JSON, astronomical once filled in.
  const bomb = (() => {
    let m: unknown = { id: 'x.y', en: 'x'.repeat(100), data: {} };
    for (let i = 0; i < 6; i++) m = { id: 'x.y', en: '{v}'.repeat(200), data: { v: m } };
    return m;
  })();
  const hostile: [string, unknown][] = [
    ['a huge value', { id: 'stack.verify.cause.refused', en: '{port}', data: { port: 'x'.repeat(2_000_000) } }],
    ['nesting past the depth bound', deep(40)],
    ['a template bomb', bomb],
    ['an id that is a number', { id: 7, en: 'x', data: {} }],
    ['an id with markup', { id: '<script>alert(1)</script>', en: 'x', data: {} }],
    ['data that is a list', { id: 'x.y', en: '{0}', data: ['a'] }],
    ['a value that is true', { id: 'x.y', en: '{v}', data: { v: true } }],
    ['a value that is null', { id: 'x.y', en: '{v}', data: { v: null } }],
    ['no template', { id: 'x.y', data: {} }],
    ['a string', 'refused'],
  ];

  it.each(hostile)('%s: says the English the finding kept', (_name, bad) => {
    const where = file();
    const store = new HistoryStore(where);
    try {
      const id = store.record({ digest: `sha256:${'b'.repeat(64)}`, repository: 'r', trigger: 'manual' }, [
        { ...probe, said: { evidence: { cause: bad, detail: bad } } } as unknown as Finding,
        { ...bench, said: { message: bad, remediation: bad } } as unknown as Finding,
      ]);
      const [p, b] = store.get(id)!.findings;
      expect(p!.said).toBeUndefined();
      expect(b!.said).toBeUndefined();
      const [pj, bj] = localizeFindings([p!, b!], 'ja');
      // The probe's cause is said from the English it kept; the benchmark's details are its English message.
      expect(pj!.message).toContain(String(probe.evidence!.cause));
      expect(bj!.message.endsWith(bench.message.slice(bench.title.length + 2))).toBe(true);
    } finally {
      store.close();
    }
  });

  it('a well-formed message beside a malformed one keeps the good one', () => {
    const where = file();
    const store = new HistoryStore(where);
    try {
      const cause = probe.said!.evidence!.cause!;
      const id = store.record({ digest: `sha256:${'c'.repeat(64)}`, repository: 'r', trigger: 'manual' }, [
        { ...probe, said: { evidence: { cause, detail: deep(100) } } } as unknown as Finding,
      ]);
      const back = store.get(id)!.findings[0]!;
      expect(back.said).toEqual({ evidence: { cause } });
      expect(localizeFindings([back], 'ja')[0]!.message).toMatch(JAPANESE);
    } finally {
      store.close();
    }
  });

  it('nesting far deeper than any stack, written straight into the file, is read as English in bounded time', () => {
    const where = file();
    const store = new HistoryStore(where);
    const id = store.record({ digest: `sha256:${'d'.repeat(64)}`, repository: 'r', trigger: 'manual' }, [bench]);
    store.close();
    const depth = 100_000;
    const said = `{"message":${'{"id":"x.y","en":"{v}","data":{"v":'.repeat(depth)}"leaf"${'}}'.repeat(depth)}}`;
    const body = JSON.stringify([{ ...bench, said: null }]).replace('"said":null', `"said":${said}`);
    const db = openSqlite(where);
    db.prepare('UPDATE scans SET findings = ? WHERE id = ?').run(body, id);
    db.close();
    const again = new HistoryStore(where);
    try {
      const back = again.get(id)!.findings[0]!;
      expect(back.said).toBeUndefined();
      expect(back.message).toBe(bench.message);
    } finally {
      again.close();
    }
  });

  it('notes whose stored message is malformed or says other English are their English', () => {
    const where = file();
    const runs = AuditRunStore.open(where);
    const coverage: string[] = [];
    pushNote(coverage, auditMessages.say('audit.note.thisNodeOnly'));
    pushNote(coverage, auditMessages.say('audit.note.noImages'));
    const id = runs.record({
      finishedAt: '2026-12-01T00:00:00.000Z',
      score: 1,
      findings: [],
      coverage,
      checked: [],
      state: { services: [], nodes: [], networks: [] },
      toolVersion: 't',
    });
    runs.close();
    const db = openSqlite(where);
    const other = auditMessages.say('audit.note.noBench');
    db.prepare('UPDATE audit_runs SET notes_said = ?').run(JSON.stringify({ coverage: [deep(50), other], checked: 'not a list' }));
    db.close();
    const again = AuditRunStore.open(where, { readonly: true });
    try {
      const run = again.get(id)!;
      expect(run.coverage).toEqual(coverage);
      // Neither note is said from what was stored: one is malformed, the other would say another note.
      expect(localizeNotes(run.coverage, 'ja')).toEqual(coverage.map((n) => localizeNotes([n], 'ja')[0]));
      expect(localizeNotes(run.coverage, 'ja')).not.toContain(localizeNotes([english(other)], 'ja')[0]);
    } finally {
      again.close();
    }
  });
});
