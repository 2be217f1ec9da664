// Typed message catalogues: English is the source of every id; each other language must give a text
// for every id (a missing one fails the type check) with the same placeholders (a test checks that).
import { currentLocale, type Locale } from './locale.js';

export type MessageData = Record<string, string | number>;

/** A catalogue: for each locale, a text per message id. */
export type Catalogue<Id extends string> = { readonly en: Readonly<Record<Id, string>> } & {
  readonly [L in Exclude<Locale, 'en'>]: Readonly<Record<Id, string>>;
};

export function defineCatalogue<const E extends Record<string, string>>(
  en: E,
  others: { [L in Exclude<Locale, 'en'>]: { readonly [K in keyof E]: string } },
): Catalogue<Extract<keyof E, string>> {
  return { en, ...others };
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** The placeholder names a template uses, sorted: `{name}` style. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))].sort();
}

/** Fills `{name}` placeholders. Values are inserted as they are: names, versions and paths are never translated. */
export function format(template: string, data: MessageData = {}): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => (Object.hasOwn(data, key) ? String(data[key]) : whole));
}

/** The text of `id` in the given (default: current) locale, with its placeholders filled. */
export function translate<Id extends string>(catalogue: Catalogue<Id>, id: Id, data?: MessageData, locale: Locale = currentLocale()): string {
  return format(catalogue[locale][id], data);
}
