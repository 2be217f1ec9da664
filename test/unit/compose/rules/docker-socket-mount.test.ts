import { expect, it } from 'vitest';
import { lines } from '../helpers.js';
import { describeRule } from './rule-test.js';

describeRule('docker-socket-mount', (lint) => {
  it('reports short and long syntax socket mounts, read-only too', async () => {
    const f = await lint(`services:
  agent:
    image: agent:1
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - type: bind
        source: /run/docker.sock
        target: /docker.sock
      - /var/run:/host-run
`);
    expect(lines(f)).toEqual([5, 6, 9]);
    expect(f[0]?.severity).toBe('CRITICAL');
    expect(f[0]?.evidence?.readOnly).toBe(true);
  });

  it('ignores named volumes and other binds', async () => {
    const f = await lint('services:\n  a:\n    image: a:1\n    volumes:\n      - data:/var/run/docker.sock\n      - ./conf:/etc/app\nvolumes:\n  data: {}\n');
    expect(f).toEqual([]);
  });
});
