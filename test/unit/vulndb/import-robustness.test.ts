// Real-data robustness of `db import`: empty documents, malformed records and files, the previous DB kept.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../../src/core/errors.js';
import { english, type Message } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { VulnStore } from '../../../src/vulndb/store.js';
import { importFiles } from '../../../src/vulndb/update.js';
import { raised } from '../../helpers/raised.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-import-'));
const quiet = { log: () => undefined, progress: () => ({ tick() {}, total() {}, done() {} }) };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const failure = (p: Promise<unknown>): Promise<UserError> => raised(() => p);

describe('db import on real data', () => {
  it('imports every published Alpine secdb branch in one command, the empty documents as 0 advisories', async () => {
    const db = path.join(dir, 'alpine.db');
    const results = await importFiles(db, ['test/fixtures/vulndb/alpine-secdb'], quiet);
    expect(results).toHaveLength(18);
    const store = VulnStore.open(db, { readonly: true });
    try {
      const empty = store.source('file:alpine-secdb/v3.3/community.yaml');
      expect(empty?.advisories).toBe(0);
      const ns = store.namespaces().map((n) => n.namespace);
      expect(ns).toEqual([
        'alpine:v3.10',
        'alpine:v3.11',
        'alpine:v3.3',
        'alpine:v3.4',
        'alpine:v3.5',
        'alpine:v3.6',
        'alpine:v3.7',
        'alpine:v3.8',
        'alpine:v3.9',
      ]);
      // main and community of one branch are separate sources, not one overwriting the other.
      expect(store.source('file:alpine-secdb/v3.9/main.yaml')?.advisories).toBeGreaterThan(1000);
      expect(store.source('file:alpine-secdb/v3.9/community.yaml')?.advisories).toBeGreaterThan(500);
    } finally {
      store.close();
    }
  });

  it('`packages: null` and `packages: []` JSON documents count as 0 advisories', async () => {
    const db = path.join(dir, 'empty.db');
    const a = path.join(dir, 'null.json');
    const b = path.join(dir, 'emptylist.json');
    writeFileSync(a, JSON.stringify({ distroversion: 'v3.3', reponame: 'community', packages: null }));
    writeFileSync(b, JSON.stringify({ distroversion: 'v3.20', reponame: 'community', packages: [] }));
    const r = await importFiles(db, [a, b], quiet);
    expect(r.map((x) => x.records)).toEqual([0, 0]);
  });

  it('a malformed file is named, the others are imported, and the command fails', async () => {
    const db = path.join(dir, 'mixed.db');
    const bad = path.join(dir, 'truncated.json');
    writeFileSync(bad, readFileSync('test/fixtures/vulndb/alpine-secdb-v3.10-main.json', 'utf8').slice(0, 5000));
    const logs: string[] = [];
    const said: Message[] = [];
    const e = await failure(
      importFiles(db, ['test/fixtures/vulndb/alpine-secdb/v3.9/main.yaml', bad, 'test/fixtures/vulndb/debian-tracker-sample.json'], {
        ...quiet,
        log: (l) => {
          said.push(l);
          logs.push(english(l));
        },
      }),
    );
    expect(e.exitCode).toBe(ExitCode.FAILED);
    expect(e.message).toContain('truncated.json');
    expect(e.message).toContain('the other 2 were');
    expect(logs.filter((l) => l.includes('not imported:'))).toEqual([expect.stringMatching(/truncated\.json: not imported: .*truncated\.json/)]);
    expect(
      localizeMessage(
        said.find((m) => m.id === 'vulndb.import.notImported')!,
        'ja',
      ),
    ).toMatch(/truncated\.json: 取り込みませんでした: /);
    const store = VulnStore.open(db, { readonly: true });
    try {
      expect(store.sources().map((s) => s.id)).toEqual(['file:debian-tracker-sample.json', 'file:main.yaml']);
    } finally {
      store.close();
    }
  });

  it('keeps the previous database byte for byte when nothing valid was imported', async () => {
    const db = path.join(dir, 'keep.db');
    await importFiles(db, ['test/fixtures/vulndb/debian-tracker-sample.json'], quiet);
    const before = readFileSync(db);
    const bad = path.join(dir, 'garbage.json');
    writeFileSync(bad, '{"distroversion": "v3.19", "packages": [');
    const e = await failure(importFiles(db, [bad], quiet));
    expect(e.message).toContain('nothing was imported');
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(statSync(db).size).toBe(before.length);
  });

  it('a file that fails half-way leaves what its source had imported before', async () => {
    const db = path.join(dir, 'staged.db');
    mkdirSync(path.join(dir, 'good'));
    mkdirSync(path.join(dir, 'bad'));
    copyFileSync('test/fixtures/vulndb/debian-tracker-sample.json', path.join(dir, 'good', 'feed.json'));
    await importFiles(db, [path.join(dir, 'good', 'feed.json')], quiet);
    const count = () => {
      const s = VulnStore.open(db, { readonly: true });
      try {
        return s.source('file:feed.json')?.advisories;
      } finally {
        s.close();
      }
    };
    const before = count();
    expect(before).toBeGreaterThan(0);
    // Same source name, cut off in the middle: the tracker importer has streamed part of it when it fails.
    const text = readFileSync('test/fixtures/vulndb/debian-tracker-sample.json', 'utf8');
    writeFileSync(path.join(dir, 'bad', 'feed.json'), text.slice(0, Math.floor(text.length * 0.8)));
    await failure(importFiles(db, ['test/fixtures/vulndb/alpine-secdb/v3.4/community.yaml', path.join(dir, 'bad', 'feed.json')], quiet));
    expect(count()).toBe(before);
  });
});
