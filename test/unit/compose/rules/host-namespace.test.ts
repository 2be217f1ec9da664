import { expect, it } from 'vitest';
import { lines } from '../helpers.js';
import { describeRule, SERVICE_A } from './rule-test.js';

describeRule('host-namespace', (lint) => {
  it('reports attachment to the external host network (applied by Swarm)', async () => {
    const f = await lint(`${SERVICE_A}
    networks:
      - hostnet
networks:
  hostnet:
    external: true
    name: host
`);
    expect(lines(f)).toEqual([5]);
    expect(f[0]?.severity).toBe('HIGH');
    expect(f[0]?.evidence?.appliedBySwarm).toBe(true);
  });

  it('reports network_mode/pid/ipc host as MEDIUM, noting Swarm ignores them', async () => {
    const f = await lint('services:\n  a:\n    image: a:1\n    network_mode: host\n    pid: host\n    ipc: host\n');
    expect(lines(f)).toEqual([4, 5, 6]);
    expect(f.every((x) => x.severity === 'MEDIUM' && x.message.includes('ignores'))).toBe(true);
  });

  it('does not report ordinary networks or pid: other values', async () => {
    const f = await lint('services:\n  a:\n    image: a:1\n    pid: "service:b"\n    networks: [n]\nnetworks:\n  n:\n    external: true\n');
    expect(f).toEqual([]);
  });
});
