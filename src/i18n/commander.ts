// The command line's help and usage errors in the reader's language, through commander's own hooks
// (configureHelp, configureOutput, helpOption, helpCommand): its headings, built-in texts and error messages,
// every command's descriptions, and the paragraphs commands add after their help. Usage errors are said by id from
// the values commander raises them with (UsageCommand overrides its raisers). Nothing of commander is patched.
import { Command, Help, type Argument, type ErrorOptions, type HelpConfiguration, type Option, type OutputConfiguration } from 'commander';
import { english, fillTemplate, type Message } from '../core/message.js';
import { currentLocale, type Locale } from './locale.js';
import { t } from './messages.js';
import { usageMessages } from './usage.js';
import { JA_USAGE } from './ja/usage.js';
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

/** The words commander puts in the "(choices: …, default: …)" after a description, in Japanese. */
const JA_EXTRA = { choices: '選択肢', default: '既定', preset: '省略時', env: '環境変数' } as const;

/**
 * A description with what commander adds after it (lib/help.js optionDescription and argumentDescription: the same
 * fields, in the same order, with the same quoting), its labels in Japanese: "説明（選択肢: "a", "b"、既定: "a"）".
 */
function jaDescription(item: Option | Argument, description: string): string {
  const extra: string[] = [];
  if (item.argChoices) extra.push(`${JA_EXTRA.choices}: ${item.argChoices.map((c) => JSON.stringify(c)).join(', ')}`);
  const option = 'flags' in item ? item : undefined;
  const showDefault = option === undefined || option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
  if (item.defaultValue !== undefined && showDefault) {
    extra.push(`${JA_EXTRA.default}: ${item.defaultValueDescription || JSON.stringify(item.defaultValue)}`);
  }
  if (option?.presetArg !== undefined && option.optional) extra.push(`${JA_EXTRA.preset}: ${JSON.stringify(option.presetArg)}`);
  if (option?.envVar !== undefined) extra.push(`${JA_EXTRA.env}: ${option.envVar}`);
  return extra.length > 0 ? `${description}（${extra.join('、')}）` : description;
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
    if (currentLocale() === 'ja') return jaDescription(option, helpText(option.description ?? ''));
    return Help.prototype.optionDescription.call(this, withDescription(option, helpText(option.description ?? '')));
  },
  argumentDescription(this: Help, argument: Argument): string {
    if (currentLocale() === 'ja') return jaDescription(argument, helpText(argument.description));
    return Help.prototype.argumentDescription.call(this, withDescription(argument, helpText(argument.description)));
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

declare module 'commander' {
  // commander's own raisers of usage errors (lib/command.js): public in JavaScript, left out of its typings. Each is
  // called with the values its message names, then calls `error(message, { code })`.
  interface Command {
    unknownOption(flag: string): void;
    unknownCommand(): void;
    missingArgument(name: string): void;
    optionMissingArgument(option: Option): void;
    missingMandatoryOptionValue(option: Option): void;
    _excessArguments(receivedArgs: string[]): void;
    _callParseArg(target: Option | Argument, value: string, previous: unknown, invalidArgumentMessage: string): unknown;
  }
}

const U = usageMessages;

/**
 * A command whose usage errors are messages by id: each raiser of commander is overridden to note the message with
 * the values it was called with, and `error` says that message in the reader's language. English prints commander's
 * own text, as it is. Subcommands are made of the same class.
 */
export class UsageCommand extends Command {
  #usage: Message | undefined;

  override createCommand(name?: string): Command {
    return new UsageCommand(name);
  }

  #raise(m: Message, raise: () => void): void {
    this.#usage = m;
    try {
      raise();
    } finally {
      this.#usage = undefined;
    }
  }

  override unknownOption(flag: string): void {
    this.#raise(U.say('cli.usage.unknownOption', { flag }), () => super.unknownOption(flag));
  }

  override unknownCommand(): void {
    this.#raise(U.say('cli.usage.unknownCommand', { name: this.args[0] ?? '' }), () => super.unknownCommand());
  }

  override missingArgument(name: string): void {
    this.#raise(U.say('cli.usage.missingArgument', { name }), () => super.missingArgument(name));
  }

  override optionMissingArgument(option: Option): void {
    this.#raise(U.say('cli.usage.optionMissingArgument', { flags: option.flags }), () => super.optionMissingArgument(option));
  }

  override missingMandatoryOptionValue(option: Option): void {
    this.#raise(U.say('cli.usage.missingMandatoryOption', { flags: option.flags }), () => super.missingMandatoryOptionValue(option));
  }

  override _excessArguments(receivedArgs: string[]): void {
    const expected = this.registeredArguments.length;
    const data = { expected, got: receivedArgs.length };
    const m = this.parent
      ? U.say(expected === 1 ? 'cli.usage.excessArgumentsFor.one' : 'cli.usage.excessArgumentsFor.other', { ...data, command: this.name() })
      : U.say(expected === 1 ? 'cli.usage.excessArguments.one' : 'cli.usage.excessArguments.other', data);
    this.#raise(m, () => super._excessArguments(receivedArgs));
  }

  override _callParseArg(target: Option | Argument, value: string, previous: unknown, invalidArgumentMessage: string): unknown {
    const choices = target.argChoices?.join(', ');
    if (choices === undefined) return super._callParseArg(target, value, previous, invalidArgumentMessage);
    const m =
      'flags' in target
        ? U.say('cli.usage.optionChoice', { flags: target.flags, value, choices })
        : U.say('cli.usage.argumentChoice', { value, name: target.name(), choices });
    let parsed: unknown;
    this.#raise(m, () => (parsed = super._callParseArg(target, value, previous, invalidArgumentMessage)));
    return parsed;
  }

  override error(message: string, errorOptions?: ErrorOptions): never {
    const m = this.#usage;
    if (m === undefined || currentLocale() === 'en') return super.error(message, errorOptions);
    this.#usage = undefined;
    // commander adds its suggestion after the message it was given: "\n(Did you mean X?)" or "one of X, Y".
    const head = english(m);
    const tail = message.startsWith(head) ? didYouMean(message.slice(head.length)) : undefined;
    return super.error(tail === undefined ? usageText(m) : `${usageText(m)}\n${usageText(tail)}`, errorOptions);
  }
}

