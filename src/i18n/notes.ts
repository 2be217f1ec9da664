// A report's notes (what was not checked and why, end of life, "not covered", what was left out) in the locale.
import { jaNote } from './ja/notes.js';
import type { Locale } from './locale.js';

export function localizeNotes(notes: readonly string[], locale: Locale): string[] {
  return locale === 'ja' ? notes.map(jaNote) : [...notes];
}
