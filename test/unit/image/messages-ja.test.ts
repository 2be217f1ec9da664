// The errors reading an image raises are said by id: each one below is raised by the real code on a real bad input,
// and its message and hint come out word for word in English (as before ids) and in Japanese from the same id.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../../src/core/errors.js';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { pickImage } from '../../../src/image/archive-names.js';
import { openArchiveFile } from '../../../src/image/archive.js';
import { inventoryImages } from '../../../src/image/batch.js';
import { inventoryDirectory } from '../../../src/image/directory.js';
import { expandArchive, openInput } from '../../../src/image/input.js';
import { checkSameImage, type EngineImage } from '../../../src/image/inventory.js';
import { openRegistryImage, registryDocument } from '../../../src/image/registry.js';
import { walkLayers } from '../../../src/image/walker.js';
import { collectImageLintFacts } from '../../../src/imagelint/facts.js';
import { assertScanned, cutShort, withScanDeadline } from '../../../src/packages/incomplete.js';
import { packagesMessages } from '../../../src/packages/messages.js';
import { JAPANESE } from '../i18n/ja-helpers.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-image-ja-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** The error a call raises, as a UserError (a test fails when it raises nothing or something else). */
async function raised(f: () => unknown): Promise<UserError> {
  try {
    await f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('no error raised');
}

/** The error says `en` in English, word for word, and Japanese (with `kept` values as they are) from its id. */
function saysBoth(e: UserError, en: string, ja: { message: string; hint?: string }, hint?: string): void {
  expect(e.text.id).not.toBe('');
  expect(e.message).toBe(en);
  expect(english(e.text)).toBe(en);
  expect(localizeMessage(e.text, 'en')).toBe(en);
  expect(localizeMessage(e.text, 'ja')).toBe(ja.message);
  expect(JAPANESE.test(localizeMessage(e.text, 'ja'))).toBe(true);
  if (hint === undefined) return expect(e.hintText).toBeUndefined();
  expect(e.hint).toBe(hint);
  expect(localizeMessage(e.hintText!, 'ja')).toBe(ja.hint);
}

async function layerTar(entries: { name: string; body: string }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name }, e.body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('archives, --input and directories say their errors by id', () => {
  it('which image of an archive: the names it holds, listed in the reader’s language', async () => {
    const imgs = [{ repoTags: ['docker.io/library/a:1'] }, { repoTags: ['docker.io/library/b:latest'] }];
    saysBoth(
      await raised(() => pickImage(imgs, undefined, 'x.tar')),
      'x.tar holds 2 images: name the one to read',
      { message: 'x.tar には 2 個のイメージがあります: 読むイメージの名前を指定してください', hint: 'アーカイブにある名前: a:1、b:latest' },
      'the names it holds: a:1, b:latest',
    );
    saysBoth(
      await raised(() => pickImage([{ repoTags: [] }, { repoTags: [] }], 'c', 'x.tar')),
      'x.tar does not hold an image named c',
      { message: 'x.tar には c という名前のイメージがありません', hint: '名前のないイメージが 2 個あります' },
      'it holds 2 unnamed images',
    );
  });

  it('a missing --input, a file that is not an archive, a compression bomb', async () => {
    const missing = path.join(dir, 'nope.tar');
    const e = await raised(() => openInput(missing));
    expect(e.message).toMatch(new RegExp(`^${missing}: cannot read: ENOENT`));
    expect(localizeMessage(e.text, 'ja')).toMatch(new RegExp(`^${missing}: 読めません: ENOENT`));
    expect(e.hint).toBe('give a `docker save` tar (.tar, .tar.gz, .tar.zst), an OCI layout, or a directory');
    expect(localizeMessage(e.hintText!, 'ja')).toBe('`docker save` の tar（.tar、.tar.gz、.tar.zst）、OCI レイアウト、またはディレクトリを指定してください');

    const junk = path.join(dir, 'junk.tar');
    writeFileSync(junk, Buffer.alloc(300, 7));
    saysBoth(
      await raised(() => openArchiveFile(junk)),
      `${junk}: not a readable image archive (truncated tar)`,
      {
        message: `${junk}: 読めるイメージのアーカイブではありません（tar が途中で切れています）`,
        hint: '`docker save` の tar、OCI レイアウト、またはエンジンにあるイメージを指定してください',
      },
      'give a `docker save` tar, an OCI layout, or an image the engine has',
    );

    const bomb = path.join(dir, 'bomb.tar.gz');
    writeFileSync(bomb, gzipSync(Buffer.alloc(4 * 1024 * 1024)));
    const out = path.join(dir, 'out');
    mkdirSync(out);
    saysBoth(await raised(() => expandArchive(bomb, out, 1024 * 1024)), `${bomb}: expands beyond 1048576 bytes: refusing it (a compression bomb?)`, {
      message: `${bomb}: 展開すると 1048576 バイトを超えるため受け付けません（圧縮爆弾？）`,
    });
    saysBoth(await raised(() => expandArchive(junk, out)), `${junk}: not compressed`, { message: `${junk}: 圧縮されていません` });
  });

  it('an index.json without a manifest, and a directory that is not one', async () => {
    const layout = path.join(dir, 'layout');
    mkdirSync(layout);
    writeFileSync(path.join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [] }));
    saysBoth(await raised(() => openArchiveFile(layout, undefined, 'app')), 'app: index.json lists no manifest', {
      message: 'app: index.json にマニフェストがありません',
    });
    writeFileSync(path.join(layout, 'index.json'), JSON.stringify({ manifests: 'no' }));
    const notOci = await raised(() => openArchiveFile(layout, undefined, 'app'));
    expect(notOci.message).toMatch(/^app: index\.json is not an OCI index or manifest \(manifests: /);
    expect(localizeMessage(notOci.text, 'ja')).toMatch(/^app: index\.json は OCI のインデックスでもマニフェストでもありません（manifests: /);

    const file = path.join(dir, 'plain-file');
    writeFileSync(file, 'x');
    saysBoth(await raised(() => inventoryDirectory(file, 'x')), `${file}: not a directory`, { message: `${file}: ディレクトリではありません` });
    saysBoth(
      await raised(() => collectImageLintFacts('x', layout.replace(/layout$/, ''))),
      `${dir}/: a directory, not an image: image lint reads images`,
      {
        message: `${dir}/: イメージではなくディレクトリです: image lint が読むのはイメージです`,
        hint: '`docker save` の tar または OCI レイアウトを指定してください',
      },
      'give a `docker save` tar or an OCI layout',
    );
  });
});

