import { expect, it } from 'vitest';
import { lines } from '../helpers.js';
import { describeRule, SERVICE_A } from './rule-test.js';

describeRule('restart-policy-unbounded', (lint) => {
  it('reports a missing policy and one without max_attempts', async () => {
    const f = await lint(`${SERVICE_A}
  b:
    image: b:1
    deploy:
      restart_policy:
        condition: on-failure
`);
    expect(lines(f)).toEqual([2, 7]);
  });

  it('accepts max_attempts and condition none', async () => {
    const f = await lint(
      'services:\n  a:\n    image: a:1\n    deploy:\n      restart_policy: {condition: any, max_attempts: 3}\n  b:\n    image: b:1\n    deploy:\n      restart_policy: {condition: none}\n',
    );
    expect(f).toEqual([]);
  });
});
