// The errors of serve, watch and `self init` are said by id: their English is word for word what they said before
// (tests, scripts and people read it), and a Japanese reader gets them in Japanese from the catalogue, values as
// they are, without the printer reading the English back.
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWebhookUrl } from '../../../src/autoscan/notify.js';
import { parseRegistryNotification } from '../../../src/autoscan/registry-events.js';
import { writeSelfStack } from '../../../src/autoscan/self-stack.js';
import { checkToken, decideServeAuth, keptToken, readTokenFile } from '../../../src/autoscan/serve-auth.js';
import { UserError } from '../../../src/core/errors.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { raised } from '../../helpers/raised.js';
import { tempDir } from '../../helpers/tmp.js';

interface Said {
  en: string;
  ja: string;
  hintEn?: string;
  hintJa?: string;
}

function expectSaid(e: UserError, said: Said): void {
  expect(e.message).toBe(said.en);
  expect(localizeMessage(e.text, 'en')).toBe(said.en);
  expect(localizeMessage(e.text, 'ja')).toBe(said.ja);
  expect(e.hint).toBe(said.hintEn);
  expect(e.hintText && localizeMessage(e.hintText, 'ja')).toBe(said.hintJa);
  expect(e.exitCode).toBe(2);
}

describe('serve and watch errors by id', () => {
  it('--notify', async () => {
    expectSaid(await raised(() => parseWebhookUrl('not a url')), {
      en: '--notify: not a URL',
      ja: '--notify: URL ではありません',
      hintEn: 'give an http(s) URL, e.g. https://hooks.example/swarmguard',
      hintJa: 'http(s) の URL を指定してください（例: https://hooks.example/swarmguard）',
    });
    expectSaid(await raised(() => parseWebhookUrl('ftp://hooks.example/x')), {
      en: '--notify: only http and https URLs are supported, not ftp:',
      ja: '--notify: 使える URL は http と https だけです（ftp: は使えません）',
    });
    const credentials = await raised(() => parseWebhookUrl('https://u:secret@hooks.example/x'));
    expect(credentials.message).toBe('--notify: the URL carries credentials (user:password@), which are never sent or logged');
    expect(localizeMessage(credentials.text, 'ja')).not.toContain('secret');
  });

  it('a body that is not a notification envelope', async () => {
    expectSaid(await raised(() => parseRegistryNotification({ nope: 1 })), {
      en: 'not a registry notification envelope: expected {"events": [...]}',
      ja: 'レジストリの通知の形式ではありません: {"events": [...]} が必要です',
    });
  });

  it('TLS flags and authentication', async () => {
    const kept = path.join(tempDir('sg-errid-'), 'serve-token');
    expectSaid(await raised(() => decideServeAuth({ host: '0.0.0.0', tlsCert: 'c', generatedTokenFile: kept })), {
      en: '--tls-cert and --tls-key go together',
      ja: '--tls-cert と --tls-key は一緒に指定してください',
    });
    expectSaid(await raised(() => decideServeAuth({ host: '0.0.0.0', tlsCa: 'ca.pem', generatedTokenFile: kept })), {
      en: '--tls-ca needs --tls-cert and --tls-key: client certificates are only checked over HTTPS',
      ja: '--tls-ca には --tls-cert と --tls-key が必要です: クライアント証明書は HTTPS でしか検証できません',
      hintEn: 'give all three for mutual TLS, or --token-file for a bearer token',
      hintJa: '相互 TLS なら 3 つすべてを、Bearer トークンなら --token-file を指定してください',
    });
    expectSaid(await raised(() => decideServeAuth({ host: '10.1.2.3', tlsCert: 'c', tlsKey: 'k', generatedTokenFile: kept })), {
      en: 'refusing to listen on 10.1.2.3 without authentication',
      ja: '認証なしで 10.1.2.3 で待ち受けることはしません',
      hintEn: 'give --token-file (or $SWARMGUARD_SERVE_TOKEN), or --tls-cert, --tls-key and --tls-ca for mutual TLS, or listen on 127.0.0.1',
      hintJa: '--token-file（または $SWARMGUARD_SERVE_TOKEN）か、相互 TLS の --tls-cert、--tls-key、--tls-ca を指定するか、127.0.0.1 で待ち受けてください',
    });
  });

  it('tokens: too short, unreadable, readable by others; where it came from is said in the same language', async () => {
    expectSaid(await raised(() => decideServeAuth({ host: '127.0.0.1', token: 'abc', generatedTokenFile: 'unused' })), {
      en: 'the serve token: the token is 3 byte(s) long; at least 32 are needed',
      ja: 'serve のトークン: トークンが 3 バイトしかありません。32 バイト以上必要です',
      hintEn: 'make one with: openssl rand -base64 33 > FILE && chmod 600 FILE',
      hintJa: '次のように作れます: openssl rand -base64 33 > FILE && chmod 600 FILE',
    });
    expect((await raised(() => checkToken('x', '--token-file'))).message).toBe('--token-file: the token is 1 byte(s) long; at least 32 are needed');
    const dir = tempDir('sg-errid-');
    const missing = await raised(() => readTokenFile(path.join(dir, 'none'), '--token-file'));
    expect(missing.message).toBe(`--token-file: cannot read ${path.join(dir, 'none')}: ENOENT: no such file or directory, stat '${path.join(dir, 'none')}'`);
    expect(localizeMessage(missing.text, 'ja')).toBe(
      `--token-file: ${path.join(dir, 'none')} を読めません: ENOENT（ファイルまたはディレクトリがありません）: stat '${path.join(dir, 'none')}'`,
    );
    const open = path.join(dir, 'open-token');
    writeFileSync(open, `${'k'.repeat(40)}\n`);
    chmodSync(open, 0o644);
    expectSaid(await raised(() => readTokenFile(open, '--token-file')), {
      en: `--token-file: ${open} can be read by others (mode 644)`,
      ja: `--token-file: ${open} は他のユーザーも読めます（パーミッション 644）`,
      hintEn: `chmod 600 ${open}`,
      hintJa: `chmod 600 ${open} を実行してください`,
    });
    expectSaid(await raised(() => keptToken(open, 'serve')), {
      en: `the kept serve token: ${open} can be read by others (mode 644)`,
      ja: `保存済みの serve のトークン: ${open} は他のユーザーも読めます（パーミッション 644）`,
      hintEn: `chmod 600 ${open}`,
      hintJa: `chmod 600 ${open} を実行してください`,
    });
    expectSaid(await raised(() => keptToken(open, 'dashboard')), {
      en: `the kept dashboard token: ${open} can be read by others (mode 644)`,
      ja: `保存済みのダッシュボードのトークン: ${open} は他のユーザーも読めます（パーミッション 644）`,
      hintEn: `chmod 600 ${open}`,
      hintJa: `chmod 600 ${open} を実行してください`,
    });
    const under = path.join(open, 'sub', 'token');
    const serveCreate = await raised(() => keptToken(under, 'serve'));
    expect(serveCreate.message).toMatch(new RegExp(`^cannot create the serve token file ${under}: ENOTDIR`));
    expect(localizeMessage(serveCreate.text, 'ja')).toMatch(new RegExp(`^serve のトークンファイル ${under} を作成できません: ENOTDIR`));
    expect(serveCreate.hint).toBe('give --token-file');
    const dashboardCreate = await raised(() => keptToken(under, 'dashboard'));
    expect(dashboardCreate.message).toMatch(new RegExp(`^cannot create the dashboard token file ${under}: ENOTDIR`));
    expect(localizeMessage(dashboardCreate.text, 'ja')).toMatch(new RegExp(`^ダッシュボードのトークンファイル ${under} を作成できません: ENOTDIR`));
    expect(dashboardCreate.hintText && localizeMessage(dashboardCreate.hintText, 'ja')).toBe('--token-file を指定してください');
    expectSaid(await raised(() => readTokenFile(dir, '--token-file')), {
      en: `--token-file: ${dir} is not a regular file`,
      ja: `--token-file: ${dir} は通常のファイルではありません`,
    });
  });
});

describe('self init errors by id', () => {
  it('an image not pinned by digest, a file that exists', async () => {
    const dir = tempDir('sg-errid-');
    expectSaid(await raised(() => writeSelfStack(path.join(dir, 'a.yaml'), { image: 'swarmguard:latest', socketGid: 999 })), {
      en: '--image: "swarmguard:latest" is not pinned by digest',
      ja: '--image: "swarmguard:latest" はダイジェストで固定されていません',
      hintEn: 'give registry/swarmguard@sha256:…, or an image this engine has (it is pinned to its ID)',
      hintJa: 'registry/swarmguard@sha256:… か、このエンジンにあるイメージ（その ID に固定されます）を指定してください',
    });
    const file = path.join(dir, 'b.yaml');
    writeFileSync(file, 'x');
    expectSaid(await raised(() => writeSelfStack(file, { image: `sha256:${'c'.repeat(64)}`, socketGid: 999 })), {
      en: `${file} already exists`,
      ja: `${file} はすでにあります`,
      hintEn: 'choose another file name, or add --force to overwrite it',
      hintJa: '別のファイル名にするか、上書きするなら --force を付けてください',
    });
  });
});
