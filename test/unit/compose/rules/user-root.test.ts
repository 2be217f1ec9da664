import { expect, it } from 'vitest';
import { lines } from '../helpers.js';
import { describeRule } from './rule-test.js';

describeRule('user-root', (lint) => {
  it('reports explicit root (MEDIUM) and unset user (LOW, image decides)', async () => {
    const f = await lint('services:\n  a:\n    image: a:1\n    user: root\n  b:\n    image: b:1\n    user: "0:0"\n  c:\n    image: c:1\n');
    expect(lines(f)).toEqual([4, 7, 8]);
    expect(f.map((x) => x.severity)).toEqual(['MEDIUM', 'MEDIUM', 'LOW']);
    expect(f[2]?.message).toContain("image's default");
  });

  it('accepts a non-root user', async () => {
    expect(await lint('services:\n  a:\n    image: a:1\n    user: "101:101"\n  b:\n    image: b:1\n    user: nginx\n')).toEqual([]);
  });
});