/** The names commander suggested (lib/suggestSimilar.js writes exactly these two forms), as a message. */
function didYouMean(tail: string): Message | undefined {
  const [open, close, many] = ['\n(Did you mean ', '?)', 'one of '];
  if (!tail.startsWith(open) || !tail.endsWith(close)) return undefined;
  const names = tail.slice(open.length, -close.length);
  return names.startsWith(many) ? U.say('cli.usage.didYouMeanOneOf', { names: names.slice(many.length) }) : U.say('cli.usage.didYouMean', { names });
}

export const localizedOutput: OutputConfiguration = {
  writeOut: (s) => process.stdout.write(localizeHelpParagraphs(s)),
  writeErr: (s) => process.stderr.write(localizeHelpParagraphs(s)),
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

/**
 * A usage error in the language of this run, from the usage catalogue alone: every value of these messages is a
 * name, a flag or a number. The whole message catalogue is not loaded for it: `--help`
 * and a mistyped option load as little as the first screen needs (test/integration/cli-startup.test.ts).
 */
const USAGE_TEXTS: Readonly<Record<Exclude<Locale, 'en'>, Readonly<Record<string, string>>>> = { ja: JA_USAGE };
function usageText(m: Message): string {
  const locale = currentLocale();
  return locale === 'en' ? english(m) : fillTemplate(USAGE_TEXTS[locale][m.id] ?? m.en, m.data, (v) => (typeof v === 'object' ? english(v) : String(v)));
}
