import { describe, expect, it } from 'vitest';
import { lines, lintWith } from '../helpers.js';

const STACK = `services:
  a:
    image: a:1
    ports:
      - "8080:80"
      - "127.0.0.1:9000:9000/udp"
      - target: 443
        published: 8443
        mode: host
      - target: 53
        protocol: udp
`;

describe('port-ingress-published / port-host-mode', () => {
  it('reports ingress ports (default mode) with the ignored host IP', async () => {
    const f = await lintWith('port-ingress-published', STACK);
    expect(lines(f)).toEqual([5, 6, 10]);
    expect(f[1]?.message).toContain('127.0.0.1 is ignored');
    expect(f[2]?.message).toContain('(random)');
  });

  it('reports host-mode ports separately, as INFO', async () => {
    const f = await lintWith('port-host-mode', STACK);
    expect(lines(f)).toEqual([7]);
    expect(f[0]?.severity).toBe('INFO');
  });

  it('reports a short-syntax range once, at its own line, and the items after it at theirs', async () => {
    const f = await lintWith('port-ingress-published', 'services:\n  a:\n    image: a:1\n    ports:\n      - "8000-8002:80-82"\n      - "9000:90"\n');
    expect(lines(f)).toEqual([5, 6]);
    expect(f[0]?.message).toContain('8000-8002->80-82/tcp');
  });

  it('reports nothing without ports', async () => {
    expect(await lintWith('port-ingress-published', 'services:\n  a:\n    image: a:1\n')).toEqual([]);
  });
});
