// commander's usage errors by id (lib/command.js, lib/option.js, lib/argument.js, lib/suggestSimilar.js): the English is
// commander's own, word for word, and is what an English run prints; src/i18n/ja/usage.ts says them in Japanese from
// the values commander raised them with (src/i18n/commander.ts, UsageCommand).
import { defineMessages } from '../core/message.js';

export const usageMessages = defineMessages({
  'cli.usage.unknownOption': "error: unknown option '{flag}'",
  'cli.usage.unknownCommand': "error: unknown command '{name}'",
  'cli.usage.missingArgument': "error: missing required argument '{name}'",
  'cli.usage.optionMissingArgument': "error: option '{flags}' argument missing",
  'cli.usage.missingMandatoryOption': "error: required option '{flags}' not specified",
  'cli.usage.excessArguments.one': 'error: too many arguments. Expected {expected} argument but got {got}.',
  'cli.usage.excessArguments.other': 'error: too many arguments. Expected {expected} arguments but got {got}.',
  'cli.usage.excessArgumentsFor.one': "error: too many arguments for '{command}'. Expected {expected} argument but got {got}.",
  'cli.usage.excessArgumentsFor.other': "error: too many arguments for '{command}'. Expected {expected} arguments but got {got}.",
  'cli.usage.optionChoice': "error: option '{flags}' argument '{value}' is invalid. Allowed choices are {choices}.",
  'cli.usage.argumentChoice': "error: command-argument value '{value}' is invalid for argument '{name}'. Allowed choices are {choices}.",
  'cli.usage.didYouMean': '(Did you mean {names}?)',
  'cli.usage.didYouMeanOneOf': '(Did you mean one of {names}?)',
});
