// The English of what choosing compose rules says, by id (src/i18n/ja/compose-rule-selection.ts says it in Japanese).
import { defineMessages } from '../../core/message.js';

export const ruleSelectionMessages = defineMessages({
  'compose.rules.unknown': '{flag}: unknown rule "{id}"',
  'compose.rules.unknown.hint': 'list the rules with: swarmguard compose rules',
});
