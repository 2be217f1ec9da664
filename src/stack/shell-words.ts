// Splits a command string into words like a POSIX shell would (quotes and backslashes), as compose does for `command: "…"`.
import { SaidError } from '../core/errors.js';
import { stackMessages as M } from './messages.js';

/** What is wrong with the words of a command string, by id. */
export class ShellWordsError extends SaidError {}

export function splitShellWords(input: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < input.length && '"\\$`\n'.includes(input[i + 1] as string)) word += input[++i];
      else word += c;
      continue;
    }
    if (c === '\\') {
      if (i + 1 < input.length) {
        const next = input[++i] as string;
        if (next !== '\n') word += next;
        inWord = true;
      }
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    word += c;
    inWord = true;
  }
  if (quote !== null) throw new ShellWordsError(M.say(quote === '"' ? 'stack.words.unterminatedDouble' : 'stack.words.unterminatedSingle'));
  if (inWord) words.push(word);
  return words;
}
