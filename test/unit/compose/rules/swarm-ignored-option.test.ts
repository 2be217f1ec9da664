import { expect, it } from 'vitest';
import { lines } from '../helpers.js';
import { describeRule, SERVICE_A } from './rule-test.js';

describeRule('swarm-ignored-option', (lint) => {
  it('reports every key docker stack deploy ignores, at its line', async () => {
    const f = await lint(`${SERVICE_A}
    privileged: true
    security_opt: [no-new-privileges:true]
    devices: [/dev/fuse]
    restart: always
    network_mode: bridge
    container_name: a
    cap_add: [CHOWN]
    sysctls: {net.core.somaxconn: 1024}
    read_only: true
`);
    expect(lines(f)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(f.map((x) => x.evidence?.key)).toEqual(['privileged', 'security_opt', 'devices', 'restart', 'network_mode', 'container_name']);
    expect(f[0]?.severity).toBe('MEDIUM');
    expect(f[3]?.severity).toBe('LOW');
  });

  it('does not report privileged: false or supported keys', async () => {
    const f = await lint('services:\n  a:\n    image: a:1\n    privileged: false\n    cap_drop: [ALL]\n    ulimits: {nofile: 1024}\n');
    expect(f).toEqual([]);
  });
});
