// `--help` of every command in Japanese: the program is walked command by command and no visible help line is
// left in English (option flags, command names, placeholders, example command lines and proper names aside).
// commander's headings, built-in texts and usage errors come through its own hooks.
import { Help, type Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';
import { localizeHelpParagraphs } from '../../../src/i18n/commander.js';
import { JA_HELP_PARAGRAPHS, JA_HELP_TEXTS } from '../../../src/i18n/ja/help-texts.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { JAPANESE } from './ja-helpers.js';

// Names that are the same in every language: products, protocols, formats.
const PROPER_NAMES = new Set([
  'swarmguard',
  'docker',
  'swarm',
  'compose',
  'nginx',
  'httpd',
  'busybox',
  'apache2',
  'json',
  'sarif',
  'text',
  'table',
  'findings',
]);
const WIDE = /[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff00-\uffef]/u;

/** The English words left on a help line once flags, placeholders, commands, code and proper names are taken out. */
function englishWords(line: string, commandNames: ReadonlySet<string>): string[] {
  if (WIDE.test(line) || /^\s+\$ /.test(line)) return [];
  const stripped = line
    .replace(/`[^`]*`/g, ' ')
    .replace(/<[^>]*>|\[[^\]]*\]/g, ' ')
    .replace(/(^|\s)--?[\w-]+(=\S*)?/g, ' ')
    .replace(/\S*[/.:=${}@\d]\S*/g, ' ');
  return (stripped.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => w !== w.toUpperCase() && !commandNames.has(w) && !PROPER_NAMES.has(w.toLowerCase()));
}

function commandsOf(cmd: Command): Command[] {
  const visible = new Help().visibleCommands(cmd).filter((c) => cmd.commands.includes(c));
  return [cmd, ...visible.flatMap(commandsOf)];
}

async function helpOf(cmd: Command): Promise<string> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  try {
    cmd.outputHelp();
  } finally {
    write.mockRestore();
  }
  return Promise.resolve(out);
}

beforeEach(() => setLocale('ja'));
afterEach(() => setLocale('en'));

describe('--help of every command in Japanese', () => {
  it('leaves no visible help line in English, on any command of the program', async () => {
    const program = await buildProgram(['node', 'swarmguard', '--lang', 'ja'], { all: true });
    const commands = commandsOf(program);
    expect(commands.length).toBeGreaterThan(30);
    const names = new Set(commands.map((c) => c.name()));
    const english: string[] = [];
    for (const cmd of commands) {
      const help = await helpOf(cmd);
      expect(help, cmd.name()).toMatch(/^使い方: /);
      expect(help).toMatch(/\nオプション:\n/);
      for (const line of help.split('\n')) if (englishWords(line, names).length > 0) english.push(`${cmd.name()}: ${line}`);
    }
    expect(english).toEqual([]);
  });

  it('has Japanese for commander’s own texts: headings, help option and command, version', async () => {
    const program = await buildProgram(['node', 'swarmguard', '--lang', 'ja'], { all: true });
    const help = await helpOf(program);
    expect(help).toContain('コマンド:');
    expect(help).toMatch(/-h, --help\s+コマンドのヘルプを表示する/);
    expect(help).toMatch(/-V, --version\s+バージョン番号を表示する/);
    expect(help).toMatch(/help \[command\]\s+コマンドのヘルプを表示する/);
    const scan = await helpOf(program.commands.find((c) => c.name() === 'image')?.commands.find((c) => c.name() === 'scan') ?? program);
    expect(scan).toContain('引数:');
    expect(scan.replace(/\s+/g, ' ')).toContain('出力形式（選択肢: "table", "json", "sarif", "cyclonedx", "openvex"、既定: "table"）');
  });

  it('every Japanese help text differs from its English key and is Japanese', () => {
    for (const [en, ja] of [...Object.entries(JA_HELP_TEXTS), ...Object.entries(JA_HELP_PARAGRAPHS)]) {
      expect(ja, en).toMatch(JAPANESE);
      expect(ja).not.toBe(en);
    }
  });

  it('uses every Japanese help text (none is left over from a text that changed)', async () => {
    const program = await buildProgram(['node', 'swarmguard', '--lang', 'ja'], { all: true });
    setLocale('en');
    const texts = new Set<string>();
    let after = '';
    for (const cmd of commandsOf(program)) {
      texts.add(cmd.description());
      for (const o of cmd.options) texts.add(o.description ?? '');
      for (const a of cmd.registeredArguments) texts.add(a.description);
      after += await helpOf(cmd);
    }
    for (const en of Object.keys(JA_HELP_TEXTS)) expect(texts.has(en), en).toBe(true);
    for (const en of Object.keys(JA_HELP_PARAGRAPHS)) expect(after, en).toContain(en);
  });

  it('leaves help paragraphs in English as they are', () => {
    setLocale('en');
    expect(localizeHelpParagraphs('\nExamples:\n  $ swarmguard bench\n')).toBe('\nExamples:\n  $ swarmguard bench\n');
  });
});
