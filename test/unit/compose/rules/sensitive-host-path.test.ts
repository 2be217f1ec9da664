import { expect, it } from 'vitest';
import { sensitiveHostRoot as sensitiveRoot } from '../../../../src/security/host-path.js';
import { lines } from '../helpers.js';
import { describeRule, SERVICE_A } from './rule-test.js';

describeRule('sensitive-host-path', (lint) => {
  it('knows which paths are sensitive', () => {
    expect(sensitiveRoot('/')).toBe('/');
    expect(sensitiveRoot('/etc/')).toBe('/etc');
    expect(sensitiveRoot('/etc/ssl/certs')).toBe('/etc');
    expect(sensitiveRoot('/var/lib/docker/volumes')).toBe('/var/lib/docker');
    expect(sensitiveRoot('/proc')).toBe('/proc');
    expect(sensitiveRoot('/srv/app')).toBeUndefined();
    expect(sensitiveRoot('/etcetera')).toBeUndefined();
    expect(sensitiveRoot('/data/../etc')).toBe('/etc');
  });

  it('reports binds of sensitive paths, read-only ones at MEDIUM', async () => {
    const f = await lint(`${SERVICE_A}
    volumes:
      - /:/host
      - /etc:/host-etc:ro
      - type: bind
        source: /var/lib/docker
        target: /docker
      - /srv/data:/data
      - /etc/localtime:/etc/localtime:ro
      - /var/run/docker.sock:/var/run/docker.sock
`);
    expect(lines(f)).toEqual([5, 6, 7]);
    expect(f.map((x) => x.severity)).toEqual(['HIGH', 'MEDIUM', 'HIGH']);
  });
});
