import { describe, expect, it } from 'vitest';
import { lines, lintWith } from '../helpers.js';

describe('no-healthcheck', () => {
  it('reports a missing or disabled healthcheck', async () => {
    const f = await lintWith(
      'no-healthcheck',
      'services:\n  a:\n    image: a:1\n  b:\n    image: b:1\n    healthcheck:\n      disable: true\n  c:\n    image: c:1\n    healthcheck:\n      test: ["NONE"]\n',
    );
    expect(lines(f)).toEqual([2, 6, 10]);
  });

  it('accepts a healthcheck', async () => {
    expect(await lintWith('no-healthcheck', 'services:\n  a:\n    image: a:1\n    healthcheck:\n      test: ["CMD", "true"]\n')).toEqual([]);
  });
});
