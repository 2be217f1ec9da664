// A report's notes (what was not checked and why, end of life, "not covered", what was left out) in the locale: each
// note said by id where it was raised (pushNote) is rendered from its id; any other stays as it was written.
import { notesSaid } from '../core/message.js';
import type { Locale } from './locale.js';
import { localizeMessage } from './user-errors.js';

export function localizeNotes(notes: readonly string[], locale: Locale): string[] {
  return notesSaid(notes).map((m) => localizeMessage(m, locale));
}
