// The errors of the vulnerability database, the history, the policy file and --vex are said by id: raised for real,
// they read word for word as before in English, and in Japanese from the catalogue (src/i18n/ja/{vulndb,history,policy}.ts).
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { rawMessage } from '../../../src/core/message.js';
import { auditRetentionDays } from '../../../src/history/audit-runs.js';
import { openScanStore } from '../../../src/history/scan-store.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { loadPolicy, parsePolicy } from '../../../src/policy/policy.js';
import { loadVexFile, parseVex } from '../../../src/scan/vex.js';
import { downloadSource } from '../../../src/vulndb/download.js';
import { importerForType } from '../../../src/vulndb/importers/index.js';
import { topLevelMembers } from '../../../src/vulndb/json-stream.js';
import { missingDbError, openDatabase } from '../../../src/vulndb/schema.js';
import { importFailureError } from '../../../src/vulndb/update.js';
import { raised } from '../../helpers/raised.js';
import { tempDir } from '../../helpers/tmp.js';
import { JAPANESE } from './ja-helpers.js';

const dir = tempDir('sg-data-errors-');

/** The error in both languages: its English as it was, and Japanese with every value kept. */
function expectSaid(e: UserError, en: string, ja: string, hint?: { en: string; ja: string }): void {
  expect(e.text.id).not.toBe('');
  expect(e.message).toBe(en);
  expect(localizeMessage(e.text, 'en')).toBe(en);
  expect(localizeMessage(e.text, 'ja')).toBe(ja);
  expect(ja).toMatch(JAPANESE);
  if (hint === undefined) return;
  expect(e.hint).toBe(hint.en);
  expect(e.hintText && localizeMessage(e.hintText, 'ja')).toBe(hint.ja);
}

describe('vulnerability database errors by id', () => {
  it('a file that is not SQLite, and no database at all', async () => {
    const file = path.join(dir, 'not.db');
    writeFileSync(file, 'hello, not a database');
    expectSaid(
      await raised(() => openDatabase(file, { readonly: true })),
      `${file} is not a swarmguard vulnerability database (not an SQLite file)`,
      `${file} は swarmguard の脆弱性データベースではありません（SQLite のファイルではありません）`,
      {
        en: 'point --db at the file `swarmguard db update` wrote, or remove this file and run `swarmguard db update`',
        ja: '--db で `swarmguard db update` が書いたファイルを指定するか、このファイルを削除して `swarmguard db update` を実行してください',
      },
    );
    expectSaid(missingDbError('/var/db/v.db'), 'no vulnerability database at /var/db/v.db', '/var/db/v.db に脆弱性データベースがありません');
  });

  it('a streamed feed that is an array, and an unknown source type', async () => {
    const file = path.join(dir, 'array.json');
    writeFileSync(file, '[1, 2]');
    expectSaid(
      await raised(async () => {
        for await (const _ of topLevelMembers(file)) void _;
      }),
      `${file}: expected a JSON object at the top level, found an array`,
      `${file}: 最上位には JSON のオブジェクトが必要ですが、配列があります`,
    );
    const e = await raised(() => importerForType('bogus'));
    expectSaid(e, 'unknown source type "bogus"', '"bogus" は不明なソースの種類です');
    expect(e.hint).toMatch(/^use one of: osv-zip, osv, alpine-secdb, /);
    expect(e.hintText && localizeMessage(e.hintText, 'ja')).toMatch(/^次のいずれかを指定してください: osv-zip, osv, alpine-secdb, /);
  });

  it('files that could not be imported, each error in the reader’s language', () => {
    const failures = [
      { file: 'a.json', error: rawMessage('a.json: broken') },
      { file: 'b.json', error: missingDbError('b.json').text },
    ];
    expectSaid(
      importFailureError(failures, 2),
      '2 file(s) could not be imported (the other 2 were): a.json: broken; b.json: no vulnerability database at b.json',
      'ファイル 2 個を取り込めませんでした（ほかの 2 個は取り込み済み）: a.json: broken; b.json: b.json に脆弱性データベースがありません',
    );
    expectSaid(
      importFailureError(failures.slice(1), 0),
      'nothing was imported, the database is unchanged: b.json: no vulnerability database at b.json',
      '何も取り込んでいません。データベースは変わっていません: b.json: b.json に脆弱性データベースがありません',
      { en: 'fix or re-download the named files and import them again', ja: '挙げたファイルを直すかダウンロードし直して、もう一度取り込んでください' },
    );
  });

  describe('a download that fails on every mirror', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        res.statusCode = req.url === '/busy' ? 503 : 404;
        res.end('no');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('names each mirror and what it answered', async () => {
      const e = await raised(() => downloadSource([`${base}/busy`, `${base}/gone`], path.join(dir, 'dl')));
      expectSaid(
        e,
        `could not download ${base}/busy: ${base}/busy: HTTP 503; ${base}/gone: HTTP 404 (not retryable, trying the next mirror anyway)`,
        `${base}/busy をダウンロードできませんでした: ${base}/busy: HTTP 503 が返りました; ${base}/gone: HTTP 404（再試行の対象ではありませんが、次のミラーを試します）`,
        {
          en: 'check the network or the mirror list; on a host without internet use `swarmguard db import`',
          ja: 'ネットワークかミラーの一覧を確認してください。インターネットにつながらないホストでは `swarmguard db import` を使います',
        },
      );
      expect(e.exitCode).toBe(4);
    });
  });
});

