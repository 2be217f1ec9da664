import { expect, it } from 'vitest';
import { lines } from '../helpers.js';
import { describeRule, SERVICE_A } from './rule-test.js';

describeRule('dangerous-capability', (lint) => {
  it('reports dangerous caps with or without CAP_ prefix, any case', async () => {
    const f = await lint(`${SERVICE_A}
    cap_add:
      - SYS_ADMIN
      - cap_net_admin
      - CHOWN
      - ALL
`);
    expect(lines(f)).toEqual([5, 6, 8]);
    expect(f.map((x) => x.severity)).toEqual(['CRITICAL', 'HIGH', 'CRITICAL']);
    expect(f[1]?.evidence?.capability).toBe('NET_ADMIN');
  });

  it('does not report harmless caps', async () => {
    expect(await lint('services:\n  a:\n    image: a:1\n    cap_add: [NET_BIND_SERVICE, CHOWN]\n')).toEqual([]);
  });
});
