// The compose reader's errors (and those of output files, SQLite, DOCKER_HOST, stack object files) are raised by id:
// thrown by the real code paths, their English is word for word what they said before, and the printer says them in
// Japanese from the catalogue, values (paths, keys, names) as they are.
import { english } from '../../../src/core/message.js';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCompose } from '../../../src/compose/load.js';
import { resolveOutputTarget } from '../../../src/core/atomic-write.js';
import { InputError, UserError } from '../../../src/core/errors.js';
import { parseEndpoint } from '../../../src/engine/endpoint.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { readObjectFiles } from '../../../src/stack/deploy-stack.js';
import { raised } from '../../helpers/raised.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir('sg-compose-ids-');

const thrown = (p: Promise<unknown>): Promise<UserError> => raised(() => p, UserError);

function syncThrown(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('nothing was thrown');
}

/** Loads a compose text from the file `name` (c1.yml…); returns the error it raises. */
async function loadError(name: string, yaml: string, env: Record<string, string> = {}): Promise<UserError> {
  const file = `${name}.yml`;
  writeFileSync(path.join(dir, file), yaml);
  return thrown(loadCompose([file], { cwd: dir, env }));
}

/** The message and hint in English and in Japanese. */
const said = (e: UserError) => ({
  en: e.message,
  hint: e.hint,
  ja: localizeMessage(e.text, 'ja'),
  jaHint: e.hintText === undefined ? undefined : localizeMessage(e.hintText, 'ja'),
});

