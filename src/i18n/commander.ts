// The command line's help and usage errors in the reader's language, through commander's own hooks
// (configureHelp, configureOutput, helpOption, helpCommand): its headings, built-in texts and error messages,
// every command's descriptions, and the paragraphs commands add after their help. Nothing of commander is patched.
import { Help, type Argument, type Command, type HelpConfiguration, type Option, type OutputConfiguration } from 'commander';
import { currentLocale, type Locale } from './locale.js';
import { t } from './messages.js';
import { helpLayout } from './wrap.js';

interface JaHelp {
  readonly texts: Readonly<Record<string, string>>;
  readonly paragraphs: Readonly<Record<string, string>>;
}
let jaHelp: JaHelp | undefined;

/** Loads the help texts of LOCALE (English needs none): before help is shown in it. */
export async function loadHelpTexts(locale: Locale): Promise<void> {
  if (locale !== 'ja' || jaHelp) return;
  const { JA_HELP_PARAGRAPHS, JA_HELP_TEXTS } = await import('./ja/help-texts.js');
  jaHelp = { texts: JA_HELP_TEXTS, paragraphs: JA_HELP_PARAGRAPHS };
}

/** The Japanese help texts; showing Japanese help without loading them first is a programming error. */
function ja(): JaHelp {
  if (!jaHelp) throw new Error('the Japanese help texts are not loaded: await loadHelpTexts("ja") first');
  return jaHelp;
}

/** A help text in the current locale: the command's own text when the locale has no other. */
export function helpText(english: string): string {
  return currentLocale() === 'ja' ? (ja().texts[english] ?? english) : english;
}

const JA_TITLES: Readonly<Record<string, string>> = {
  'Usage:': '使い方:',
  'Options:': 'オプション:',
  'Commands:': 'コマンド:',
  'Arguments:': '引数:',
  'Global Options:': 'グローバルオプション:',
};

/** commander's "(choices: …, default: …, preset: …, env: …)" after a description. */
function jaExtraInfo(description: string): string {
  return description.replace(/ ?\(((?:choices|default|preset|env): [^()]*(?:\([^()]*\)[^()]*)*)\)$/, (_, extra: string) => {
    const ja = extra
      .replace(/(^|, )choices: /, '$1選択肢: ')
      .replace(/(^|, )default: /, '$1既定: ')
      .replace(/(^|, )preset: /, '$1省略時: ')
      .replace(/(^|, )env: /, '$1環境変数: ');
    return `（${ja.replace(/, (選択肢|既定|省略時|環境変数): /g, '、$1: ')}）`;
  });
}

/** The option or argument as it is, seen with another description (its methods still answer). */
function withDescription<T extends Option | Argument>(item: T, description: string): T {
  const view = Object.create(item) as T;
  view.description = description;
  return view;
}

/** Help hooks: headings, descriptions and commander's extra info in the locale; widths that know wide characters. */
export const localizedHelp: HelpConfiguration = {
  sortSubcommands: false,
  ...helpLayout,
  styleTitle(this: Help, title: string): string {
    return currentLocale() === 'ja' ? (JA_TITLES[title] ?? title) : title;
  },
  commandDescription(this: Help, cmd: Command): string {
    return helpText(Help.prototype.commandDescription.call(this, cmd));
  },
  subcommandDescription(this: Help, cmd: Command): string {
    return helpText(Help.prototype.subcommandDescription.call(this, cmd));
  },
  optionDescription(this: Help, option: Option): string {
    const text = Help.prototype.optionDescription.call(this, withDescription(option, helpText(option.description ?? '')));
    return currentLocale() === 'ja' ? jaExtraInfo(text) : text;
  },
  argumentDescription(this: Help, argument: Argument): string {
    const text = Help.prototype.argumentDescription.call(this, withDescription(argument, helpText(argument.description)));
    return currentLocale() === 'ja' ? jaExtraInfo(text) : text;
  },
};

/** The paragraphs added after a command's help, paragraph by paragraph, else line by line; other lines kept. */
export function localizeHelpParagraphs(text: string): string {
  if (currentLocale() !== 'ja') return text;
  const paragraphs = ja().paragraphs;
  return text
    .split('\n\n')
    .map((p) => {
      const [, before = '', body = '', after = ''] = /^(\n*)([\s\S]*?)(\n*)$/.exec(p) ?? [];
      return (
        before +
        (paragraphs[body] ??
          body
            .split('\n')
            .map((l) => paragraphs[l] ?? l)
            .join('\n')) +
        after
      );
    })
    .join('\n\n');
}

type ErrorText = readonly [RegExp, (...parts: string[]) => string];

// commander's usage errors (lib/command.js, lib/option.js, lib/suggestSimilar.js), with the names they quote kept.
const JA_ERRORS: readonly ErrorText[] = [
  [/^error: unknown option '(.+)'$/, (f) => `エラー: 不明なオプション '${f}' です`],
  [/^error: unknown command '(.+)'$/, (c) => `エラー: 不明なコマンド '${c}' です`],
  [/^error: missing required argument '(.+)'$/, (a) => `エラー: 必須の引数 '${a}' がありません`],
  [/^error: option '(.+)' argument missing$/, (f) => `エラー: オプション '${f}' の値がありません`],
  [/^error: required option '(.+)' not specified$/, (f) => `エラー: 必須のオプション '${f}' が指定されていません`],
  [/^error: (.+) cannot be used with (.+)$/, (a, b) => `エラー: ${a} は ${b} と一緒に使えません`],
  [
    /^error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    (cmd, want, got) => `エラー: ${cmd ? `'${cmd}' の` : ''}引数が多すぎます。${want} 個のところ ${got} 個あります`,
  ],
  [
    /^error: option '(.+)' argument '(.*)' is invalid\. Allowed choices are (.+)\.$/,
    (f, v, choices) => `エラー: オプション '${f}' の値 '${v}' は使えません。使える値: ${choices}`,
  ],
  [
    /^error: command-argument value '(.*)' is invalid for argument '(.+)'\. Allowed choices are (.+)\.$/,
    (v, a, choices) => `エラー: 引数 '${a}' の値 '${v}' は使えません。使える値: ${choices}`,
  ],
  [/^error: option '(.+)' argument '(.*)' is invalid\. (.+)$/, (f, v, why) => `エラー: オプション '${f}' の値 '${v}' は正しくありません。${why}`],
  [/^\(Did you mean one of (.+)\?\)$/, (list) => `（もしかして: ${list}）`],
  [/^\(Did you mean (.+)\?\)$/, (s) => `（もしかして: ${s}）`],
];

/** A usage error commander wrote, line by line, in the locale. */
export function localizeCommanderError(text: string): string {
  if (currentLocale() !== 'ja') return text;
  return text
    .split('\n')
    .map((line) => {
      for (const [re, ja] of JA_ERRORS) {
        const m = re.exec(line);
        if (m) return ja(...m.slice(1));
      }
      return line;
    })
    .join('\n');
}

export const localizedOutput: OutputConfiguration = {
  writeOut: (s) => process.stdout.write(localizeHelpParagraphs(s)),
  writeErr: (s) => process.stderr.write(localizeHelpParagraphs(s)),
  outputError: (s, write) => write(localizeCommanderError(s)),
};

/** Sets commander's built-in texts and hooks on the program; subcommands inherit them. */
export function localizeProgram(program: Command): Command {
  return program
    .helpOption('-h, --help', t('help.help'))
    .helpCommand('help [command]', t('help.helpCommand'))
    .showHelpAfterError(t('help.afterError'))
    .configureHelp(localizedHelp)
    .configureOutput(localizedOutput);
}
