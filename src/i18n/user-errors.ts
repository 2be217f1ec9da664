// Messages in the reader's language, at the printer: a message by id is said from the locale's catalogue (a system
// error too: messageOf gives it the id of its errno code), its values (paths, names, flags, codes) put in as they
// are. A text without an id (the engine's or a registry's own words) is a value: printed as it was given. Nothing
// here reads English back.
import { english, fillTemplate, type Message, type MessageValue } from '../core/message.js';
import { JA_MESSAGES } from './ja/messages.js';
import { currentLocale, type Locale } from './locale.js';

const CATALOGUES: Readonly<Record<Exclude<Locale, 'en'>, Readonly<Record<string, string>>>> = { ja: JA_MESSAGES };

/**
 * A message by id in the locale: the locale's text for its id (English where the catalogue has none), values
 * inserted as they are and values that are messages rendered the same way. A text without an id is printed as it is.
 */
export function localizeMessage(m: Message, locale: Locale, depth = 0): string {
  if (locale === 'en') return english(m);
  if (m.id === '') return m.en;
  if (m.id === 'core.list') {
    const parts: string[] = [];
    for (let i = 0; Object.hasOwn(m.data, `p${i}`); i++) parts.push(say(m.data[`p${i}`] ?? '', locale, depth));
    return parts.join(LIST_SEPARATOR[locale]);
  }
  const template = CATALOGUES[locale][m.id] ?? m.en;
  return fillTemplate(template, m.data, (v) => say(v, locale, depth));
}

/** How a language separates the items of a list (a `core.list` message). */
const LIST_SEPARATOR: Readonly<Record<Exclude<Locale, 'en'>, string>> = { ja: '、' };

const say = (v: MessageValue, locale: Locale, depth: number): string =>
  typeof v === 'object' ? (depth < 8 ? localizeMessage(v, locale, depth + 1) : v.en) : String(v);

/** A message in the language of this run: what printers call. */
export function inLocale(m: Message): string {
  return localizeMessage(m, currentLocale());
}

/** A line of progress or a warning on stderr, in the language of this run. */
export function sayOnStderr(m: Message): void {
  process.stderr.write(`${inLocale(m)}\n`);
}
