import { describe, expect, it } from 'vitest';
import { EnvFileSyntaxError, parseEnvFile } from '../../../src/compose/env-file.js';

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines with comments, export, quotes and bare keys', () => {
    const text = '# comment\n\nA=1\nexport B = two words \nC="quoted # not comment"\nD=\'single\'\nE=value # trailing comment\nF\nG=\r\nH="a\\nb"\n';
    expect(parseEnvFile(text)).toEqual([
      { name: 'A', value: '1', line: 3 },
      { name: 'B', value: 'two words', line: 4 },
      { name: 'C', value: 'quoted # not comment', line: 5 },
      { name: 'D', value: 'single', line: 6 },
      { name: 'E', value: 'value', line: 7 },
      { name: 'F', value: undefined, line: 8 },
      { name: 'G', value: '', line: 9 },
      { name: 'H', value: 'a\nb', line: 10 },
    ]);
  });

  it('rejects an invalid name with its line', () => {
    try {
      parseEnvFile('A=1\n1BAD=x\n');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvFileSyntaxError);
      expect((e as EnvFileSyntaxError).line).toBe(2);
    }
  });
});
