// Which language swarmguard speaks: --lang, else SWARMGUARD_LANG, else the POSIX locale variables.
import { UserError } from '../core/errors.js';

export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

function isLocale(v: string): v is Locale {
  return (LOCALES as readonly string[]).includes(v);
}

/**
 * The language part of a locale name: "ja_JP.UTF-8" → "ja", "ja-JP" → "ja", "C"/"POSIX" → "en".
 * Unknown languages fall back to English: we only ship what we can say well.
 */
export function localeFromName(name: string): Locale {
  const lang = name.trim().split(/[_.@-]/, 1)[0]?.toLowerCase() ?? '';
  return isLocale(lang) ? lang : 'en';
}

/**
 * The locale for this run. An explicit `--lang` must name a shipped language; the environment is
 * read as POSIX does for messages (LC_ALL over LC_MESSAGES over LANG, empty values skipped).
 */
export function resolveLocale(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  if (flag !== undefined) {
    const v = flag.trim().toLowerCase();
    if (!isLocale(v)) {
      throw new UserError(`--lang: unknown language "${flag}"`, { hint: `use one of ${LOCALES.join(', ')}` });
    }
    return v;
  }
  for (const key of ['SWARMGUARD_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const v = env[key];
    if (v !== undefined && v.trim() !== '') return localeFromName(v);
  }
  return 'en';
}

let current: Locale = 'en';

/** Set once by the CLI before a command runs. */
export function setLocale(locale: Locale): void {
  current = locale;
}

export function currentLocale(): Locale {
  return current;
}