describe('layers say their errors by id', () => {
  it('a layer whose content is not its diff ID, and a compression bomb, name the layer in the reader’s language', async () => {
    const raw = await layerTar([{ name: 'etc/os-release', body: 'ID=alpine\n' }]);
    const file = path.join(dir, 'layer.tar');
    writeFileSync(file, raw);
    const wrong = `sha256:${'0'.repeat(64)}`;
    saysBoth(
      await raised(() => walkLayers([{ file, diffId: wrong }], { wants: () => true })),
      `layer 1: content digest ${sha(raw)} does not match the config's diff ID ${wrong}`,
      {
        message: `レイヤー 1: 内容のダイジェスト ${sha(raw)} が config の diff ID ${wrong} と一致しません`,
        hint: 'アーカイブが壊れているか、改ざんされています',
      },
      'the archive is corrupt or was tampered with',
    );
    const bomb = path.join(dir, 'layer-bomb.tar.gz');
    writeFileSync(bomb, gzipSync(Buffer.alloc(4 * 1024 * 1024)));
    saysBoth(
      await raised(() => walkLayers([{ file: bomb, diffId: wrong }], { wants: () => true, maxLayerBytes: 1024 * 1024 })),
      `layer 1 (${wrong.slice(0, 19)}) expands beyond 1048576 bytes: refusing it (a compression bomb?)`,
      { message: `レイヤー 1（${wrong.slice(0, 19)}） は展開すると 1048576 バイトを超えるため受け付けません（圧縮爆弾？）` },
    );
  });
});

describe('images on the engine say their errors by id', () => {
  const image: EngineImage = { id: `sha256:${'a'.repeat(64)}`, kind: 'config', platformManifests: [], diffIds: [], repoTags: ['app:1'] };

  it('an image that changed while it was read', async () => {
    saysBoth(
      await raised(() => checkSameImage({ configDigest: `sha256:${'b'.repeat(64)}` }, image, 'app:1')),
      'image app:1 changed while it was read (sha256:aaaaaaaaaaaa became sha256:bbbbbbbbbbbb)',
      { message: 'イメージ app:1 が読んでいる間に変わりました（sha256:aaaaaaaaaaaa が sha256:bbbbbbbbbbbb に）', hint: 'もう一度実行してください' },
      'run it again',
    );
  });

  it('a batch keeps each failed image’s error by id: English for JSON, Japanese for the reader', async () => {
    const missing = Object.assign(new Error('no such image'), { statusCode: 404 });
    const result = await inventoryImages(['gone:1'], {
      cache: null,
      engine: { inspect: () => Promise.reject(missing), save: () => Promise.reject(new Error('not called')) },
    });
    const item = result.items[0]!;
    expect(english(item.error!)).toBe('not on this engine: pull or build it first');
    expect(localizeMessage(item.error!, 'ja')).toBe('このエンジンにありません: 先に pull かビルドをしてください');
  });
});

