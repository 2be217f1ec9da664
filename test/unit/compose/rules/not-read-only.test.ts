import { describe, expect, it } from 'vitest';
import { lines, lintWith } from '../helpers.js';

describe('not-read-only', () => {
  it('reports unset and false read_only', async () => {
    const f = await lintWith('not-read-only', 'services:\n  a:\n    image: a:1\n  b:\n    image: b:1\n    read_only: false\n');
    expect(lines(f)).toEqual([2, 6]);
  });

  it('accepts read_only: true (also as the string "true")', async () => {
    expect(await lintWith('not-read-only', 'services:\n  a:\n    image: a:1\n    read_only: true\n  b:\n    image: b:1\n    read_only: "true"\n')).toEqual([]);
  });
});