describe('compose errors by id', () => {
  it('says a value of the wrong type, and what it was, in each language', async () => {
    const cases: [string, string, string][] = [
      [
        'services:\n  a:\n    image: a:1\n    ports: "80:80"\n',
        'c1.yml:4: services.a.ports: must be a list, not string "80:80"',
        'c1.yml:4: services.a.ports: 文字列 "80:80"ではなくリストでなければなりません',
      ],
      [
        'services:\n  a:\n    image: [x]\n',
        'c2.yml:3: services.a.image: must be a string, not a list',
        'c2.yml:3: services.a.image: リストではなく文字列でなければなりません',
      ],
      [
        'services:\n  a:\n    image: a:1\n    labels: 3\n',
        'c3.yml:4: services.a.labels: must be a mapping, not number 3',
        'c3.yml:4: services.a.labels: 数値 3ではなくマッピングでなければなりません',
      ],
      [
        'services:\n  a:\n    image: a:1\n    read_only: {x: 1}\n',
        'c4.yml:4: services.a.read_only: must be true or false, not a mapping',
        'c4.yml:4: services.a.read_only: マッピングではなく true か false でなければなりません',
      ],
      [
        'services:\n  a:\n    image: a:1\n    deploy:\n      replicas: true\n',
        'c5.yml:5: services.a.deploy.replicas: must be a number, not boolean true',
        'c5.yml:5: services.a.deploy.replicas: 真偽値 trueではなく数値でなければなりません',
      ],
    ];
    for (const [i, [yaml, en, ja]] of cases.entries()) {
      const e = await loadError(`c${i + 1}`, yaml);
      expect(e).toBeInstanceOf(InputError);
      expect(said(e)).toMatchObject({ en, ja });
    }
  });

  it('says YAML, port, reference and interpolation errors with their hints', async () => {
    const cases: [string, string, Partial<ReturnType<typeof said>>][] = [
      [
        'c6',
        'services:\n  a:\n    image: a:1\n    image: b:1\n',
        {
          en: 'c6.yml:4: duplicate key "image"',
          hint: undefined,
          ja: 'c6.yml:4: キー "image" が重複しています',
          jaHint: undefined,
        },
      ],
      [
        'c7',
        'services:\n  a:\n    image: a:1\n    ports: ["1:2:3:4"]\n',
        {
          en: 'c7.yml:4: services.a.ports.0: cannot read port "1:2:3:4"',
          hint: 'use [HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]',
          ja: 'c7.yml:4: services.a.ports.0: ポート "1:2:3:4" を読み取れません',
          jaHint: '[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL] の形式で書いてください',
        },
      ],
      [
        'c8',
        'services:\n  a:\n    image: a:1\n    networks: [nope]\n',
        {
          en: 'c8.yml:4: services.a.networks.nope: network "nope" is not declared under top-level "networks"',
          ja: 'c8.yml:4: services.a.networks.nope: ネットワーク "nope" が最上位の "networks" で宣言されていません',
        },
      ],
      [
        'c9',
        'services:\n  a:\n    image: a:1\nbogus: 1\n',
        {
          en: 'c9.yml:4: unknown top-level key "bogus"',
          hint: 'docker stack deploy refuses it too; allowed: version, name, services, networks, volumes, secrets, configs and x-* extensions',
          ja: 'c9.yml:4: 最上位のキー "bogus" は不明です',
          jaHint: 'docker stack deploy も受け付けません。使えるキー: version, name, services, networks, volumes, secrets, configs と x-* の拡張',
        },
      ],
      [
        'c10',
        'services:\n  a:\n    image: "${TAG:?set the tag}"\n',
        {
          en: 'c10.yml:3: services.a.image: required variable TAG is missing: set the tag',
          hint: 'set TAG in the environment or in the .env file',
          ja: 'c10.yml:3: services.a.image: 必須の変数 TAG がありません: set the tag',
          jaHint: 'TAG を環境変数か .env ファイルで設定してください',
        },
      ],
      [
        'c11',
        'services:\n  a:\n    image: "a:${TAG"\n',
        {
          en: 'c11.yml:3: services.a.image: invalid interpolation format at character 3: "${" without its "}"',
          hint: 'use $$ for a literal "$"',
          ja: 'c11.yml:3: services.a.image: 3 文字目の変数展開の書式が正しくありません: "${" に対応する "}" がありません',
          jaHint: '"$" そのものは $$ と書いてください',
        },
      ],
      [
        'c12',
        'secrets:\n  s: {}\nservices:\n  a:\n    image: a:1\n',
        {
          en: 'c12.yml:2: secrets.s: needs "file" or "external: true"',
          hint: 'e.g. secrets:\n  s:\n    file: ./s.txt',
          ja: 'c12.yml:2: secrets.s: "file" か "external: true" が必要です',
          jaHint: '例: secrets:\n  s:\n    file: ./s.txt',
        },
      ],
    ];
    for (const [name, yaml, expected] of cases) expect(said(await loadError(name, yaml))).toMatchObject(expected);
  });

  it('names the variables that left a value blank, in each language', async () => {
    const e = await loadError('c13', 'services:\n  a:\n    image: a:1\n    ports: ["${PORT}:80"]\n    deploy:\n      mode: "${MODE}"\n', { PORT: '8080' });
    expect(said(e)).toEqual({
      en: 'c13.yml:6: services.a.deploy.mode: unknown mode "" (MODE is not set)',
      hint: 'set MODE in the environment or in the .env file',
      ja: 'c13.yml:6: services.a.deploy.mode: "" は不明なモードです（MODE が未設定）',
      jaHint: 'MODE を環境変数か .env ファイルで設定してください',
    });
  });

  it('says a file that cannot be read, with the system error by id', async () => {
    const missing = await thrown(loadCompose(['nope.yml'], { cwd: dir, env: {} }));
    expect(said(missing)).toEqual({
      en: 'nope.yml: compose file not found',
      hint: 'check the path (relative paths are relative to the current directory)',
      ja: 'nope.yml: compose ファイルが見つかりません',
      jaHint: 'パスを確認してください（相対パスはカレントディレクトリからの相対です）',
    });
    mkdirSync(path.join(dir, 'adir.yml'));
    expect(said(await thrown(loadCompose(['adir.yml'], { cwd: dir, env: {} })))).toEqual({
      en: 'adir.yml: not a regular file',
      hint: 'give the path of a compose file',
      ja: 'adir.yml: 通常のファイルではありません',
      jaHint: 'compose ファイルのパスを指定してください',
    });
    writeFileSync(path.join(dir, 'bad.env'), 'GOOD=1\nnot valid\n');
    writeFileSync(path.join(dir, 'envs.yml'), 'services:\n  a:\n    image: a:1\n    env_file: bad.env\n');
    expect(said(await thrown(loadCompose(['envs.yml'], { cwd: dir, env: {} })))).toEqual({
      en: 'bad.env:2: not a KEY=VALUE line: the name must be letters, digits, _ . - (starting with a letter or _)',
      hint: 'lines are KEY=VALUE; # starts a comment',
      ja: 'bad.env:2: KEY=VALUE の行ではありません: 名前に使えるのは英字、数字、_ . - です（英字か _ で始めます）',
      jaHint: '各行は KEY=VALUE です。# から後はコメントです',
    });
    writeFileSync(path.join(dir, 'envs2.yml'), 'services:\n  a:\n    image: a:1\n    env_file: gone.env\n');
    expect(said(await thrown(loadCompose(['envs2.yml'], { cwd: dir, env: {} })))).toMatchObject({
      en: 'envs2.yml:4: services.a.env_file: gone.env: env file not found',
      ja: 'envs2.yml:4: services.a.env_file: gone.env: env ファイルが見つかりません',
    });
  });

  it('refuses the empty list of files', async () => {
    expect(said(await thrown(loadCompose([], { cwd: dir })))).toEqual({
      en: '(none): no compose file given',
      hint: 'pass at least one file, e.g. swarmguard compose lint stack.yml',
      ja: '(none): compose ファイルが指定されていません',
      jaHint: 'ファイルを 1 つ以上指定してください（例: swarmguard compose lint stack.yml）',
    });
  });
});

