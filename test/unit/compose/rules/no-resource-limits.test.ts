import { expect, it } from 'vitest';
import { lines } from '../helpers.js';
import { describeRule, SERVICE_A } from './rule-test.js';

describeRule('no-resource-limits', (lint) => {
  it('reports missing memory and pids limits at the closest existing key', async () => {
    const f = await lint(`${SERVICE_A}
  b:
    image: b:1
    deploy:
      resources:
        limits:
          memory: 128M
`);
    expect(lines(f)).toEqual([2, 8]);
    expect(f[0]?.evidence?.missing).toEqual(['memory', 'pids']);
    expect(f[1]?.evidence?.missing).toEqual(['pids']);
    expect(f[1]?.severity).toBe('LOW');
  });

  it('accepts memory and pids limits', async () => {
    expect(await lint('services:\n  a:\n    image: a:1\n    deploy:\n      resources:\n        limits: {memory: 64M, pids: 50}\n')).toEqual([]);
  });
});
