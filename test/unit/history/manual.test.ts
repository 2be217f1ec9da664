import path from 'node:path';
import { openSqlite } from '../../../src/core/sqlite.js';
import { expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { english } from '../../../src/core/message.js';
import { recordManualScan } from '../../../src/history/manual.js';
import { HistoryStore } from '../../../src/history/store.js';
import { describeEachSqliteEngine } from '../../helpers/sqlite-engines.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = (): string => tempDir('sg-hist-');

const ID = `sha256:${'1'.repeat(64)}`;
const REPO_DIGEST = `sha256:${'2'.repeat(64)}`;
const finding = { id: 'CVE-2099-0101', severity: 'CRITICAL', title: 't', target: { kind: 'image', ref: 'x' } } as Finding;

describeEachSqliteEngine('manual scans in the history', () => {
  it('records an image scan under its repo digest (else its image ID), with everything it matched', () => {
    const file = path.join(tmp(), 'h.db');
    const id = recordManualScan({ ref: 'localhost:5000/team/web:2', inventory: { imageId: ID, repoDigest: REPO_DIGEST }, all: [finding] }, { file });
    recordManualScan({ ref: 'nginx:1.27', inventory: { imageId: ID }, all: [] }, { file });
    const store = new HistoryStore(file);
    expect(store.get(id!)).toMatchObject({
      digest: REPO_DIGEST,
      repository: 'localhost:5000/team/web',
      tag: '2',
      trigger: 'manual',
      status: 'done',
      counts: expect.objectContaining({ CRITICAL: 1 }) as unknown,
    });
    expect(store.latestVerdict(ID)).toMatchObject({ repository: 'nginx', tag: '1.27', trigger: 'manual' });
    store.close();
  });

  it('a history it cannot write is a warning, not a failed scan', () => {
    const d = tmp();
    const warnings: string[] = [];
    // A file where the history's directory should be: fails for root too.
    const file = path.join(d, 'h.db', 'nested', 'x.db');
    recordManualScan({ ref: 'a:1', inventory: { imageId: ID }, all: [] }, { file: path.join(d, 'h.db') });
    expect(recordManualScan({ ref: 'a:1', inventory: { imageId: ID }, all: [] }, { file, warn: (m) => warnings.push(english(m)) })).toBeUndefined();
    expect(warnings[0]).toMatch(/not recorded in the history/);
  });
});

describeEachSqliteEngine('history schema', () => {
  it('upgrades a version 1 history in place and keeps its scans', () => {
    const file = path.join(tmp(), 'old.db');
    const db = openSqlite(file);
    db.exec(`CREATE TABLE scans (id INTEGER PRIMARY KEY AUTOINCREMENT, digest TEXT NOT NULL, repository TEXT NOT NULL, tag TEXT, trigger TEXT NOT NULL, origin TEXT, status TEXT NOT NULL, error TEXT, queued_at TEXT NOT NULL, finished_at TEXT, counts TEXT, findings TEXT);
      INSERT INTO scans (digest, repository, trigger, status, queued_at) VALUES ('${ID}', 'r', 'push', 'queued', '2026-01-01T00:00:00Z');
      PRAGMA user_version = 1;`);
    db.close();
    const store = new HistoryStore(file);
    expect(store.pending()).toMatchObject([{ digest: ID, resumes: 0 }]);
    expect(store.markResumed(1)).toBe(1);
    store.close();
  });
});
