// The English of what compose lint says about in-file waivers, by id (src/i18n/ja/compose-waivers.ts says it in Japanese).
import { defineMessages } from '../core/message.js';

export const composeMessages = defineMessages({
  'compose.waiver.notList': 'x-swarmguard.waivers must be a list of entries, each with rule, service and reason',
  'compose.waiver.unknownKey': 'x-swarmguard: unknown key "{key}" (known: waivers)',
  'compose.waiver.form': 'x-swarmguard.waivers[{index}]: {problem}',
  'compose.waiver.fields': 'each waiver has exactly rule, service and reason (all text)',
  'compose.waiver.noReason': 'the reason says why the finding is accepted: at least {min} characters',
  'compose.waiver.unknownRule': 'unknown rule "{rule}"',
  'compose.waiver.unknownRule.hint': '`swarmguard compose rules` lists the rule ids',
  'compose.waiver.unknownService': 'no service "{service}" in this stack',
  'compose.waiver.unknownService.hint': 'name a service of the file: {services}',
  'compose.waiver.tooMany': 'x-swarmguard.waivers: more than {max} waivers',
  // a value a variable left blank: the variables are the cause, and the fix
  'compose.blank.value': '{value} ({variables})',
  'compose.blank.unset': '{name} is not set',
  'compose.blank.empty': '{name} is empty',
  'compose.waiver.unused': 'waiver of {rule} for service {service} ({where}) matched no finding: remove it',
});
