// Japanese for the messages of src/compose/rules/messages.ts, by id.
export const JA_COMPOSE_RULE_SELECTION: Readonly<Record<string, string>> = {
  'compose.rules.unknown': '{flag}: "{id}" は不明なルールです',
  'compose.rules.unknown.hint': 'ルールの一覧: swarmguard compose rules',
};
