// The errors the commands of src/cli raise about their flags and inputs are said by id: run as a user runs them, the
// English is word for word what they said before, and `--lang ja` says them in Japanese with the values as they are.
import { chownSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runProgram } from '../../../src/cli/program.js';
import { parseExitCode } from '../../../src/cli/report-options.js';
import { socketGid } from '../../../src/cli/self.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { raised } from '../../helpers/raised.js';
import { tempDir } from '../../helpers/tmp.js';

const TOKEN_VARS = ['SWARMGUARD_SERVE_TOKEN', 'SWARMGUARD_DASHBOARD_TOKEN'] as const;
const saved: Partial<Record<string, string>> = {};

beforeEach(() => {
  for (const v of TOKEN_VARS) {
    saved[v] = process.env[v];
    delete process.env[v];
  }
});
afterEach(() => {
  for (const v of TOKEN_VARS) if (saved[v] !== undefined) process.env[v] = saved[v];
  setLocale('en');
  process.exitCode = undefined;
});

/** What `swarmguard ARGS` writes on stderr, and its exit code. */
async function run(...args: string[]): Promise<{ stderr: string; code: number }> {
  const writes: string[] = [];
  const orig = process.stderr.write.bind(process.stderr);
  process.stderr.write = (s: string | Uint8Array) => writes.push(String(s)) > 0;
  try {
    process.exitCode = undefined;
    await runProgram(['node', 'swarmguard', ...args]);
  } finally {
    process.stderr.write = orig;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stderr: writes.join(''), code };
}

/** The error (and hint) a command prints in English and in Japanese, and its exit code 2. */
async function expectBoth(args: string[], en: string, ja: string): Promise<void> {
  const english = await run('--lang', 'en', ...args);
  expect(english.stderr).toBe(en);
  expect(english.code).toBe(2);
  const japanese = await run('--lang', 'ja', ...args);
  expect(japanese.stderr).toBe(ja);
  expect(japanese.code).toBe(2);
}

