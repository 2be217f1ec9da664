// `--help` in Japanese from the built CLI: the program, its command groups and the most-read commands, chosen by
// the locale before flags are parsed, every line within the help width in display columns.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { visibleWidth } from '../../src/core/style.js';
import { HELP_EN, HELP_JA } from '../../src/i18n/help.js';

const root = path.resolve(import.meta.dirname, '../..');
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LANG|LC_.*|SWARMGUARD_LANG|COLUMNS)$/.test(k)));
const help = (args: string[], env: Record<string, string>) => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/swarmguard.js'), ...args, '--help'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...baseEnv, NO_COLOR: '1', ...env },
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};
/** Help text with commander's wrapping undone (it breaks lines at spaces and drops them): no whitespace at all. */
const unwrapped = (text: string) => text.replace(/\s+/g, '');
/** The part commander lays out (usage, description, arguments, options, commands), before any text added after it. */
function laidOut(text: string): string {
  const lastBlock = Math.max(...['\nOptions:\n', '\nCommands:\n', '\nオプション:\n', '\nコマンド:\n'].map((h) => text.lastIndexOf(h)));
  const end = text.indexOf('\n\n', lastBlock + 1);
  return end < 0 ? text : text.slice(0, end);
}
const WIDTH = 80; // commander's width when stdout is not a terminal

const COMMANDS: [string[], (keyof typeof HELP_JA)[]][] = [
  [
    [],
    [
      'help.program',
      'help.debug',
      'help.group.compose',
      'help.group.stack',
      'help.group.image',
      'help.bench',
      'help.audit',
      'help.group.engine',
      'help.group.sbom',
      'help.group.history',
    ],
  ],
  [
    ['compose', 'lint'],
    ['help.compose.lint', 'help.compose.lint.rule', 'help.compose.lint.fix', 'help.compose.lint.dryRun'],
  ],
  [
    ['stack', 'deploy'],
    ['help.stack.deploy', 'help.stack.deploy.failOn', 'help.stack.deploy.force'],
  ],
  [['bench'], ['help.bench', 'help.bench.remediation', 'help.bench.allNodes']],
  [
    ['image', 'scan'],
    ['help.image.scan', 'help.image.scan.input'],
  ],
  [['audit'], ['help.audit', 'help.audit.html', 'help.audit.strict']],
];

describe('--help in Japanese (built CLI)', () => {
  for (const [args, ids] of COMMANDS) {
    const name = ['swarmguard', ...args].join(' ');
    it(`${name} --help with LANG=ja_JP.UTF-8: Japanese texts, each line within ${WIDTH} columns`, () => {
      const out = help(args, { LANG: 'ja_JP.UTF-8' });
      for (const id of ids) expect(unwrapped(out), id).toContain(unwrapped(HELP_JA[id]));
      const lines = laidOut(out).split('\n');
      expect(lines.length).toBeGreaterThan(8);
      for (const line of lines) expect(visibleWidth(line), line).toBeLessThanOrEqual(WIDTH);
    });

    it(`${name} --help with LANG=ja_JP.UTF-8: commander's headings in Japanese`, () => {
      const out = help(args, { LANG: 'ja_JP.UTF-8' });
      expect(out).toMatch(/^使い方: swarmguard/);
      expect(out).toMatch(/\nオプション:\n/);
      expect(out).toMatch(/-h, --help\s+コマンドのヘルプを表示する/);
      expect(out).not.toMatch(/^(Usage|Options|Commands|Arguments):/m);
    });

    it(`${name} --help with --lang en stays English`, () => {
      const out = help(['--lang', 'en', ...args], { LANG: 'ja_JP.UTF-8' });
      expect(out).not.toMatch(/[\u3040-\u30ff]/u);
      for (const id of ids) expect(unwrapped(out), id).toContain(unwrapped(HELP_EN[id]));
    });
  }
});

describe('usage errors in Japanese (built CLI)', () => {
  it("an unknown option: commander's message and the hint in Japanese, exit 2", () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/swarmguard.js'), 'bench', '--remediaton'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...baseEnv, NO_COLOR: '1', LANG: 'ja_JP.UTF-8' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("エラー: 不明なオプション '--remediaton' です\n（もしかして: --remediation）\n（使い方は --help で表示できます）\n");
  });

  it('a missing argument with --lang en stays English', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/swarmguard.js'), '--lang', 'en', 'stack', 'deploy'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...baseEnv, NO_COLOR: '1', LANG: 'ja_JP.UTF-8' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: missing required argument 'stack'\n(add --help for usage)\n");
  });
});