describe('history errors by id', () => {
  it('a retention that is not a number of days, and a location that is neither a file nor postgres://', async () => {
    expectSaid(
      await raised(() => auditRetentionDays({ SWARMGUARD_AUDIT_RETENTION_DAYS: 'soon' })),
      '$SWARMGUARD_AUDIT_RETENTION_DAYS: "soon" is not a number of days',
      '$SWARMGUARD_AUDIT_RETENTION_DAYS: "soon" は日数ではありません',
      { en: 'e.g. 90; 0 keeps every run', ja: '例: 90（0 ならすべての実行を残します）' },
    );
    expectSaid(
      await raised(() => openScanStore('mysql://u:secret@db/x')),
      '--history: mysql://u:***@db/x is neither a file nor a postgres:// URL',
      '--history: mysql://u:***@db/x はファイルでも postgres:// の URL でもありません',
    );
  });
});

describe('policy and VEX file errors by id', () => {
  it('a missing policy, a rule listed twice', async () => {
    const missing = path.join(dir, 'none.yml');
    expectSaid(await raised(() => loadPolicy(missing)), `${missing}: no such policy file`, `${missing}: ポリシーファイルがありません`);
    expectSaid(
      await raised(() => parsePolicy('rules:\n  - rule: no-shell\n  - rule: no-shell\n', 'p.yml')),
      'p.yml: rule no-shell is listed twice',
      'p.yml: ルール no-shell が 2 回書かれています',
    );
  });

  it('a policy that is no mapping: the place of the problem is said too, the parser’s words kept', async () => {
    const e = await raised(() => parsePolicy('- just a list\n', 'p.yml'));
    expect(e.message).toMatch(/^p\.yml: not a policy: \(top\): /);
    const problem = e.message.slice('p.yml: not a policy: (top): '.length);
    expect(localizeMessage(e.text, 'ja')).toBe(`p.yml: ポリシーではありません: （最上位）: ${problem}`);
    const rules = await raised(() => parsePolicy('rules:\n  - rule: no-shell\n    typo: 1\n', 'p.yml'));
    expect(rules.message).toMatch(/^p\.yml: not a policy: rules\.0: /);
    expect(rules.hintText && localizeMessage(rules.hintText, 'ja')).toMatch(
      /^ルールは no-fixable-vulnerabilities, .*です。`swarmguard policy show` を参照してください$/,
    );
  });

  it('a VEX file that is not JSON keeps the parser’s words as a value', async () => {
    const e = await raised(() => parseVex('{', 'v.json'));
    expect(e.message).toMatch(/^v\.json: not JSON: /);
    const detail = e.message.slice('v.json: not JSON: '.length);
    expect(localizeMessage(e.text, 'ja')).toBe(`v.json: JSON ではありません: ${detail}`);
    expect(e.hint).toBe('--vex reads OpenVEX, CycloneDX VEX (JSON) and CSAF 2.0 VEX documents');
    expectSaid(
      await raised(() => loadVexFile(path.join(dir, 'no.vex'))),
      `${path.join(dir, 'no.vex')}: no such VEX file`,
      `${path.join(dir, 'no.vex')}: VEX ファイルがありません`,
    );
  });
});