describe('command errors by id, in English and Japanese', () => {
  it('compose lint', async () => {
    await expectBoth(
      ['compose', 'lint'],
      'error: no compose file given\nhint: e.g. swarmguard compose lint stack.yml\n',
      'エラー: compose ファイルが指定されていません\nヒント: 例: swarmguard compose lint stack.yml\n',
    );
    await expectBoth(
      ['compose', 'lint', 'stack.yml', '--dry-run'],
      'error: --dry-run only makes sense with --fix\nhint: add --fix to preview the fixes\n',
      'エラー: --dry-run は --fix と一緒に使います\nヒント: 修正内容を確認するには --fix を付けてください\n',
    );
  });

  it('self init', async () => {
    const file = path.join(tempDir('sg-clierr-'), 'sg.yaml');
    const image = `sha256:${'c'.repeat(64)}`;
    await expectBoth(
      ['self', 'init', file, '--image', image, '--socket-gid', '0'],
      'error: --socket-gid: "0" must be a group id above 0\n',
      'エラー: --socket-gid: "0" は 0 より大きいグループ ID で指定してください\n',
    );
    await expectBoth(
      ['self', 'init', file, '--image', image, '--socket-gid', '998', '--dashboard-port', '70000'],
      'error: --dashboard-port: "70000" is not a port\n',
      'エラー: --dashboard-port: "70000" はポート番号ではありません\n',
    );
    await expectBoth(
      ['self', 'init', file, '--image', image, '--socket-gid', '998', '--secret-prefix', 'Bad Prefix'],
      'error: --secret-prefix: "Bad Prefix" is not a secret name prefix\n',
      'エラー: --secret-prefix: "Bad Prefix" はシークレット名の接頭辞に使えません\n',
    );
  });

  it.runIf(process.getuid?.() === 0)('self init: a socket of group 0 asks for --socket-gid', async () => {
    const socket = path.join(tempDir('sg-clierr-'), 'docker.sock');
    writeFileSync(socket, '');
    chownSync(socket, 0, 0);
    const e = await raised(() => socketGid(undefined, socket));
    expect(e.message).toBe(`${socket} belongs to group 0 (root): the services are not given that group`);
    expect(localizeMessage(e.text, 'ja')).toBe(`${socket} のグループは 0（root）です: サービスにそのグループは与えません`);
    expect(e.hint).toBe('give --socket-gid: the group above 0 that owns the engine socket on the nodes (often docker)');
    expect(localizeMessage(e.hintText!, 'ja')).toBe(
      'ノードでエンジンのソケットを所有する 0 より大きいグループ（多くは docker）を --socket-gid で指定してください',
    );
    expect(socketGid('998', socket)).toBe(998);
    chownSync(socket, 0, 998);
    expect(socketGid(undefined, socket)).toBe(998);
  });

  it('self init: a socket it cannot stat', async () => {
    const socket = path.join(tempDir('sg-clierr-'), 'none.sock');
    const e = await raised(() => socketGid(undefined, socket));
    expect(e.message).toBe(`cannot read the group of ${socket}: ENOENT: no such file or directory, stat '${socket}'`);
    expect(localizeMessage(e.text, 'ja')).toBe(`${socket} のグループを読めません: ENOENT（ファイルまたはディレクトリがありません）: stat '${socket}'`);
    expect(e.hint).toBe('give --socket-gid');
  });

  it('sbom', async () => {
    await expectBoth(
      ['sbom'],
      'error: name an image, or give --input FILE\nhint: swarmguard sbom nginx:1.27, or swarmguard sbom --input app.tar\n',
      'エラー: イメージの名前か --input FILE を指定してください\nヒント: swarmguard sbom nginx:1.27 または swarmguard sbom --input app.tar\n',
    );
  });

  it('serve and watch', async () => {
    await expectBoth(
      ['serve', '--listen', 'nowhere'],
      'error: --listen: "nowhere" is not HOST:PORT\nhint: e.g. 127.0.0.1:8090\n',
      'エラー: --listen: "nowhere" は HOST:PORT の形式ではありません\nヒント: 例: 127.0.0.1:8090\n',
    );
    const history = path.join(tempDir('sg-clierr-'), 'history.db');
    await expectBoth(
      ['serve', '--listen', '127.0.0.1:0', '--history', history, '--allow-registry', 'not a host'],
      'error: --allow-registry: "not a host" is not a host[:port]\n',
      'エラー: --allow-registry: "not a host" は host[:port] の形式ではありません\n',
    );
    await expectBoth(
      ['serve', '--listen', '127.0.0.1:0', '--history', history, '--concurrency', '17'],
      'error: --concurrency: "17" must be 1 to 16\n',
      'エラー: --concurrency: "17" は 1 から 16 の範囲で指定してください\n',
    );
    const missing = path.join(path.dirname(history), 'none.pem');
    await expectBoth(
      ['serve', '--listen', '127.0.0.1:0', '--history', history, '--tls-cert', missing, '--tls-key', missing],
      `error: --tls-cert: cannot read ${missing}: ENOENT: no such file or directory, open '${missing}'\n`,
      `エラー: --tls-cert: ${missing} を読めません: ENOENT（ファイルまたはディレクトリがありません）: open '${missing}'\n`,
    );
    await expectBoth(
      ['watch', '--history', history, '--lease-seconds', '1'],
      'error: --lease-seconds: "1" must be 2 to 3600\n',
      'エラー: --lease-seconds: "1" は 2 から 3600 の範囲で指定してください\n',
    );
  });

  it('serve, watch and dashboard check every flag before writing a token or opening the database', async () => {
    const dir = tempDir('sg-clierr-');
    const history = path.join(dir, 'history.db');
    const noDb = path.join(dir, 'none', 'vuln.db');
    await expectBoth(
      ['watch', '--db', noDb, '--history', history, '--since', 'yesterday'],
      'error: --since: "yesterday" is not a number of seconds\n',
      'エラー: --since: "yesterday" は秒数ではありません\n',
    );
    await expectBoth(
      ['serve', '--listen', '127.0.0.1:0', '--db', noDb, '--history', history, '--allow-registry', 'not a host'],
      'error: --allow-registry: "not a host" is not a host[:port]\n',
      'エラー: --allow-registry: "not a host" は host[:port] の形式ではありません\n',
    );
    const missing = path.join(dir, 'none.pem');
    for (const command of [['serve', '--db', noDb], ['dashboard']]) {
      const { stderr, code } = await run(...command, '--listen', '127.0.0.1:0', '--history', history, '--tls-cert', missing, '--tls-key', missing);
      expect(stderr, command[0]).toMatch(/^error: --tls-cert: cannot read /);
      expect(code).toBe(2);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('dashboard', async () => {
    const history = path.join(tempDir('sg-clierr-'), 'history.db');
    await expectBoth(
      ['dashboard', '--listen', '[::1', '--history', history],
      'error: --listen: "[::1" is not HOST:PORT\nhint: e.g. 127.0.0.1:8091\n',
      'エラー: --listen: "[::1" は HOST:PORT の形式ではありません\nヒント: 例: 127.0.0.1:8091\n',
    );
    await expectBoth(
      ['dashboard', '--listen', '10.9.8.7:8091', '--history', history],
      'error: refusing to listen on 10.9.8.7 without authentication\nhint: give --token-file (or $SWARMGUARD_DASHBOARD_TOKEN) or --tls-ca for mutual TLS, or listen on 127.0.0.1\n',
      'エラー: 認証なしで 10.9.8.7 で待ち受けることはしません\nヒント: --token-file（または $SWARMGUARD_DASHBOARD_TOKEN）か相互 TLS の --tls-ca を指定するか、127.0.0.1 で待ち受けてください\n',
    );
    await expectBoth(
      ['dashboard', '--listen', '127.0.0.1:0', '--history', history, '--tls-cert', 'cert.pem'],
      'error: --tls-cert and --tls-key go together\n',
      'エラー: --tls-cert と --tls-key は一緒に指定してください\n',
    );
    const missing = path.join(path.dirname(history), 'none.pem');
    await expectBoth(
      ['dashboard', '--listen', '127.0.0.1:0', '--history', history, '--tls-cert', missing, '--tls-key', missing],
      `error: --tls-cert: cannot read ${missing}: ENOENT: no such file or directory, open '${missing}'\n`,
      `エラー: --tls-cert: ${missing} を読めません: ENOENT（ファイルまたはディレクトリがありません）: open '${missing}'\n`,
    );
    await expectBoth(
      ['dashboard', '--listen', '127.0.0.1:0', '--history', history, '--tls-ca', 'ca.pem'],
      'error: --tls-ca needs --tls-cert and --tls-key: client certificates are only checked over HTTPS\nhint: give all three for mutual TLS, or --token-file for a bearer token\n',
      'エラー: --tls-ca には --tls-cert と --tls-key が必要です: クライアント証明書は HTTPS でしか検証できません\nヒント: 相互 TLS なら 3 つすべてを、Bearer トークンなら --token-file を指定してください\n',
    );
  });

  it('--exit-code', async () => {
    const err = await raised(() => parseExitCode('256'));
    expect(err.message).toBe('--exit-code: "256" is not a whole number from 0 to 255');
    expect(localizeMessage(err.text, 'ja')).toBe('--exit-code: "256" は 0 から 255 までの整数ではありません');
  });
});
