// Which language swarmguard speaks: --lang, else SWARMGUARD_LANG, else the POSIX locale variables.
import { UserError } from '../core/errors.js';
import { coreMessages as M } from '../core/messages.js';

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
  const lang =
    name
      .trim()
      .split(/[_.@-]/, 1)[0]
      ?.toLowerCase() ?? '';
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
      throw new UserError(M.say('core.lang.unknown', { flag }), { hint: M.say('core.lang.unknown.hint', { list: LOCALES.join(', ') }) });
    }
    return v;
  }
  for (const key of ['SWARMGUARD_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const v = env[key];
    if (v !== undefined && v.trim() !== '') return localeFromName(v);
  }
  return 'en';
}

/** The value of `--lang X` or `--lang=X` in raw arguments (help texts are chosen before flags are parsed). */
export function langFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') break;
    if (a === '--lang') return argv[i + 1];
    if (a.startsWith('--lang=')) return a.slice('--lang='.length);
  }
  return undefined;
}

/** Like resolveLocale, but an unknown flag value falls back to the environment (it is reported later, once). */
export function resolveLocaleLenient(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  try {
    return resolveLocale(flag, env);
  } catch {
    return resolveLocale(undefined, env);
  }
}

let current: Locale = 'en';

/** Set once by the CLI before a command runs. */
export function setLocale(locale: Locale): void {
  current = locale;
}

export function currentLocale(): Locale {
  return current;
}
