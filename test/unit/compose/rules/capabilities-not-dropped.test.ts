import { describe, expect, it } from 'vitest';
import { lines, lintWith } from '../helpers.js';

describe('capabilities-not-dropped', () => {
  it('reports services without cap_drop ALL', async () => {
    const f = await lintWith('capabilities-not-dropped', 'services:\n  a:\n    image: a:1\n  b:\n    image: b:1\n    cap_drop: [NET_RAW]\n');
    expect(lines(f)).toEqual([2, 6]);
  });

  it('accepts ALL in any case or with CAP_ prefix', async () => {
    expect(
      await lintWith('capabilities-not-dropped', 'services:\n  a:\n    image: a:1\n    cap_drop: [all]\n  b:\n    image: b:1\n    cap_drop: [CAP_ALL]\n'),
    ).toEqual([]);
  });
});
