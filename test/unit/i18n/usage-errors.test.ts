// commander's usage errors by id: UsageCommand notes each error with the values commander raised it with and says
// it in the reader's language. English is commander's own text, byte for byte (compared with a plain Command).
import { Argument, Command, CommanderError, Option } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { english } from '../../../src/core/message.js';
import { loadHelpTexts, localizedHelp, UsageCommand } from '../../../src/i18n/commander.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { usageMessages } from '../../../src/i18n/usage.js';

afterEach(() => setLocale('en'));

/** What a program built on `base` writes to stderr for `args`, and commander's error code. */
function run(base: Command, args: string[]): { err: string; code: string } {
  let err = '';
  base
    .name('prog')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeErr: (s) => (err += s), writeOut: () => undefined })
    .option('--color', 'colour');
  const ls = base.command('ls').description('list');
  ls.action(() => undefined);
  const scan = base.command('scan').argument('<image>', 'image').option('--timeout <s>', 'seconds');
  scan.addOption(new Option('-f, --format <format>', 'format').choices(['text', 'json']));
  scan.requiredOption('-c, --compose-file <file>', 'file').action(() => undefined);
  base
    .command('pick')
    .addArgument(new Argument('<kind>', 'kind').choices(['a', 'b']))
    .action(() => undefined);
  let code = '';
  try {
    base.parse(args, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.code;
  }
  return { err, code };
}

const CASES: readonly (readonly [string[], string])[] = [
  [['--colour'], "エラー: 不明なオプション '--colour' です\n（もしかして: --color）\n"],
  [['scan', 'x', '-c', 'f', '--bogus'], "エラー: 不明なオプション '--bogus' です\n"],
  [['scna'], "エラー: 不明なコマンド 'scna' です\n（もしかして: scan）\n"],
  [['scan', '-c', 'f'], "エラー: 必須の引数 'image' がありません\n"],
  [['scan', 'x', '-c'], "エラー: オプション '-c, --compose-file <file>' の値がありません\n"],
  [['scan', 'x'], "エラー: 必須のオプション '-c, --compose-file <file>' が指定されていません\n"],
  [['scan', 'x', '-c', 'f', '-f', 'xml'], "エラー: オプション '-f, --format <format>' の値 'xml' は使えません。使える値: text, json\n"],
  [['ls', 'extra'], "エラー: 'ls' の引数が多すぎます。0 個のところ 1 個あります\n"],
  [['pick', 'c'], "エラー: 引数 'kind' の値 'c' は使えません。使える値: a, b\n"],
];

describe('usage errors by id', () => {
  it('prints commander’s own English, byte for byte, with the same code', () => {
    for (const [args] of CASES) {
      setLocale('en');
      expect(run(new UsageCommand(), args), args.join(' ')).toEqual(run(new Command(), args));
    }
  });

  it('says each in Japanese from the values commander raised it with', () => {
    for (const [args, ja] of CASES) {
      setLocale('ja');
      const { err, code } = run(new UsageCommand(), args);
      expect(err, args.join(' ')).toBe(ja);
      expect(code).toMatch(/^commander\./);
    }
  });

  it('keeps each English template equal to what commander writes', () => {
    setLocale('en');
    const { err } = run(new Command(), ['ls', 'extra']);
    expect(err).toBe(`${english(usageMessages.say('cli.usage.excessArgumentsFor.other', { command: 'ls', expected: 0, got: 1 }))}\n`);
    expect(run(new Command(), ['scan', '-c', 'f']).err).toBe(`${english(usageMessages.say('cli.usage.missingArgument', { name: 'image' }))}\n`);
  });
});

describe('what commander adds after a description', () => {
  it('is built from the option’s own fields in Japanese, and left to commander in English', async () => {
    await loadHelpTexts('ja');
    const program = () =>
      new UsageCommand('prog')
        .configureHelp(localizedHelp)
        .addOption(new Option('--mode <m>', 'mode').choices(['a', 'b']).default('a'))
        .addOption(new Option('--level [n]', 'level').preset('3').env('PROG_LEVEL'))
        .addOption(new Option('--quiet', 'quiet').default(false))
        .addArgument(new Argument('[kind]', 'kind').default('all', 'every kind'));
    setLocale('ja');
    const ja = program().helpInformation();
    expect(ja).toContain('mode（選択肢: "a", "b"、既定: "a"）');
    expect(ja).toContain('level（省略時: "3"、環境変数: PROG_LEVEL）');
    expect(ja).toContain('quiet（既定: false）');
    expect(ja).toContain('kind（既定: every kind）');
    setLocale('en');
    const en = program().helpInformation();
    expect(en).toContain('mode (choices: "a", "b", default: "a")');
    expect(en).toContain('level (preset: "3", env: PROG_LEVEL)');
  });
});
