import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ShellWordsError, splitShellWords } from '../../../src/stack/shell-words.js';

describe('splitShellWords', () => {
  it.each([
    ['echo hi', ['echo', 'hi']],
    ['  sh   -c  "echo a b"  ', ['sh', '-c', 'echo a b']],
    ['sh -c \'echo "x"\'', ['sh', '-c', 'echo "x"']],
    ['a\\ b c', ['a b', 'c']],
    ['""', ['']],
    ['x "a\\"b"', ['x', 'a"b']],
    ['httpd -f -p 80', ['httpd', '-f', '-p', '80']],
    ['', []],
  ])('%j', (input, words) => {
    expect(splitShellWords(input)).toEqual(words);
  });

  it('refuses an unterminated quote', () => {
    expect(() => splitShellWords('echo "oops')).toThrow(ShellWordsError);
    expect(() => splitShellWords("echo 'oops")).toThrow(ShellWordsError);
  });

  it('splits plain words exactly at whitespace', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9_.-]{1,8}$/), { maxLength: 8 }), (words) => {
        expect(splitShellWords(words.join('  '))).toEqual(words);
      }),
    );
  });
});
