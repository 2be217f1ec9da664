import { expect, it } from 'vitest';
import { lines } from '../helpers.js';
import { describeRule } from './rule-test.js';

describeRule('no-healthcheck', (lint) => {
  it('reports a missing or disabled healthcheck', async () => {
    const f = await lint(
      'services:\n  a:\n    image: a:1\n  b:\n    image: b:1\n    healthcheck:\n      disable: true\n  c:\n    image: c:1\n    healthcheck:\n      test: ["NONE"]\n',
    );
    expect(lines(f)).toEqual([2, 6, 10]);
  });

  it('accepts a healthcheck', async () => {
    expect(await lint('services:\n  a:\n    image: a:1\n    healthcheck:\n      test: ["CMD", "true"]\n')).toEqual([]);
  });
});