describe('compose warnings by id', () => {
  it('keeps the English of each warning and its message for the printer', async () => {
    writeFileSync(path.join(dir, 'warn.yml'), 'services:\n  a:\n    image: "a:${TAG}"\n    bogus_key: 1\nsecrets:\n  s:\n    file: /etc/hostname\n');
    const loaded = await loadCompose(['warn.yml'], { cwd: dir, env: {} });
    expect(loaded.warnings.map((w) => [english(w.text), localizeMessage(w.text, 'ja'), w.position?.line])).toEqual([
      ['the TAG variable is not set; defaulting to a blank string', '変数 TAG が設定されていないため、空の文字列として扱います', 3],
      [
        'services.a.bogus_key: "bogus_key" is not a compose service key; docker stack deploy rejects the file',
        'services.a.bogus_key: "bogus_key" は compose のサービスのキーではありません。docker stack deploy はこのファイルを受け付けません',
        4,
      ],
      [
        `secrets.s.file reads /etc/hostname, outside the project directory ${dir}: check that this file is meant to ship`,
        `secrets.s.file はプロジェクトのディレクトリ ${dir} の外にある /etc/hostname を読みます: このファイルを配布してよいか確認してください`,
        7,
      ],
    ]);
  });
});

describe('output files, DOCKER_HOST and stack object files by id', () => {
  it('says why an output file cannot be written', async () => {
    expect(said(await thrown(resolveOutputTarget(dir)))).toEqual({
      en: `cannot write ${dir}: it is a directory`,
      hint: 'name the file to write, e.g. DIR/report.json',
      ja: `${dir} に書き込めません: ディレクトリです`,
      jaHint: '書き込むファイル名を指定してください（例: DIR/report.json）',
    });
    const orphan = path.join(dir, 'no', 'report.json');
    expect(said(await thrown(resolveOutputTarget(orphan)))).toMatchObject({
      en: `cannot write ${orphan}: the directory ${path.dirname(orphan)} does not exist`,
      ja: `${orphan} に書き込めません: ディレクトリ ${path.dirname(orphan)} がありません`,
    });
    const loop = path.join(dir, 'loop');
    symlinkSync(loop, loop);
    expect(said(await thrown(resolveOutputTarget(loop)))).toMatchObject({
      en: `cannot write ${loop}: too many levels of symbolic links`,
      ja: `${loop} に書き込めません: シンボリックリンクの階層が深すぎます`,
    });
    expect(said(await thrown(resolveOutputTarget('')))).toMatchObject({ en: 'the output file name is empty', ja: '出力ファイル名が空です' });
  });

  it('says why DOCKER_HOST is not usable, the reason by id too', () => {
    const e = syncThrown(() => parseEndpoint({ DOCKER_HOST: 'ftp://x' }));
    expect(said(e)).toEqual({
      en: 'DOCKER_HOST="ftp://x" is not usable: unsupported scheme "ftp"',
      hint: 'use unix:///path/to/docker.sock, tcp://HOST:2376 (with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH) or ssh://user@host',
      ja: 'DOCKER_HOST="ftp://x" は使えません: "ftp" は対応していないスキームです',
      jaHint: 'unix:///path/to/docker.sock、tcp://HOST:2376（DOCKER_TLS_VERIFY=1 と DOCKER_CERT_PATH を付けて）、ssh://user@host のいずれかを指定してください',
    });
    expect(localizeMessage(syncThrown(() => parseEndpoint({ DOCKER_HOST: 'unix://relative.sock' })).text, 'ja')).toBe(
      'DOCKER_HOST="unix://relative.sock" は使えません: ソケットのパスは絶対パスでなければなりません',
    );
  });

  it("says a secret's file that is missing or unreadable, the system error by the id of its code", async () => {
    const stack = path.join(dir, 'stack.yml');
    writeFileSync(stack, 'services:\n  a:\n    image: a:1\nsecrets:\n  s:\n    file: ./absent.txt\n');
    const loaded = await loadCompose([stack], { cwd: dir, env: {} });
    expect(said(await thrown(readObjectFiles(loaded)))).toEqual({
      en: `${stack}:6: secrets.s.file: ${path.join(dir, 'absent.txt')} does not exist`,
      hint: 'paths are relative to the compose file that declares them',
      ja: `${stack}:6: secrets.s.file: ${path.join(dir, 'absent.txt')} がありません`,
      jaHint: 'パスはそれを宣言している compose ファイルからの相対パスです',
    });
    // A path through a file: stat fails with ENOTDIR, said by the id of its code.
    writeFileSync(path.join(dir, 'absent.txt'), 'x');
    const through = path.join(dir, 'absent.txt', 'inner.txt');
    writeFileSync(stack, 'services:\n  a:\n    image: a:1\nsecrets:\n  t:\n    file: ./absent.txt/inner.txt\n');
    const again = await loadCompose([stack], { cwd: dir, env: {} });
    expect(said(await thrown(readObjectFiles(again)))).toMatchObject({
      en: `${stack}:6: secrets.t.file: cannot read ${through}: ENOTDIR: not a directory, stat '${through}'`,
      ja: `${stack}:6: secrets.t.file: ${through} を読めません: ENOTDIR（ディレクトリではありません）: stat '${through}'`,
    });
  });
});