describe('a registry says its errors by id', () => {
  async function serve(handler: http.RequestListener): Promise<number> {
    const s = http.createServer(handler);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return (s.address() as AddressInfo).port;
  }

  it('an unknown image (404) and a token realm that is not https', async () => {
    const port = await serve((_req, res) => res.writeHead(404).end());
    saysBoth(
      await raised(() => openRegistryImage(`127.0.0.1:${port}/team/app:1`)),
      `127.0.0.1:${port} answered 404 for /v2/team/app/manifests/1`,
      { message: `127.0.0.1:${port} は /v2/team/app/manifests/1 に 404 を返しました`, hint: 'イメージの名前とタグを確認してください' },
      'check the image name and tag',
    );
    const realm = await serve((_req, res) => res.writeHead(401, { 'www-authenticate': 'Bearer realm="http://auth.example.com/token",service="r"' }).end());
    saysBoth(
      await raised(() => openRegistryImage(`127.0.0.1:${realm}/team/app:1`)),
      `127.0.0.1:${realm}: the token realm http://auth.example.com is not https: credentials are not sent there`,
      {
        message: `127.0.0.1:${realm}: トークンの realm http://auth.example.com は https ではないため、認証情報を送りません`,
        hint: 'レジストリは https のトークンサービスを指定する必要があります',
      },
      'the registry must name an https token service',
    );
  });

  it('a document the registry does not have (404) is none, told by the message id; another status is an error', async () => {
    let status = 404;
    const port = await serve((_req, res) => res.writeHead(status).end());
    expect(await registryDocument(`127.0.0.1:${port}/team/app:1`, '/referrers/x', 'application/json')).toBeUndefined();
    status = 500;
    const e = await raised(() => registryDocument(`127.0.0.1:${port}/team/app:1`, '/referrers/x', 'application/json'));
    expect(e.text.id).toBe('image.registry.answered');
    expect(e.message).toBe(`127.0.0.1:${port} answered 500 for /v2/team/app/referrers/x`);
  });

  it('a config that is not JSON is said to be one, not a crash', async () => {
    const config = Buffer.from('{"rootfs": not json');
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
      layers: [],
    });
    const port = await serve((req, res) => {
      if (req.url?.includes('/blobs/')) res.writeHead(200).end(config);
      else res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end(manifest);
    });
    const e = await raised(() => openRegistryImage(`127.0.0.1:${port}/team/app:1`));
    expect(e.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port}/team/app:1: the image config is not JSON \\(.+\\)$`));
    expect(localizeMessage(e.text, 'ja')).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port}/team/app:1: イメージの config が JSON ではありません（.+）$`));
  });

  it('a manifest list without the wanted platform lists the ones it has', async () => {
    const list = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { digest: `sha256:${'1'.repeat(64)}`, platform: { os: 'linux', architecture: 'arm64' } },
        { digest: `sha256:${'2'.repeat(64)}`, platform: { os: 'linux', architecture: 's390x' } },
      ],
    });
    const port = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' }).end(list));
    saysBoth(
      await raised(() => openRegistryImage(`127.0.0.1:${port}/team/app:1`, { platform: 'linux/amd64' })),
      `127.0.0.1:${port}/team/app:1 has no image for linux/amd64`,
      {
        message: `127.0.0.1:${port}/team/app:1 には linux/amd64 用のイメージがありません`,
        hint: '使えるもの: linux/arm64、linux/s390x。--platform で選んでください',
      },
      'available: linux/arm64, linux/s390x; pick one with --platform',
    );
  });
});

describe('a scan that read only part of an image says so by id', () => {
  it('part of it not read, and the deadline passed: exit code "not scanned", the part said in the same language', async () => {
    const timeout = cutShort(packagesMessages.say('packages.file.timeout', { path: 'usr/bin/x', budget: '60 s' }));
    // A warning without the flag is a note, whatever its words: only `cut` decides.
    expect(() => assertScanned('app:1', [{ ...timeout, cut: undefined }])).not.toThrow();
    const cut = await raised(() => assertScanned('app:1', [timeout]));
    expect(cut.exitCode).toBe(ExitCode.NOT_SCANNED);
    saysBoth(
      cut,
      'app:1 was not scanned completely (1 part(s) not read), first: usr/bin/x: not scanned: reading it took longer than 60 s: stopped and skipped (a crafted file?)',
      {
        message:
          'app:1 は完全にはスキャンされていません（読めなかった部分が 1 個、最初: usr/bin/x: スキャンしていません: 読むのに 60 s より長くかかったため、止めて飛ばしました（細工されたファイル？））',
      },
    );
    const late = await raised(() =>
      withScanDeadline('slow', (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))), 50),
    );
    expect(late.exitCode).toBe(ExitCode.NOT_SCANNED);
    saysBoth(late, 'not scanned: slow: the scan ran past its deadline of 0 s (SWARMGUARD_SCAN_DEADLINE_MS)', {
      message: 'スキャンしていません: slow: スキャンが期限の 0 秒を過ぎました（SWARMGUARD_SCAN_DEADLINE_MS）',
    });
  });
});
