import { english } from '../../../src/core/message.js';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCompose } from '../../../src/compose/load.js';
import { loadWarningSaid } from '../../../src/compose/model.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { tempDir } from './helpers.js';

describe('files outside the project directory', () => {
  it('warns for secrets/configs file: and env_file: that leave the project, not for those inside', async () => {
    const root = tempDir();
    const project = path.join(root, 'project');
    mkdirSync(path.join(project, 'conf'), { recursive: true });
    writeFileSync(path.join(root, 'outside.env'), 'A=1\n');
    writeFileSync(path.join(root, 'outside.key'), 'k\n');
    writeFileSync(path.join(project, 'conf', 'inside.env'), 'B=2\n');
    writeFileSync(path.join(project, 'conf', 'app.conf'), 'x\n');
    symlinkSync(path.join(root, 'outside.key'), path.join(project, 'conf', 'linked.key'));
    writeFileSync(
      path.join(project, 'stack.yml'),
      [
        'services:',
        '  web:',
        '    image: web:1',
        '    env_file: [../outside.env, conf/inside.env]',
        'secrets:',
        '  key: { file: ../outside.key }',
        '  linked: { file: conf/linked.key }',
        'configs:',
        '  app: { file: conf/app.conf }',
        '  shadow: { file: /etc/hostname }',
        '',
      ].join('\n'),
    );
    const loaded = await loadCompose(['project/stack.yml'], { cwd: root, env: {} });
    const messages = loaded.warnings.map((w) => english(w.text)).filter((m) => /outside the project/.test(m));
    expect(messages.map((m) => m.split(' reads ')[0]).sort()).toEqual([
      'configs.shadow.file',
      'secrets.key.file',
      'secrets.linked.file',
      'services.web.env_file',
    ]);
    const envWarning = loaded.warnings.find((w) => english(w.text).startsWith('services.web.env_file'));
    expect(envWarning?.position?.line).toBe(4);
    // As a note (compose lint) or a warning (stack deploy): its place, then the warning, said by id in each language.
    const said = envWarning === undefined ? undefined : loadWarningSaid(envWarning);
    expect(said === undefined ? undefined : localizeMessage(said, 'en')).toBe(
      `project/stack.yml:4: ${envWarning === undefined ? '' : english(envWarning.text)}`,
    );
    expect(said === undefined ? undefined : localizeMessage(said, 'ja')).toBe(
      `project/stack.yml:4: services.web.env_file はプロジェクトのディレクトリ ${project} の外にある ${path.join(root, 'outside.env')} を読みます: このファイルを配布してよいか確認してください`,
    );
  });
});
