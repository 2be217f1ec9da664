// The errors and hints people meet most, in both languages: thrown by the real code paths, English unchanged.
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCompose } from '../../../src/compose/load.js';
import { UserError } from '../../../src/core/errors.js';
import { parseSeverity } from '../../../src/core/severity.js';
import { engineMessages } from '../../../src/engine/messages.js';
import { translateEngineError } from '../../../src/engine/models.js';
import { rawMessage } from '../../../src/core/message.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { raised } from '../../helpers/raised.js';

const errno = (code: string) => Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code });
const thrown = (p: Promise<unknown>): Promise<UserError> => raised(() => p, UserError);
const dir = mkdtempSync(path.join(tmpdir(), 'sg-i18n-errors-'));
writeFileSync(path.join(dir, 'broken.yaml'), 'services:\n  a:\n    image: [unclosed\n');

describe('common errors and hints', () => {
  afterEach(() => setLocale('en'));

  it('in English, as before', async () => {
    setLocale('en');
    const perm = translateEngineError(errno('EACCES'), 'listing services', 'unix:///var/run/docker.sock');
    expect(perm.message).toBe('listing services: permission denied connecting to the Docker engine at unix:///var/run/docker.sock');
    expect(perm.hint).toMatch(/^run as root/);
    const down = translateEngineError(errno('ECONNREFUSED'), 'listing services');
    expect(down.message).toBe('listing services: cannot reach the Docker engine (ECONNREFUSED)');
    expect(() => parseSeverity('urgent', '--fail-on')).toThrow('--fail-on: unknown severity "urgent"');
    expect((await thrown(loadCompose(['missing.yaml'], { cwd: dir, env: {} }))).message).toMatch(/compose file not found/);
    const yaml = await thrown(loadCompose(['broken.yaml'], { cwd: dir, env: {} }));
    expect(yaml.message).toMatch(/invalid YAML: /);
    expect(yaml.hint).toBe('fix the YAML syntax at that line');
  });

  it('in Japanese, with paths, codes and flags unchanged', async () => {
    setLocale('ja');
    // Raised by id, whatever the language: the printer says it in Japanese, what the call was doing too.
    const listing = engineMessages.say('engine.do.listServices');
    const perm = translateEngineError(errno('EACCES'), listing, 'unix:///var/run/docker.sock');
    expect(perm.message).toBe('listing services: permission denied connecting to the Docker engine at unix:///var/run/docker.sock');
    expect(localizeMessage(perm.text, 'ja')).toBe('サービスの一覧の取得中: Docker エンジン（unix:///var/run/docker.sock）に接続する権限がありません');
    expect(localizeMessage(perm.hintText!, 'ja')).toMatch(/^root で実行するか/);
    const down = translateEngineError(errno('ECONNREFUSED'), listing);
    expect(localizeMessage(down.text, 'ja')).toBe('サービスの一覧の取得中: Docker エンジンに接続できません（ECONNREFUSED）');
    expect(localizeMessage(down.hintText!, 'ja')).toContain('DOCKER_HOST');
    expect(down.code).toBe('engine.unreachable');
    let severity: unknown;
    try {
      parseSeverity('urgent', '--fail-on');
    } catch (e) {
      severity = e;
    }
    // Raised by id: the English stays the message, the printer says it in Japanese.
    expect(severity).toMatchObject({ message: '--fail-on: unknown severity "urgent"' });
    expect(localizeMessage((severity as UserError).text, 'ja')).toBe('--fail-on: "urgent" は不明な深刻度です');
    expect(localizeMessage((severity as UserError).hintText ?? rawMessage(''), 'ja')).toContain('CRITICAL, HIGH');
    // The compose reader raises by id too: the message stays English, the printer says it in Japanese.
    const missing = await thrown(loadCompose(['missing.yaml'], { cwd: dir, env: {} }));
    expect(missing.message).toBe('missing.yaml: compose file not found');
    expect(localizeMessage(missing.text, 'ja')).toBe('missing.yaml: compose ファイルが見つかりません');
    expect(localizeMessage(missing.hintText!, 'ja')).toMatch(/パスを確認してください/);
    const yaml = await thrown(loadCompose(['broken.yaml'], { cwd: dir, env: {} }));
    expect(localizeMessage(yaml.text, 'ja')).toMatch(/^broken\.yaml:\d+: YAML の構文が正しくありません: /);
    expect(localizeMessage(yaml.hintText!, 'ja')).toBe('その行の YAML の構文を直してください');
  });
});
