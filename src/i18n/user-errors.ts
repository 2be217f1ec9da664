// Errors and hints in the reader's language, at the printer: a message by id is said from the locale's catalogue
// (a system error too: messageOf gives it the id of its errno code). A text raised before ids is matched against the
// English templates of src/i18n/ja/user-errors.ts and said again in Japanese with the same values; values (paths,
// names, flags, codes) are put back as they are. A message no template knows is printed as it was raised.
import { english, fillTemplate, type Message, type MessageValue } from '../core/message.js';
import { JA_MESSAGES } from './ja/messages.js';
import { JA_USER_ERRORS } from './ja/user-errors.js';
import { currentLocale, type Locale } from './locale.js';

const CATALOGUES: Readonly<Record<Exclude<Locale, 'en'>, Readonly<Record<string, string>>>> = { ja: JA_MESSAGES };

/**
 * A message by id in the locale: the locale's text for its id (English where the catalogue has none), values
 * inserted as they are and values that are messages rendered the same way. A message without an id (text raised
 * before ids) goes through the older sentence table below.
 */
export function localizeMessage(m: Message, locale: Locale, depth = 0): string {
  if (locale === 'en') return english(m);
  if (m.id === '') return localizeUserText(m.en, locale);
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

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Longer messages are printed as they are: the matching stays bounded in time. */
const MAX_LENGTH = 8192;
/** Values that may themselves be a message another template knows. */
const NESTED = new Set(['error', 'error2', 'why', 'detail', 'problems']);

interface Template {
  readonly english: string;
  readonly re: RegExp;
  readonly names: readonly string[];
  readonly ja: string;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An English template as an anchored pattern: each `{name}` captures any text (lazily). */
export function templatePattern(english: string): { re: RegExp; names: string[] } {
  const names: string[] = [];
  let source = '';
  let last = 0;
  for (const m of english.matchAll(PLACEHOLDER)) {
    source += escape(english.slice(last, m.index));
    source += '([\\s\\S]*?)';
    names.push(m[1] ?? '');
    last = (m.index ?? 0) + m[0].length;
  }
  source += escape(english.slice(last));
  return { re: new RegExp(`^${source}$`), names };
}

let compiled: readonly Template[] | undefined;
/** The templates as patterns, compiled on first use (not by every command that merely loads this module). */
function templates(): readonly Template[] {
  compiled ??= JA_USER_ERRORS.map(([english, ja]) => ({ english, ja, ...templatePattern(english) }));
  return compiled;
}

function jaWhole(text: string, depth: number): string | undefined {
  for (const t of templates()) {
    const m = t.re.exec(text);
    if (m === null) continue;
    const values = new Map(t.names.map((name, i) => [name, m[i + 1] ?? '']));
    return t.ja.replace(PLACEHOLDER, (whole, name: string) => {
      const v = values.get(name);
      if (v === undefined) return whole;
      return NESTED.has(name) && depth < 3 ? jaText(v, depth + 1) : v;
    });
  }
  return undefined;
}

/** The text in Japanese: the whole of it, else after a leading "NAME: " kept as it is (a file, an image, a flag). */
function jaText(text: string, depth = 0): string {
  if (text.length > MAX_LENGTH) return text;
  const whole = jaWhole(text, depth);
  if (whole !== undefined) return whole;
  for (let at = text.indexOf(': '); at > 0; at = text.indexOf(': ', at + 2)) {
    const rest = jaWhole(text.slice(at + 2), depth);
    if (rest !== undefined) return `${text.slice(0, at)}: ${rest}`;
  }
  return text;
}

/** An error message or hint in the locale; unchanged in English, and unchanged when no template knows it. */
export function localizeUserText(text: string, locale: Locale): string {
  return locale === 'ja' ? jaText(text) : text;
}

/** The English templates and their Japanese texts, for the tests that hold them to the code. */
export function userErrorTemplates(): readonly { english: string; ja: string; names: readonly string[] }[] {
  return templates();
}
