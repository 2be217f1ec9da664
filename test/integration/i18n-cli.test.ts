// The built CLI in Japanese: locale from the environment, --lang over it, aligned columns with wide characters,
// SARIF (a machine format) in English whatever the language. No engine needed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { visibleWidth } from '../../src/core/style.js';
import { sarifValidator } from '../unit/compose/sarif-validator.js';

const root = path.resolve(import.meta.dirname, '../..');
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LANG|LC_.*|SWARMGUARD_LANG)$/.test(k)));
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [path.join(root, 'bin/swarmguard.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...baseEnv, NO_COLOR: '1', ...env } });

describe('swarmguard in Japanese (built CLI)', () => {
  it('LANG=ja_JP.UTF-8: compose lint prints the expected Japanese report, exactly', () => {
    const r = cli(['compose', 'lint', 'examples/insecure-stack.yaml'], { LANG: 'ja_JP.UTF-8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(path.join(root, 'test/fixtures/i18n/insecure-stack.ja.txt'), 'utf8'));
  });

  it('aligns the message column, which starts at the same display column on every row', () => {
    const r = cli(['compose', 'lint', 'examples/insecure-stack.yaml'], { LANG: 'ja_JP.UTF-8' });
    const rows = r.stdout.split('\n').filter((l) => /^\s+\d+:\d+\s/.test(l));
    expect(rows.length).toBeGreaterThan(20);
    const starts = rows.map((l) => visibleWidth(/^\s+\S+\s+\S+\s+\S+\s+/.exec(l)?.[0] ?? ''));
    expect(new Set(starts).size).toBe(1);
    expect(rows.every((l) => /[\u3040-\u30ff\u4e00-\u9fff]/u.test(l))).toBe(true);
  });

  it('--lang en overrides the environment, and SWARMGUARD_LANG overrides LANG', () => {
    const en = cli(['--lang', 'en', 'compose', 'lint', 'examples/insecure-stack.yaml'], { LANG: 'ja_JP.UTF-8' });
    expect(en.stdout).toMatch(/✖ \d+ findings: 2 critical/);
    expect(en.stdout).not.toMatch(/サービス/);
    const ja = cli(['compose', 'lint', 'examples/insecure-stack.yaml'], { SWARMGUARD_LANG: 'ja', LANG: 'en_US.UTF-8' });
    expect(ja.stdout).toMatch(/指摘 \d+ 件/);
  });

  it('refuses an unknown --lang with exit 2 and a hint', () => {
    const r = cli(['--lang', 'xx', 'compose', 'lint', 'examples/insecure-stack.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--lang: unknown language "xx"/);
  });

  it('prints user errors and their hints in Japanese, with the exit code unchanged', () => {
    const missing = cli(['compose', 'lint', 'no-such-stack.yml'], { LANG: 'ja_JP.UTF-8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^エラー: no-such-stack.yml: compose ファイルが見つかりません\nヒント: パスを確認してください/);
    const dry = cli(['compose', 'lint', '--dry-run', 'examples/insecure-stack.yaml'], { LANG: 'ja_JP.UTF-8' });
    expect(dry.status).toBe(2);
    expect(dry.stderr).toBe('エラー: --dry-run は --fix と一緒に使います\nヒント: 修正内容を確認するには --fix を付けてください\n');
    expect(cli(['compose', 'lint', '--dry-run', 'examples/insecure-stack.yaml'], { LANG: 'C' }).stderr).toBe(
      'error: --dry-run only makes sense with --fix\nhint: add --fix to preview the fixes\n',
    );
  });

  it('SARIF with --lang ja is the English SARIF (a machine format), and validates against SARIF 2.1.0', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sg-i18n-'));
    const ja = path.join(dir, 'ja.sarif');
    const en = path.join(dir, 'en.sarif');
    expect(cli(['compose', 'lint', 'examples/insecure-stack.yaml', '--format', 'sarif', '-o', ja], { LANG: 'ja_JP.UTF-8' }).status).toBe(0);
    expect(cli(['compose', 'lint', 'examples/insecure-stack.yaml', '--format', 'sarif', '-o', en]).status).toBe(0);
    type Doc = { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    const jaDoc = JSON.parse(readFileSync(ja, 'utf8')) as Doc;
    const enDoc = JSON.parse(readFileSync(en, 'utf8')) as Doc;
    const validate = sarifValidator();
    expect(validate(jaDoc), JSON.stringify(validate.errors)).toBe(true);
    const ids = (d: Doc) => d.runs[0]?.results.map((x) => x.ruleId);
    expect(ids(jaDoc)).toEqual(ids(enDoc));
    expect(jaDoc.runs[0]?.results.length).toBeGreaterThan(0);
    expect(jaDoc.runs[0]?.results.map((x) => x.message.text)).toEqual(enDoc.runs[0]?.results.map((x) => x.message.text));
    expect(readFileSync(ja, 'utf8')).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
  });

  it('help text follows the locale', () => {
    const r = cli(['--help'], { LANG: 'ja_JP.UTF-8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/メッセージとレポートの言語/);
  });
});
